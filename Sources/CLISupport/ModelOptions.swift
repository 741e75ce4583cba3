import ArgumentParser
import Foundation
import IO
import WGAN

extension Latents.Mode: ExpressibleByArgument {}

/// --model: a training checkpoint, a run folder or a generator file; the bundled model by default.
public struct ModelOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Checkpoint, run folder or generator file (default: \(GeneratorFile.bundled)).", valueName: "path"))
    public var model: ModelPath?
    @Flag(
        help:
            "For checkpoints of runs trained with --ema: the generator's training weights instead of their moving average."
    )
    public var trainingWeights = false

    public init() {}

    /// The file read: --model (a run folder stands for its checkpoint.h5), or the bundled generator.
    public var path: String { (model ?? ModelPath(Installation.locate(GeneratorFile.bundled))).file }

    public func load() throws -> LoadedGenerator {
        if model == nil && !FileManager.default.fileExists(atPath: path) {
            throw ValidationError(
                "no --model given and no bundled model at \(GeneratorFile.bundled): pass --model runs/NAME (or a checkpoint file)"
            )
        }
        return try GeneratorFile.load(path, average: !trainingWeights)
    }

    /// A run folder stands for its checkpoint.h5.
    public static func load(_ model: ModelPath, average: Bool = true) throws -> LoadedGenerator {
        try GeneratorFile.load(model.file, average: average)
    }
}

/// Parses "3,17,42" into integers.
public func parseList<T: LosslessStringConvertible>(_ text: String, _ flag: String) throws -> [T] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
    }
    let values = items.compactMap { T($0) }
    guard !items.isEmpty, values.count == items.count else {
        throw ValidationError("\(flag) expects a comma-separated list of numbers, got '\(text)'")
    }
    return values
}

/// Creates the folder that will hold `file` (and its parents).
public func makeFolder(holding file: String) throws {
    try makeFolder(URL(fileURLWithPath: file).deletingLastPathComponent().path)
}

/// Creates `dir` (and parents), reporting failure in one line: the part of the path that is a file,
/// or the system's reason.
public func makeFolder(_ dir: String) throws {
    if FileSystem.exists(dir) {
        guard FileSystem.isDirectory(dir) else { throw IOError(dir, "is a file, not a folder") }
    } else {
        let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        if parent != dir && !parent.isEmpty { try makeFolder(parent) }
        guard mkdir(dir, 0o777) == 0 || errno == EEXIST else {
            throw IOError(dir, "cannot create folder (\(String(cString: strerror(errno))))")
        }
    }
    guard FileManager.default.isWritableFile(atPath: dir) else { throw IOError(dir, "folder is not writable") }
}
