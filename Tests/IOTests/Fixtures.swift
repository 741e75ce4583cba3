import Foundation
import TestSupport

/// Paths for tests: the repository root (found from this file) and fresh scratch folders.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static var mnist: String { root + "/Data/mnist" }

    static func scratch(_ name: String = #function) throws -> String {
        ScratchCleanup.registered
        let dir = NSTemporaryDirectory() + "wgan-tests-\(getpid())-\(name.filter { $0.isLetter || $0.isNumber })"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
