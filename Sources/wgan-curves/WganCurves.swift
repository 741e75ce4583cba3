import ArgumentParser
import CLISupport
import Foundation
import IO
import WGAN

@main
struct WganCurves: Command {
    static let usesKernels = false
    static let configuration = CommandConfiguration(
        commandName: "wgan-curves",
        abstract:
            "Draw the training curves (Wasserstein estimate, losses, penalty) of a run, checkpoint or generator file as a PNG."
    )

    @Argument(help: ArgumentHelp("Run folder, checkpoint or generator file with its history.", valueName: "model"))
    var source: ModelPath
    @Option(help: ArgumentHelp("PNG to write.", valueName: "file")) var out = "curves.png"
    @Flag(help: "Replace an existing HDF5 file at --out (never the source).") var force = false

    func run() throws {
        try OutputGuard.check(out, inputs: [source.file], force: force)
        let g = try ModelOptions.load(source)
        guard !g.history.isEmpty else { throw IOError(g.path, "holds no training history (/history)") }
        try makeFolder(holding: out)
        try PNG.write(TrainingRun.curves(g.history), to: out)
        Console.info("wrote the curves of \(g.history.count) steps to \(out)")
    }
}
