import IO

/// A model as a user names it: a run folder (which stands for its `checkpoint.h5`), a checkpoint or
/// a generator file. The one place that knows how a run folder and its checkpoints are laid out.
public struct ModelPath: Equatable, Sendable, CustomStringConvertible {
    /// The path as given.
    public let given: String

    public init(_ given: String) { self.given = given }

    public var description: String { given }

    /// Whether the path is a folder (then a run folder).
    public var isRunFolder: Bool { FileSystem.isDirectory(given) }

    /// The file to read: `RUN/checkpoint.h5` for a run folder, else the path.
    public var file: String { isRunFolder ? RunFolder(given).checkpoint : given }

    /// The run folder the file belongs to: the folder given, the folder of `RUN/checkpoint.h5` or of
    /// `RUN/checkpoints/step-N.h5`; nil for any other file.
    public var runFolder: RunFolder? {
        if isRunFolder { return RunFolder(given) }
        let parts = given.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let parent = parts.dropLast().joined(separator: "/")
        if parts.last == "checkpoint.h5" { return RunFolder(parent.isEmpty ? "." : parent) }
        if parts.dropLast().last == "checkpoints" {
            let run = parts.dropLast(2).joined(separator: "/")
            return RunFolder(run.isEmpty ? "." : run)
        }
        return nil
    }
}

/// A run folder and the names of its parts:
///   checkpoint.h5               the latest checkpoint (always readable: written atomically)
///   checkpoints/step-NNNNNN.h5  the last `keep` checkpoints
///   log.csv                     one line per generator iteration
///   samples/step-NNNNNN.png     8x8 grids from the fixed latent batch
///   curves.png                  Wasserstein estimate and losses over steps
public struct RunFolder: Equatable, Sendable, CustomStringConvertible {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var description: String { path }
    public var checkpoint: String { path + "/checkpoint.h5" }
    public var checkpoints: String { path + "/checkpoints" }
    public var samples: String { path + "/samples" }
    public var log: String { path + "/log.csv" }
    public var curves: String { path + "/curves.png" }

    public func keptCheckpoint(step: Int) -> String { checkpoints + "/" + stepName(step, "h5") }
    public func sampleGrid(step: Int) -> String { samples + "/" + stepName(step, "png") }

    private func stepName(_ step: Int, _ ext: String) -> String {
        "step-" + String(repeating: "0", count: max(0, 6 - String(step).count)) + String(step) + "." + ext
    }

    /// Whether the folder holds a run's latest checkpoint.
    public var holdsRun: Bool { FileSystem.exists(checkpoint) }
}
