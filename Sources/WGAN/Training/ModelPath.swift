import Foundation
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

extension RunFolder {
    /// What a folder holds, sorted into the parts of a run and everything else.
    public struct Contents: Sendable {
        /// Parts of a run, as paths inside the folder: checkpoint.h5, checkpoints/step-N.h5, log.csv,
        /// samples/step-N.png, curves.png, the two subfolders, temporary files of a writer.
        public var runParts: [String] = []
        /// Anything else: the user's files.
        public var others: [String] = []
        public var isEmpty: Bool { runParts.isEmpty && others.isEmpty }
    }

    static let runFiles: Set<String> = ["checkpoint.h5", "log.csv", "curves.png"]
    static let stepFiles: [String: String] = ["checkpoints": ".h5", "samples": ".png"]

    /// The folder's contents (empty when it does not exist).
    public var contents: Contents {
        var c = Contents()
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
            if Self.runFiles.contains(name) || (name.hasPrefix(".") && name.hasSuffix(".tmp")) {
                c.runParts.append(name)
            } else if let ext = Self.stepFiles[name], FileSystem.isDirectory(path + "/" + name) {
                c.runParts.append(name + "/")
                for inner in ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + name)) ?? []).sorted()
                {
                    let isStep = inner.hasPrefix("step-") && inner.hasSuffix(ext)
                    let isTemporary = inner.hasPrefix(".") && inner.hasSuffix(".tmp")
                    if isStep || isTemporary {
                        c.runParts.append(name + "/" + inner)
                    } else {
                        c.others.append(name + "/" + inner)
                    }
                }
            } else {
                c.others.append(name)
            }
        }
        return c
    }

    /// Why a new run may not start here without `--force`, or nil: a run writes into a new or empty
    /// folder. A folder holding any part of a run (kept checkpoints, a log, samples: a run whose
    /// checkpoint.h5 was moved away too) or anyone's files is refused.
    public func refusalForNewRun(resumeHint: String) -> String? {
        let c = contents
        func listed(_ names: [String]) -> String {
            names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        }
        if holdsRun {
            return
                "already holds a run (\(checkpoint)): continue it with `\(resumeHint)`, or pass --force to start over"
        }
        let steps = c.runParts.filter { !$0.hasSuffix("/") }
        if !steps.isEmpty {
            return
                "holds parts of a run (\(listed(steps))) but no checkpoint.h5: choose a new folder, or pass --force to start over"
        }
        if !c.others.isEmpty {
            return
                "holds files that are not part of a run (\(listed(c.others))): choose a new or empty folder, or pass --force to write beside them"
        }
        return nil
    }

    /// Removes what an earlier run left (its checkpoints, kept checkpoints, log, samples, curves), so
    /// that a run started over with `--force` does not mix with it; other files stay.
    public func removeEarlierRun() throws {
        for part in contents.runParts where !part.hasSuffix("/") {
            let p = path + "/" + part
            guard unlink(p) == 0 || errno == ENOENT else {
                throw IOError(p, "cannot remove (\(String(cString: strerror(errno))))")
            }
        }
    }
}
