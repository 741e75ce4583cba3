import Foundation

/// The questions the tools ask of a path, in one place.
public enum FileSystem {
    /// Whether `path` is an existing folder (a symbolic link to one counts).
    public static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
