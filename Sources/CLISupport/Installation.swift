import Foundation

/// Where the project's bundled files are when a tool runs from another folder: the tools look for
/// `Data/mnist` and `Models/...` in the working folder first, then in the checkout they were built in
/// (found by walking up from the executable, `.build/release/wgan-x`, to the folder holding `Models/`),
/// or in `$WGAN_HOME` when set (for copies of the executables kept elsewhere).
public enum Installation {
    /// The checkout the running executable was built in, if it can be found.
    public static let root: String? = {
        if let home = ProcessInfo.processInfo.environment["WGAN_HOME"], !home.isEmpty { return home }
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Models").path)
                && FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// A default path (relative to the checkout): as given when it exists from the working folder,
    /// otherwise under `root` when it exists there, otherwise as given (so errors name what was looked for).
    public static func locate(_ relative: String) -> String {
        if relative.hasPrefix("/") || FileManager.default.fileExists(atPath: relative) { return relative }
        if let root, FileManager.default.fileExists(atPath: root + "/" + relative) { return root + "/" + relative }
        return relative
    }
}
