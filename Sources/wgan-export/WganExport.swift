import ArgumentParser
import CLISupport
import Foundation
import IO
import NN
import WGAN

@main
struct WganExport: Command {
    static let usesKernels = false
    static let configuration = CommandConfiguration(
        commandName: "wgan-export",
        abstract:
            "Write just the generator (weights, batch-norm statistics, configuration, loss history) of a checkpoint to a small HDF5 file.",
        discussion: """
            With --training-state: the whole training state instead (both networks, the moving average, both \
            optimizers, counters, RNGs, history), compressed losslessly: a checkpoint to ship, which \
            `wgan-resume FILE --out DIR` continues exactly where the run stood.
            """)

    @Argument(help: ArgumentHelp("Checkpoint file or run folder.", valueName: "checkpoint")) var source: ModelPath
    @Option(help: ArgumentHelp("Generator file to write.", valueName: "file")) var out: String
    @Flag(help: "For runs trained with --ema: export the training weights instead of their moving average.")
    var trainingWeights = false
    @Option(
        help: ArgumentHelp(
            "Text stored as the 'evaluation' attribute (for example wgan-evaluate's figures).", valueName: "text"))
    var evaluation: String?
    @Flag(help: "Write the whole training state (a compressed checkpoint) instead of the generator.")
    var trainingState = false
    @Flag(
        help:
            "Replace an existing HDF5 file of another kind at --out (a training checkpoint, a classifier); never the source."
    ) var force = false

    func validate() throws {
        // An ONNX name on an HDF5 file would mislead every tool that opens it.
        if out.lowercased().hasSuffix(".onnx") {
            throw ValidationError("--out \(out): wgan-export writes HDF5 files (name them .h5); it does not write ONNX")
        }
    }

    func run() throws {
        let input = source.file
        if trainingState { return try exportState(input) }
        try OutputGuard.check(out, writes: GeneratorFile.format, inputs: [input], force: force)
        let g = try ModelOptions.load(source, average: !trainingWeights)
        var notes = [
            "trained_by":
                "wgan-train (\(g.config.loss.rawValue), \(g.config.architecture.rawValue)), exported from \(g.path)"
        ]
        if let weights = g.notes["weights"] { notes["weights"] = weights }
        if let evaluation { notes["evaluation"] = evaluation }
        try makeFolder(holding: out)
        try GeneratorFile.write(
            g.network, config: g.config, step: g.step, trainingSeconds: g.trainingSeconds, history: g.history,
            notes: notes, to: out)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        Console.info(
            String(
                format: "wrote the generator of %@ (step %d, %d parameters) to %@ (%.1f MB)", g.path, g.step,
                g.network.parameterCount, out, Double(size) / 1e6))
    }

    func exportState(_ input: String) throws {
        try OutputGuard.check(out, writes: Checkpoint.format, inputs: [input], force: force)
        let state = try Checkpoint.load(input)
        try makeFolder(holding: out)
        try Checkpoint.write(state, to: out, compressed: true)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        Console.info(
            String(
                format:
                    "wrote the training state of %@ (step %d) to %@ (%.1f MB, compressed); continue it with wgan-resume %@ --out DIR",
                input, state.step, out, Double(size) / 1e6, out))
    }
}
