import Engine
import Foundation

/// Where the project's bundled files are when a tool runs from another folder. In order: the path a
/// flag gives; `Data/mnist` and `Models/...` in the working folder; under `$WGAN_HOME` when set (for
/// copies of the executables kept elsewhere); in `PREFIX/share/wgan-swift` for executables installed
/// in `PREFIX/bin` by `scripts/install`; in the checkout the executable was built in (found by walking
/// up from `.build/release/wgan-x` to the folder holding `Package.swift` and `Models/`).
public enum Installation {
    /// The folder holding `Models/` and `Data/` for this executable, if it can be found.
    public static let root: String? = {
        if let home = EnvironmentVariable.home.value { return home }
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let bin = URL(fileURLWithPath: exe).deletingLastPathComponent()
        let share = bin.deletingLastPathComponent().appendingPathComponent("share/wgan-swift")
        if FileManager.default.fileExists(atPath: share.appendingPathComponent("Models").path) { return share.path }
        var dir = bin
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Models").path)
                && FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path)
            {
                return dir.path
            }
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
