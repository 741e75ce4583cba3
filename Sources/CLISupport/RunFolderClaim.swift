import ArgumentParser
import IO
import WGAN

/// Taking a run folder before writing into it: one process at a time (`FolderLock`), and only a new
/// or empty folder, or the run's own, unless the user says `--force`.
public enum RunFolderClaim {
    /// For a new run (`wgan-train`, a branch): a folder holding a run, part of one or anyone's files
    /// is refused without `force`. Read-only: nothing is written.
    public static func checkNew(_ folder: RunFolder, force: Bool, resumeHint: String) throws {
        if FileSystem.exists(folder.path) && !FileSystem.isDirectory(folder.path) {
            throw IOError(folder.path, "exists and is not a folder")
        }
        if !force, let refusal = folder.refusalForNewRun(resumeHint: resumeHint) {
            try FolderLock.refuseIfHeld(folder.path)  // a live run's first files: say whose
            throw ValidationError("\(folder) \(refusal)")
        }
    }

    /// Creates the folder, takes its lock, checks again (another process may have written it since
    /// the first look) and, with `force`, removes an earlier run's files.
    public static func claimNew(_ folder: RunFolder, force: Bool, resumeHint: String) throws {
        try checkNew(folder, force: force, resumeHint: resumeHint)
        try makeFolder(folder.path)
        try FolderLock.acquire(folder.path)
        try checkNew(folder, force: force, resumeHint: resumeHint)
        if force { try folder.removeEarlierRun() }
    }

    /// For a run continued in `folder`: its own run folder (holding `checkpoint`), or a new or empty one.
    public static func claimContinuation(_ folder: RunFolder, of checkpoint: String, force: Bool) throws {
        if FileSystem.exists(folder.path) && !FileSystem.isDirectory(folder.path) {
            throw IOError(folder.path, "exists and is not a folder")
        }
        try makeFolder(folder.path)
        try FolderLock.acquire(folder.path)
        if folder.holdsRun {
            guard
                OutputGuard.sameFile(folder.checkpoint, checkpoint)
                    || ModelPath(checkpoint).runFolder.map({ same($0, folder) }) == true
            else {
                throw IOError(
                    folder.path, "already holds another run (\(folder.checkpoint)); choose a new folder for --out")
            }
            return
        }
        // its own folder (resuming a kept checkpoint)
        if ModelPath(checkpoint).runFolder.map({ same($0, folder) }) == true { return }
        let c = folder.contents
        if !force && !(c.runParts.allSatisfy { $0.hasSuffix("/") } && c.others.isEmpty) {
            let names = (c.runParts.filter { !$0.hasSuffix("/") } + c.others).prefix(3).joined(separator: ", ")
            throw ValidationError(
                "\(folder) holds files that are not part of this run (\(names)): choose a new or empty folder, or pass --force to write beside them"
            )
        }
    }

    static func same(_ a: RunFolder, _ b: RunFolder) -> Bool {
        OutputGuard.sameFile(a.path, b.path)
    }
}
