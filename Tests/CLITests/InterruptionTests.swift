import Engine
import Foundation
import IO
import XCTest

/// Stopping a training process: SIGINT finishes the iteration and checkpoints; kill -9 at any
/// moment leaves the last checkpoint readable.
final class InterruptionTests: XCTestCase {
    func startTraining(_ dir: String) throws -> Process {
        let p = Binaries.process(
            "wgan-train",
            [
                "--out", dir, "--arch", "mlp", "--steps", "100000", "--batch-size", "8", "--n-critic", "1",
                "--checkpoint-every", "1", "--sample-every", "1000",
            ])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = Pipe()
        try p.run()
        return p
    }

    func waitForFile(_ path: String, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line) {
        let end = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: path) && Date() < end { usleep(20_000) }
        if !FileManager.default.fileExists(atPath: path) {
            XCTFail("\(path) did not appear in \(timeout) s", file: file, line: line)
        }
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

    /// SIGINT and SIGTERM are blocked in every thread that computes, and taken by one thread that
    /// only waits (StopSignal.swift says why: oneDNN's JIT sgemm corrupts the heap when a handler
    /// runs on its thread). Threads older than the waiter were started by libraries at load time,
    /// before `main`, and never run our kernels; every later one must inherit the block.
    /// Both training tools: `wgan-train` on OpenMP's and on Dispatch's threads, then `wgan-resume`.
    func testStopSignalsAreTakenByOneThreadThatDoesNotCompute() throws {
        let base = try Binaries.scratch("sigmask")
        let train = [
            "--steps", "100000", "--batch-size", "8", "--n-critic", "1", "--checkpoint-every", "1", "--sample-every",
            "1000",
        ]
        let launches: [(label: String, tool: String, args: [String], pool: String)] = [
            ("mlp", "wgan-train", ["--out", base + "/mlp", "--arch", "mlp"] + train, "openmp"),
            ("dcgan", "wgan-train", ["--out", base + "/dcgan", "--arch", "dcgan"] + train, "dispatch"),
            ("resume", "wgan-resume", [base + "/mlp"], "openmp"),
        ]
        for (label, tool, args, pool) in launches {
            let checkpoint = (args.first == "--out" ? args[1] : args[0]) + "/checkpoint.h5"
            let before = try? FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date
            let p = Binaries.process(tool, args, environment: ["WGAN_POOL": pool])
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            defer { p.terminate(); p.waitUntilExit() }
            // Training has begun once the process writes a checkpoint of its own.
            let end = Date().addingTimeInterval(60)
            func written() -> Bool {
                guard
                    let date = try? FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date
                else { return false }
                return before.map { date > $0 } ?? true
            }
            while !written() && Date() < end { usleep(20_000) }
            XCTAssertTrue(written(), "\(label): \(tool) wrote no checkpoint in 60 s")
            let pid = Int(p.processIdentifier)
            let task = "/proc/\(pid)/task"
            let tids = try FileManager.default.contentsOfDirectory(atPath: task).compactMap(Int.init).sorted()
            func blocked(_ tid: Int) throws -> (interrupt: Bool, terminate: Bool) {
                let status = try String(contentsOfFile: "\(task)/\(tid)/status", encoding: .utf8)
                let line = status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") } ?? ""
                let mask = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
                return (mask & (1 << (SIGINT - 1)) != 0, mask & (1 << (SIGTERM - 1)) != 0)
            }
            let names = try tids.map {
                try String(contentsOfFile: "\(task)/\($0)/comm", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)
            }
            let waiters = tids.indices.filter { names[$0] == "wgan-signals" }
            XCTAssertEqual(waiters.count, 1, "\(label): threads \(names)")
            guard let w = waiters.first else { continue }
            XCTAssertTrue(try blocked(tids[w]) == (false, false), "\(label): the waiting thread must take both signals")
            XCTAssertTrue(try blocked(pid) == (true, true), "\(label): the main thread computes")
            for i in tids.indices where i > w {
                XCTAssertTrue(
                    try blocked(tids[i]) == (true, true),
                    "\(label) (\(pool)): thread \(tids[i]) '\(names[i])' was started after the waiter")
            }
            XCTAssertGreaterThan(tids.count - 1 - w, 0, "\(label): no compute thread was started after the waiter")
        }
    }

    func testKill9NeverLeavesAnUnreadableCheckpoint() throws {
        let dir = try Binaries.scratch("kill9") + "/run"
        // WGAN_KILL_SEED and WGAN_KILL_ROUNDS replay or lengthen it (docs/reliability.md).
        let env = ProcessInfo.processInfo.environment
        let seed = env[EnvironmentVariable.killSeed.rawValue].flatMap { UInt64($0) } ?? 9
        let rounds = env[EnvironmentVariable.killRounds.rawValue].flatMap { Int($0) } ?? 4
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
            let r = try Binaries.run(
                "wgan-export", [dir + "\(round)", "--training-state", "--out", dir + "\(round)-state.h5"])
            XCTAssertEqual(
                r.status, 0, "seed \(seed), round \(round), killed \(delay) us after the first checkpoint: \(r.stderr)")
            try? FileManager.default.removeItem(atPath: dir + "\(round)-state.h5")
        }
    }
}
