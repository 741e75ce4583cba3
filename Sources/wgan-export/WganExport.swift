import ArgumentParser
import CLISupport
import Foundation
import IO
import NN
import ONNX
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

            With --onnx FILE: the generator as an ONNX model (opset 21) that ONNX Runtime and other \
            ONNX tools run: input z (float32, N x latent size) and, for conditional and code models, \
            label (int64, N: the class or code value); output image (float32, N x channels x 28 x 28, \
            in [0, 1]).
            """)

    @Argument(help: ArgumentHelp("Checkpoint file or run folder.", valueName: "checkpoint")) var source: ModelPath
    @Option(help: ArgumentHelp("Generator file (HDF5) to write.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("ONNX model to write instead of an HDF5 file.", valueName: "file")) var onnx: String?
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
        switch (out, onnx) {
        case (nil, nil): throw ValidationError("say what to write: --out FILE.h5 or --onnx FILE.onnx")
        case (.some, .some): throw ValidationError("--out and --onnx: one file at a time")
        case (let out?, nil):
            // An ONNX name on an HDF5 file would mislead every tool that opens it.
            if out.lowercased().hasSuffix(".onnx") {
                throw ValidationError(
                    "--out \(out): --out writes HDF5 files (name them .h5); for an ONNX model use --onnx \(out)")
            }
        case (nil, let onnx?):
            if !onnx.lowercased().hasSuffix(".onnx") { throw ValidationError("--onnx \(onnx): name the file .onnx") }
            if trainingState { throw ValidationError("--onnx writes the generator; --training-state needs --out") }
            if evaluation != nil { throw ValidationError("--evaluation is stored in HDF5 generator files (--out)") }
        }
    }

    func run() throws {
        let input = source.file
        if let onnx { return try exportONNX(input, to: onnx) }
        let out = out!
        if trainingState { return try exportState(input, to: out) }
        try OutputGuard.check(out, writes: GeneratorFile.format, inputs: [input], force: force)
        let g = try ModelOptions.load(source, average: !trainingWeights)
        var notes = [
            "trained_by":
                "wgan-train (\(g.config.loss.rawValue), \(g.config.architecture.rawValue)), exported from \(g.path)"
        ]
        // a generator file re-exported keeps its own account and figures
        for key in ["trained_by", "weights", "evaluation", "time_to_quality"] {
            if let v = g.notes[key] { notes[key] = v }
        }
        if let evaluation { notes["evaluation"] = evaluation }
        notes.merge(try codeNames(g)) { $1 }
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

    /// For a model with a code: the digit of each value (measured, unless the file names them) as notes.
    func codeNames(_ g: LoadedGenerator) throws -> [String: String] {
        guard g.codes > 0 else { return [:] }
        if let digits = g.codeDigits, let purities = g.codePurities {
            return LoadedGenerator.codeNotes(digits: digits, purities: purities)
        }
        Console.info("naming the code: \(CodeNaming.samples) samples through the bundled classifier")
        let (digits, purities) = try CodeNaming.measure(g)
        Console.info(
            "code values 0-\(g.codes - 1) make the digits "
                + zip(digits, purities).map { String(format: "%d (%.2f)", $0, $1) }.joined(separator: ", "))
        return LoadedGenerator.codeNotes(digits: digits, purities: purities)
    }

    func exportONNX(_ input: String, to path: String) throws {
        try OutputGuard.check(path, inputs: [input], force: force)
        if OutputGuard.isHDF5(path) && !force {
            throw IOError(
                path, "is an HDF5 file; refusing to replace it with an ONNX model (pass --force to replace it)")
        }
        let g = try ModelOptions.load(source, average: !trainingWeights)
        let c = g.config
        let spec = g.network.spec
        let named = try codeNames(g)["code_digits"]
        let label =
            spec.classes > 0
            ? "label (int64, N): the class, 0-\(spec.classes - 1)"
            : spec.codes > 0
                ? "label (int64, N): the code value, 0-\(spec.codes - 1)"
                    + (named.map { "; the digits the values make, in order: \($0)" } ?? "") : "no label input"
        let doc = """
            wgan-swift generator: \(c.loss.rawValue), architecture \(c.architecture.rawValue), \(c.dataset.rawValue), \
            step \(g.step), exported from \(g.path). Inputs: z (float32, N x \(g.network.latentDim), standard normal); \
            \(label). Output: image (float32, N x \(spec.channels) x 28 x 28, in [0, 1]; x 255 and rounded, the PNG \
            bytes of wgan-sample).
            """
        let metadata: [(String, String)] =
            [
                ("architecture", c.architecture.rawValue), ("loss", c.loss.rawValue), ("dataset", c.dataset.rawValue),
                ("step", "\(g.step)"), ("latent_size", "\(g.network.latentDim)"), ("classes", "\(spec.classes)"),
                ("codes", "\(spec.codes)"),
            ] + (named.map { [("code_digits", $0)] } ?? [])
        let data: Data
        do {
            data = try GeneratorONNX.serialized(g.network, doc: doc, metadata: metadata)
        } catch let e as GeneratorONNX.Unsupported {
            throw IOError(g.path, e.description)
        }
        try makeFolder(holding: path)
        try AtomicFile.write(data, to: path)
        Console.info(
            String(
                format: "wrote the generator of %@ (step %d, %d parameters) to %@ as ONNX (opset %d, %.1f MB)", g.path,
                g.step, g.network.parameterCount, path, Int(ONNXGraph.opset), Double(data.count) / 1e6))
    }

    func exportState(_ input: String, to out: String) throws {
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
