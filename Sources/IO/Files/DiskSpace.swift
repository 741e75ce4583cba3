import Foundation

/// Free space on a file system, for refusing work that cannot be written and for naming a full disk.
public enum DiskSpace {
    /// Bytes an unprivileged writer may still use on the file system holding `path`.
    public static func free(_ path: String) -> Int? {
        var fs = statvfs()
        guard statvfs(path, &fs) == 0 else { return nil }
        return Int(fs.f_bavail) * Int(fs.f_frsize)
    }

    /// "312 KB", "4.2 MB", "1.5 GB" (powers of 1,000).
    public static func text(_ bytes: Double) -> String {
        for (unit, size) in [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)] where bytes >= size {
            return String(format: bytes >= 10 * size ? "%.0f %@" : "%.1f %@", bytes / size, unit)
        }
        return String(format: "%.0f bytes", bytes)
    }
}
