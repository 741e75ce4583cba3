import Foundation
import ArgumentParser
import Engine
import IO
import WGAN

/// --data: where the MNIST files are.
public struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("Folder holding the four MNIST .gz files and SHA256SUMS.", valueName: "dir"))
    public var directory: String = MNIST.defaultDirectory

    public init() {}

    /// The folder to read: the default is looked for in the working folder, then in the checkout.
    public var resolved: String { directory == MNIST.defaultDirectory ? Installation.locate(directory) : directory }

    public func load() throws -> MNIST {
        Console.info("loading MNIST from \(resolved)")
        return try MNIST.load(from: resolved)
    }
}

/// How long to train and how often to write: shared by wgan-train and wgan-resume.
public struct ScheduleOptions: ParsableArguments {
    @Option(help: "Total generator iterations of the run.") public var steps: Int?
    @Option(help: "Write a checkpoint every N generator iterations.") public var checkpointEvery: Int?
    @Option(help: "Write a sample grid and the curves every N generator iterations.") public var sampleEvery: Int?
    @Option(help: "Keep the last N checkpoints under checkpoints/.") public var keep: Int?
    @Option(
        help: ArgumentHelp(
            "From generator step S on, lower the learning rate linearly to zero at the last step (--steps).",
            valueName: "S"))
    public var lrDecayFrom: Int?

    public init() {}

    /// Sets the given fields.
    public func apply(to c: inout TrainingConfig) {
        if let steps { c.steps = steps }
        if let checkpointEvery { c.checkpointEvery = checkpointEvery }
        if let sampleEvery { c.sampleEvery = sampleEvery }
        if let keep { c.keep = keep }
        if let lrDecayFrom { c.decayStart = lrDecayFrom }
    }
}
