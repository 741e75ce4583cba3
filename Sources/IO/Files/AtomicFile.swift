import Foundation

/// Writes files so that a reader (or a crash) only ever sees the old or the new content:
/// write to a temporary file in the same folder, fsync it, rename it over the target, fsync the folder.
public enum AtomicFile {
    /// A temporary path beside `path`, unique to this process.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String, durable: Bool = true) throws {
        try write(to: path, durable: durable) { tmp in
            guard FileManager.default.createFile(atPath: tmp, contents: data) else {
                throw IOError(path, "cannot write (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Lets `produce` write a temporary file, then syncs it and renames it over `path`.
    /// On any error the temporary file is removed and `path` is left as it was.
    /// `durable: false` skips the fsyncs: still atomic for readers and crashes of the process, not
    /// across a power cut; for bulk images, where one fsync per file would dominate.
    public static func write(to path: String, durable: Bool = true, _ produce: (String) throws -> Void) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileSystem.isDirectory(dir) else {
            throw IOError(path, "folder \(dir) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: dir) else {
            throw IOError(path, "folder \(dir) is not writable")
        }
        try checkReplaceable(path)
        let tmp = temporaryPath(for: path)
        do {
            try produce(tmp)
            // Libraries create files with modes of their own (giflib: 0600); give the usual one.
            let mask = umask(0)
            umask(mask)
            chmod(tmp, 0o666 & ~mask)
            if durable { try sync(tmp) }
            guard rename(tmp, path) == 0 else {
                throw IOError(path, "cannot rename into place (\(String(cString: strerror(errno))))")
            }
            if durable { try? sync(dir) }
        } catch {
            // Libraries report a full disk as a failed write of some part; say what it was, of the file
            // the user asked for (the temporary one is gone). Measured before the partial file goes.
            let full = DiskSpace.free(dir).map { $0 < 1 << 20 } ?? false
            unlink(tmp)
            let problem =
                (error as? IOError).map { $0.path == tmp || $0.path == path ? $0.problem : "\($0)" } ?? "\(error)"
            if full { throw IOError(path, "no space left on device (\(problem))") }
            if let e = error as? IOError, e.path == tmp { throw IOError(path, e.problem) }
            throw error
        }
    }

    /// An existing `path` must be a regular file (or a link to one): a rename would otherwise replace
    /// a device, a folder or a pipe with a file.
    public static func checkReplaceable(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }  // nothing there yet
        var target = st
        if (st.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &target) == 0 else { return }  // a dangling link: the rename replaces the link
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw IOError(path, "is a folder; refusing to replace it with a file")
        case S_IFCHR, S_IFBLK: throw IOError(path, "is a device, not a regular file; refusing to replace it")
        default: throw IOError(path, "is not a regular file; refusing to replace it")
        }
    }

    /// Removes this project's temporary files (`.NAME.PID.tmp`) in `dir` whose process is gone: what a
    /// killed writer leaves behind. Files of live processes (another run writing) are left alone.
    /// Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(in dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            guard let last = parts.last, let pid = Int32(last), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // that process still runs
            if unlink(dir + "/" + name) == 0 { removed.append(dir + "/" + name) }
        }
        return removed
    }

    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IOError(path, "cannot open to sync (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IOError(path, "fsync failed (\(String(cString: strerror(errno))))") }
    }
}
