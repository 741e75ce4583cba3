import Foundation
import TestSupport
import XCTest

/// Runs the built executables (they sit beside the test bundle) from the repository root.
enum Binaries {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var products: URL {
        let arg0 = URL(
            fileURLWithPath: CommandLine.arguments[0],
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var dir = arg0.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wgan-train").path) && dir.path != "/"
        {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut = false
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    /// The kernel cache every tool of this test process uses (`XDG_CACHE_HOME`): filled once, by
    /// `wgan-bench --tune`, so that no test's output holds the one-time measuring line.
    static let kernelCache: String = {
        ScratchCleanup.registered
        let dir = NSTemporaryDirectory() + "wgan-cli-\(getpid())-kernel-cache"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = products.appendingPathComponent("wgan-bench")
        p.arguments = ["--tune"]
        p.environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": dir]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return dir
    }()

    /// A built tool, to be run from the repository root or from `folder`, with `environment` added
    /// to the test's own (and the test process's kernel cache unless `environment` names another).
    static func process(_ tool: String, _ args: [String], in folder: String? = nil, environment: [String: String] = [:])
        -> Process
    {
        let environment = ["XDG_CACHE_HOME": kernelCache].merging(environment) { $1 }
        let p = Process()
        p.executableURL = products.appendingPathComponent(tool)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: folder ?? root)
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        return p
    }

    /// The JSON object a tool printed with `--json`, after checking that it succeeded.
    static func json(_ r: Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout, file: file, line: line)
    }

    /// Runs `tool` from the repository root, or from `folder`.
    static func run(_ tool: String, _ args: [String], in folder: String? = nil, environment: [String: String] = [:])
        throws -> Result
    {
        let p = process(tool, args, in: folder, environment: environment)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs `tool` and fails the test unless it exits 0.
    @discardableResult
    static func succeed(
        _ tool: String, _ args: [String], in folder: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Result {
        let r = try run(tool, args, in: folder)
        XCTAssertEqual(r.status, 0, "\(tool) \(args.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        return r
    }

    /// Runs `tool` from the repository root, killing it after `seconds` (a hang); stderr through a
    /// file, so a child that never closes its pipes cannot block the test; stdout is dropped.
    static func runBounded(_ tool: String, _ args: [String], seconds: Double) throws -> Result {
        let p = process(tool, args)
        let errPath = NSTemporaryDirectory() + "wgan-cli-\(getpid())-bounded.err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? err.close(); try? FileManager.default.removeItem(atPath: errPath) }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        var timedOut = false
        if done.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            done.wait()
        }
        let text = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        let status = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
        return Result(status: status, stdout: "", stderr: text, timedOut: timedOut)
    }

    static func scratch(_ name: String) throws -> String {
        ScratchCleanup.registered
        let dir = NSTemporaryDirectory() + "wgan-cli-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Asserts a failure reported in one error line ("tool: error: ...", the last line) mentioning every one
    /// of `words`; other lines may only be progress notes ("tool: loading ..."), never a stack or trace.
    static func assertOneLineFailure(
        _ r: Result, mentioning words: [String], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertNotEqual(r.status, 0, "exit status 0: \(r.stderr)", file: file, line: line)
        let errors = r.stderrLines.filter { $0.contains(": error: ") }
        XCTAssertEqual(errors.count, 1, "not one error line:\n\(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderrLines.last, errors.first, file: file, line: line)
        XCTAssertTrue(
            r.stderrLines.allSatisfy { $0.hasPrefix("wgan-") }, "stray output:\n\(r.stderr)", file: file, line: line)
        XCTAssertLessThanOrEqual(r.stderrLines.count, 2, r.stderr, file: file, line: line)
        XCTAssertFalse(r.stderr.contains("HDF5-DIAG"), file: file, line: line)
        for w in words {
            XCTAssertTrue(
                errors.first?.contains(w) ?? false, "'\(r.stderr)' does not mention \(w)", file: file, line: line)
        }
    }
}
