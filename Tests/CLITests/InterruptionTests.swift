import Foundation
import IO
import XCTest

/// Stopping a training process: SIGINT finishes the iteration and checkpoints; kill -9 at any
/// moment leaves the last checkpoint readable.
final class InterruptionTests: XCTestCase {
    func startTraining(_ dir: String) throws -> Process {
        let p = Binaries.process("wgan-train", ["--out", dir, "--arch", "mlp", "--steps", "100000", "--batch-size", "8", "--n-critic", "1",
                                                "--checkpoint-every", "1", "--sample-every", "1000"])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = Pipe()
        try p.run()
        return p
    }

    func waitForFile(_ path: String, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line) {
        let end = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: path) && Date() < end { usleep(20_000) }
        if !FileManager.default.fileExists(atPath: path) { XCTFail("\(path) did not appear in \(timeout) s", file: file, line: line) }
    }

    func testSIGINTWritesACheckpointAndSaysHowToResume() throws {
        let dir = try Binaries.scratch("sigint") + "/run"
        let p = try startTraining(dir)
        waitForFile(dir + "/checkpoint.h5")
        p.interrupt()
        let err = (p.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: err, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 130, text)
        XCTAssertTrue(text.contains("SIGINT received"), text)
        XCTAssertTrue(text.contains("resume with: wgan-resume \(dir)"), text)
        let r = try Binaries.run("wgan-resume", [dir, "--steps", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)  // loads, and is past step 1: nothing to do
    }

    func testKill9NeverLeavesAnUnreadableCheckpoint() throws {
        let dir = try Binaries.scratch("kill9") + "/run"
        // WGAN_KILL_SEED and WGAN_KILL_ROUNDS replay or lengthen it (docs/reliability.md).
        let env = ProcessInfo.processInfo.environment
        let seed = env["WGAN_KILL_SEED"].flatMap { UInt64($0) } ?? 9
        let rounds = env["WGAN_KILL_ROUNDS"].flatMap { Int($0) } ?? 4
        var rng = SplitMix(seed: seed)
        print("kill -9 test: seed \(seed), \(rounds) rounds")
        for round in 0..<rounds {
            let p = try startTraining(dir + "\(round)")
            waitForFile(dir + "\(round)/checkpoint.h5")
            let delay = UInt32(rng.below(400_001))
            usleep(delay)  // anywhere, including inside a write
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // A full read of the training state (every tensor and check), not just its step.
            let r = try Binaries.run("wgan-export", [dir + "\(round)", "--training-state", "--out", dir + "\(round)-state.h5"])
            XCTAssertEqual(r.status, 0, "seed \(seed), round \(round), killed \(delay) us after the first checkpoint: \(r.stderr)")
            try? FileManager.default.removeItem(atPath: dir + "\(round)-state.h5")
        }
    }
}
