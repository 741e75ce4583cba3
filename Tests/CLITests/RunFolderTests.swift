import Foundation
import IO
import XCTest

/// A run folder has one owner at a time, and a run writes only into a new or empty folder or its own.
final class RunFolderTests: XCTestCase {
    let short = ["--arch", "mlp", "--batch-size", "8", "--n-critic", "1", "--sample-every", "1000"]

    func collect(_ p: Process) -> (status: Int32, stderr: String) {
        let err = (p.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: err, as: UTF8.self))
    }

    func started(_ tool: String, _ args: [String]) throws -> Process {
        let p = Binaries.process(tool, args)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = Pipe()
        try p.run()
        return p
    }

    /// Two trainings started together into one folder: one trains, the other is refused in one line
    /// naming the process that holds the folder (or, if it came late, the run it left).
    func testTwoRunsStartedTogetherDoNotShareAFolder() throws {
        let dir = try Binaries.scratch("together") + "/run"
        let a = try started(
            "wgan-train", ["--out", dir, "--steps", "40", "--checkpoint-every", "1", "--seed", "1"] + short)
        let b = try started(
            "wgan-train", ["--out", dir, "--steps", "40", "--checkpoint-every", "1", "--seed", "2"] + short)
        let results = [collect(a), collect(b)]
        XCTAssertEqual(results.filter { $0.status == 0 }.count, 1, results.map(\.stderr).joined(separator: "\n---\n"))
        let refused = try XCTUnwrap(results.first { $0.status != 0 })
        XCTAssertTrue(
            refused.stderr.contains("is in use by process") || refused.stderr.contains("already holds a run"),
            refused.stderr)
        let log = try String(contentsOfFile: dir + "/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.count, 41)
    }

    /// While a run trains, a resume or a second training into its folder is refused, naming the
    /// process, and nothing in the folder changes; once it ends, the folder is free again.
    func testARunningFolderIsRefusedNamingItsProcess() throws {
        let dir = try Binaries.scratch("held") + "/run"
        let p = try started("wgan-train", ["--out", dir, "--steps", "100000", "--checkpoint-every", "1"] + short)
        let end = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: dir + "/checkpoint.h5") && Date() < end { usleep(20_000) }
        for (tool, args) in [
            ("wgan-resume", [dir, "--steps", "80"]), ("wgan-resume", [dir, "--steps", "40", "--lr-decay-from", "20"]),
            ("wgan-train", ["--out", dir, "--force", "--steps", "5"] + short),
        ] {
            let r = try Binaries.run(tool, args)
            Binaries.assertOneLineFailure(r, mentioning: ["is in use by process \(p.processIdentifier)", "wgan-train"])
        }
        p.interrupt()
        XCTAssertEqual(collect(p).status, 130)
        let r = try Binaries.run("wgan-resume", [dir, "--steps", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// A folder holding someone's files, or part of a run whose checkpoint.h5 was moved away, is not
    /// written without --force: nothing in it changes.
    func testFoldersThatAreNotNewOrTheRunsOwnAreRefused() throws {
        let base = try Binaries.scratch("foreign")
        let source = base + "/source"
        XCTAssertEqual(
            try Binaries.run(
                "wgan-train", ["--out", source, "--steps", "2", "--checkpoint-every", "1", "--keep", "2"] + short
            ).status, 0)
        let mine = base + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        let files = ["notes.txt": "my notes", "log.csv": "a,b\n1,2\n", "curves.png": "not yet"]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: mine + "/" + name)) }
        func unchanged() throws {
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mine).sorted(), files.keys.sorted())
            for (name, text) in files {
                XCTAssertEqual(try String(contentsOfFile: mine + "/" + name, encoding: .utf8), text)
            }
        }
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", mine, "--steps", "1"] + short), mentioning: [mine, "--force"])
        try unchanged()
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [source + "/checkpoint.h5", "--out", mine, "--steps", "5"]),
            mentioning: [mine, "--force"])
        try unchanged()
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [source, "--branch", "--out", mine, "--steps", "5"]),
            mentioning: [mine, "--force"])
        try unchanged()

        // A run whose checkpoint.h5 was moved away is still a run: its kept checkpoints stay.
        let moved = base + "/moved"
        try FileManager.default.copyItem(atPath: source, toPath: moved)
        try FileManager.default.moveItem(atPath: moved + "/checkpoint.h5", toPath: base + "/best.h5")
        let kept = try FileManager.default.contentsOfDirectory(atPath: moved + "/checkpoints").sorted()
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-train",
                ["--out", moved, "--steps", "2", "--checkpoint-every", "1", "--keep", "2", "--seed", "5"] + short),
            mentioning: [moved, "parts of a run", "--force"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: moved + "/checkpoints").sorted(), kept)
        // With --force the earlier run's files go, so the new run does not mix with them.
        let forced = try Binaries.run(
            "wgan-train", ["--out", moved, "--force", "--steps", "1", "--checkpoint-every", "1", "--seed", "5"] + short)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: moved + "/checkpoints"), ["step-000001.h5"])
    }

    /// A branch that would train nothing is a mistake, said in one line, and makes no folder.
    func testABranchThatTrainsNothingIsRefused() throws {
        let base = try Binaries.scratch("emptybranch")
        XCTAssertEqual(try Binaries.run("wgan-train", ["--out", base + "/run", "--steps", "2"] + short).status, 0)
        for steps in [[], ["--steps", "2"], ["--steps", "1"]] {
            Binaries.assertOneLineFailure(
                try Binaries.run("wgan-resume", [base + "/run", "--branch", "--out", base + "/b"] + steps),
                mentioning: ["branch", "--steps"])
            XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/b"))
        }
    }

    /// Small refusals: an ONNX name for an HDF5 export, a negative value in a list.
    func testSmallRefusalsSayWhatIsWrong() throws {
        let dir = try Binaries.scratch("small")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", ["Models/wgan-gp-mnist.h5", "--out", dir + "/x.onnx"]),
            mentioning: ["x.onnx", "HDF5", "ONNX"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.onnx"))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--morph", "-1,2", "--out", dir + "/m.png"]),
            mentioning: ["--morph", "'-1'"])
    }
}
