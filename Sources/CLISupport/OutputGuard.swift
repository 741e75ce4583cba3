import Foundation
import IO

/// What a command's output may replace (issue: never clobber).
///
/// - an existing output must be a regular file (never a device, a folder or a pipe);
/// - it is never one of the command's own inputs (the model, the latent file, ...);
/// - an HDF5 file (a training checkpoint, a classifier, anyone's data) is replaced only by a file of
///   the same wgan-swift kind, or with `--force`.
public enum OutputGuard {
    /// Checks `path` before anything is written; `kind` is the wgan-swift format written there (nil for PNG, GIF, text).
    public static func check(_ path: String, writes kind: String? = nil, inputs: [String] = [], force: Bool = false)
        throws
    {
        try AtomicFile.checkReplaceable(path)
        guard let out = identity(path) else { return }  // nothing there yet
        for input in inputs where identity(input) == out {
            throw IOError(path, "is an input of this command (\(input)); refusing to overwrite it")
        }
        guard isHDF5(path) else { return }
        let found = (try? HDF5File.open(path)).flatMap { f in
            f.hasAttribute("format") ? try? f.stringAttribute("format") : nil
        }
        if let kind, found == kind { return }
        if force { return }
        let what = found.map { "a \($0) file" } ?? "an HDF5 file"
        throw IOError(
            path,
            "is \(what); refusing to replace it with \(kind.map { "a \($0) file" } ?? "this output") (pass --force to replace it)"
        )
    }

    /// Checks every file a folder output will write, and the folder itself.
    public static func checkFolder(_ dir: String) throws {
        if FileSystem.exists(dir), !FileSystem.isDirectory(dir) {
            throw IOError(dir, "exists and is not a folder")
        }
    }

    /// Whether `a` and `b` name the same existing file.
    public static func sameFile(_ a: String, _ b: String) -> Bool { identity(a).map { $0 == identity(b) } ?? false }

    /// (device, inode) of the file `path` names, following links; nil when there is none.
    static func identity(_ path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    public static func isHDF5(_ path: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        return (try? h.read(upToCount: 8)) == Data([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])
    }
}
