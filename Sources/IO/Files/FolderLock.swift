import Foundation
import Glibc

/// One process at a time owns a run folder: an advisory lock (flock) on the folder itself, held
/// until the process ends, when the kernel releases it, so a `kill -9` leaves nothing to clean and
/// no file is written to take it.
public enum FolderLock {
    /// The descriptors of the folders this process holds, kept open for its lifetime.
    nonisolated(unsafe) private static var held: [String: Int32] = [:]
    private static let mutex = NSLock()

    /// Takes the lock of `dir` (an existing folder) for the rest of the process, or throws one line
    /// naming the process that holds it. Taking a folder this process holds already does nothing.
    public static func acquire(_ dir: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        let key = URL(fileURLWithPath: dir).standardizedFileURL.path
        if held[key] != nil { return }
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(dir, "cannot open the folder (\(String(cString: strerror(errno))))") }
        do { try lock(fd, dir) } catch {
            close(fd)
            throw error
        }
        held[key] = fd
    }

    /// Throws the same line as `acquire` when another process holds `dir`, and takes nothing. A
    /// look at a folder's contents that finds part of a run asks this first: the part may be a
    /// live run's first files.
    public static func refuseIfHeld(_ dir: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        if held[URL(fileURLWithPath: dir).standardizedFileURL.path] != nil { return }
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        try lock(fd, dir)
        flock(fd, LOCK_UN)
    }

    /// flock without waiting, or one line naming the holder.
    private static func lock(_ fd: Int32, _ dir: String) throws {
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            var st = stat()
            let holder = fstat(fd, &st) == 0 ? Self.holder(inode: UInt64(st.st_ino)) : nil
            guard reason == EWOULDBLOCK else {
                throw IOError(dir, "cannot lock the folder (\(String(cString: strerror(reason))))")
            }
            let who = holder.map { "process \($0.pid)" + ($0.name.map { " (\($0))" } ?? "") } ?? "another process"
            throw IOError(
                dir, "is in use by \(who): one run at a time writes a run folder; wait for it to end or stop it")
        }
    }

    /// The process holding an flock on the inode, from /proc/locks, with its name.
    static func holder(inode: UInt64) -> (pid: Int, name: String?)? {
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            // "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1835043 0 EOF"
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1] == "FLOCK", let pid = Int(f[4]),
                f[5].split(separator: ":").last.flatMap({ UInt64($0) }) == inode,
                pid != Int(getpid())
            else { continue }
            let name = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?
                .split(separator: "\0").prefix(3).joined(separator: " ")
            return (pid, name.flatMap { $0.isEmpty ? nil : $0 })
        }
        return nil
    }
}
