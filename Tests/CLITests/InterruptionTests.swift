import Foundation
import IO
import XCTest

/// Stopping a training process: SIGINT finishes the iteration and checkpoints; kill -9 at any
/// moment leaves the last checkpoint readable.
final class InterruptionTests: XCTestCase {
    func startTraining(_ dir: String) throws -> Process {
        let p = Process()
        p.executableURL = Binaries.products.appendingPathComponent("wgan-train")
        p.arguments = ["--out", dir, "--arch", "mlp", "--steps", "100000", "--batch-size", "8", "--n-critic", "1",
                       "--checkpoint-every", "1", "--sample-every", "1000"]
        p.currentDirectoryURL = URL(fileURLWithPath: Binaries.root)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = Pipe()
        try p.run()
        return p
    }

    func waitForFile(_ path: String, timeout: Double = 60) {
        let end = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: path) && Date() < end { usleep(20_000) }
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
        var rng = SystemRandomNumberGenerator()
        for round in 0..<4 {
            let p = try startTraining(dir + "\(round)")
            waitForFile(dir + "\(round)/checkpoint.h5")
            usleep(UInt32.random(in: 0...400_000, using: &rng))  // anywhere, including inside a write
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let r = try Binaries.run("wgan-resume", [dir + "\(round)", "--steps", "1"])
            XCTAssertEqual(r.status, 0, "round \(round): \(r.stderr)")
        }
    }
}
