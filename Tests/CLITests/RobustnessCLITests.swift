import Foundation
import IO
import XCTest

/// Never clobber, never crash, never leave litter, work from any folder: the tools as a careless
/// user or a failing machine would drive them.
final class RobustnessCLITests: XCTestCase {
    func model() throws -> String { try XCTUnwrap(SampleInterpolateCLITests.model, "wgan-export failed") }
    func trainedRun() throws -> String { try XCTUnwrap(TrainResumeCLITests.run, "wgan-train failed") }

    /// A named pipe stands for any non-regular file (/dev/full for root): no tool replaces it.
    func testOutputsNeverReplaceWhatIsNotTheirs() throws {
        let m = try model(), r = try trainedRun(), dir = try Binaries.scratch("clobber")
        let fifo = dir + "/pipe.png"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        for (tool, args) in [
            ("wgan-sample", ["--model", m, "--grid", "2", "--count", "2", "--out", fifo]),
            ("wgan-interpolate", ["--model", m, "--out", fifo]),
            ("wgan-interpolate", ["--model", m, "--out", dir + "/w.png", "--gif", fifo]),
            ("wgan-curves", [m, "--out", fifo]),
            ("wgan-export", [m, "--out", fifo]),
        ] {
            Binaries.assertOneLineFailure(try Binaries.run(tool, args), mentioning: ["pipe.png", "not a regular file"])
        }
        var st = stat()
        XCTAssertEqual(lstat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the pipe was replaced")

        // A training checkpoint is not replaced by a generator file (unless --force), and an input never.
        let copy = try Binaries.scratch("clobber-run")
        try FileManager.default.copyItem(atPath: r + "/checkpoint.h5", toPath: copy + "/checkpoint.h5")
        let before = FileManager.default.contents(atPath: copy + "/checkpoint.h5")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [copy, "--out", copy + "/checkpoint.h5"]),
            mentioning: ["input of this command"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [m, "--out", copy + "/checkpoint.h5"]),
            mentioning: ["wgan-swift-checkpoint", "--force"])
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-sample", ["--model", m, "--grid", "2", "--count", "2", "--out", copy + "/checkpoint.h5"]),
            mentioning: ["wgan-swift-checkpoint"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [copy, "--out", copy + "/checkpoint.h5", "--force"]),
            mentioning: ["input of this command"])
        XCTAssertEqual(FileManager.default.contents(atPath: copy + "/checkpoint.h5"), before, "the checkpoint changed")
        XCTAssertEqual(
            try Binaries.run("wgan-export", [m, "--out", copy + "/checkpoint.h5", "--force"]).status, 0,
            "--force allows another kind")
        // The latent file given as input is not rewritten by the grid beside it.
        try Binaries.succeed("wgan-sample", ["--model", m, "--grid", "2", "--count", "2", "--out", dir + "/g.png"])
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-sample",
                ["--model", m, "--latents", dir + "/g.latents.txt", "--grid", "2", "--out", dir + "/g.png"]),
            mentioning: ["g.latents.txt", "input"])
    }

    /// A path through a regular file names that file; a full disk is called one, and a failed write
    /// leaves nothing behind (a 64 KB tmpfs stands for the full disk; skipped where mounting is refused).
    func testAFileInThePathAndAFullDiskAreNamed() throws {
        let m = try model(), dir = try Binaries.scratch("fulldisk")
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/plain", contents: Data("x".utf8)))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "2", "--out", dir + "/plain/sub/deeper"]),
            mentioning: ["/plain:", "is a file, not a folder"])

        let full = dir + "/small"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        guard system("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full]) == 0 else {
            throw XCTSkip("cannot mount a small tmpfs here (needs root)")
        }
        defer { _ = system("/bin/umount", [full]) }
        for (tool, args, file) in [
            ("wgan-export", [m, "--out", full + "/m.h5"], "m.h5"),
            (
                "wgan-sample",
                ["--model", m, "--grid", "10", "--count", "100", "--scale", "8", "--out", full + "/g.png"], "g.png"
            ),
        ] {
            Binaries.assertOneLineFailure(
                try Binaries.run(tool, args), mentioning: [full + "/" + file, "no space left on device"])
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: full), [], "a failed write left a file behind")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "1000", "--out", full + "/many"]),
            mentioning: ["1000 digits", "KB free"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: full + "/many"), "a refused request left a folder")
        // A checkpoint that does not fit (2 MB hold the pictures, not the state): the run's own file
        // is named, not the temporary one, and the error is the last line.
        let two = dir + "/two"
        try FileManager.default.createDirectory(atPath: two, withIntermediateDirectories: true)
        XCTAssertEqual(system("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", two]), 0)
        defer { _ = system("/bin/umount", [two]) }
        let r = try Binaries.run(
            "wgan-train",
            ["--out", two + "/run", "--arch", "mlp", "--steps", "1", "--batch-size", "4", "--n-critic", "1"])
        XCTAssertNotEqual(r.status, 0)
        let errors = r.stderrLines.filter { $0.contains(": error: ") }
        XCTAssertEqual(errors.count, 1, r.stderr)
        XCTAssertEqual(r.stderrLines.last, errors.first)
        XCTAssertTrue(errors.first?.contains(two + "/run/checkpoint.h5: no space left on device") ?? false, r.stderr)
        XCTAssertFalse(r.stderr.contains(".tmp"), r.stderr)
    }

    private func system(_ exe: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Requests that cannot be done are one line before any work starts.
    func testImpossibleRequestsAreRefusedUpFront() throws {
        let m = try model()
        for (tool, args, word) in [
            ("wgan-sample", ["--model", m, "--count", "4294967297"], "--count"),
            ("wgan-sample", ["--model", m, "--count", "2000000000"], "--count"),
            ("wgan-sample", ["--model", m, "--grid", "100000", "--count", "4"], "--grid"),
            ("wgan-sample", ["--model", m, "--grid", "10", "--count", "100000", "--scale", "64"], "pixels"),
            ("wgan-interpolate", ["--model", m, "--steps", "100000"], "--steps"),
            ("wgan-interpolate", ["--model", m, "--paths", "100000"], "--paths"),
            ("wgan-evaluate", ["--model", m, "--count", "100000000"], "--count"),
            ("wgan-train", ["--latent-dim", "100000000"], "--latent-dim"),
            ("wgan-train", ["--n-critic", "1099511627776"], "--n-critic"),
            ("wgan-train", ["--keep", "-1"], "--keep"),
            ("wgan-train", ["--checkpoint-every", "0"], "--checkpoint-every"),
        ] {
            let start = Date()
            Binaries.assertOneLineFailure(try Binaries.run(tool, args), mentioning: [word])
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(tool) \(args) worked before refusing")
        }
    }

    /// Temporary files of killed writers are removed when the run opens; a live writer's are not.
    func testStaleTemporaryFilesAreRemovedOnResume() throws {
        let r = try trainedRun(), dir = try Binaries.scratch("litter")
        try FileManager.default.copyItem(atPath: r + "/checkpoint.h5", toPath: dir + "/checkpoint.h5")
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = [
            "\(dir)/.checkpoint.h5.\(dead.processIdentifier).tmp",
            "\(dir)/checkpoints/.checkpoint.h5.\(dead.processIdentifier).tmp",
        ]
        let live = "\(dir)/.checkpoint.h5.\(getpid()).tmp"
        try FileManager.default.createDirectory(atPath: dir + "/checkpoints", withIntermediateDirectories: true)
        for f in stale + [live] {
            XCTAssertTrue(FileManager.default.createFile(atPath: f, contents: Data(count: 1000)))
        }
        let result = try Binaries.run("wgan-resume", [dir, "--steps", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("removed 2 temporary file(s)"), result.stderr)
        for f in stale { XCTAssertFalse(FileManager.default.fileExists(atPath: f), f) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a live process's temporary file was removed")
    }

    /// A generator whose weights are not finite (or absurd) is refused, naming the tensor.
    func testNonFiniteWeightsAreRefused() throws {
        let m = try model(), dir = try Binaries.scratch("nan")
        for (name, value) in [("nan", Float.nan), ("inf", Float.infinity), ("huge", 3e38)] {
            let path = "\(dir)/\(name).h5"
            try FileManager.default.copyItem(atPath: m, toPath: path)
            let f = try HDF5File.openForWriting(path)
            let item = "/generator/dense2/kernel"
            let shape = try f.shape(of: item, as: Float.self)
            try f.remove(item)
            try f.write(item, [Float](repeating: value, count: shape.reduce(1, *)), shape: shape)
            f.close()
            for tool in [
                ["wgan-sample", "--model", path, "--count", "1", "--out", dir + "/out"],
                ["wgan-evaluate", "--model", path, "--count", "10"],
            ] {
                Binaries.assertOneLineFailure(
                    try Binaries.run(tool[0], Array(tool.dropFirst())), mentioning: ["\(name).h5", item])
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/sample-00000.png"))
    }

    /// One changed byte anywhere in a model file's metadata: an error line or a working model, never a crash.
    func testDamagedModelFilesNeverCrash() throws {
        let m = try model(), dir = try Binaries.scratch("damaged")
        let good = try XCTUnwrap(FileManager.default.contents(atPath: m))
        var failures = 0
        // Every 37th byte of the first 8 KB (superblock, object headers, attributes) set to 0xb7, 0x80 or 0xff.
        for (k, offset) in stride(from: 0, to: min(8192, good.count), by: 37).enumerated() {
            var bytes = good
            bytes[offset] = [0xb7, 0x80, 0xff][k % 3]
            let path = "\(dir)/m.h5"
            try bytes.write(to: URL(fileURLWithPath: path))
            let r = try Binaries.run("wgan-sample", ["--model", path, "--count", "1", "--out", dir + "/out"])
            XCTAssertTrue(r.status == 0 || r.status == 1, "offset \(offset): exit \(r.status)\n\(r.stderr.suffix(300))")
            if r.status != 0 {
                failures += 1
                Binaries.assertOneLineFailure(r, mentioning: ["m.h5"])
            }
        }
        XCTAssertGreaterThan(failures, 10, "too few mutations were noticed for this test to mean anything")
    }

    /// `scripts/install --prefix P` puts the tools in P/bin, their files in P/share/wgan-swift and
    /// completions beside; the installed tools find their files from any folder with no checkout help.
    func testInstalledToolsFindTheirFiles() throws {
        let prefix = try Binaries.scratch("prefix"), elsewhere = try Binaries.scratch("installed-use")
        func run(_ exe: String, _ args: [String], in folder: String) throws -> Binaries.Result {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = args
            p.currentDirectoryURL = URL(fileURLWithPath: folder)
            var env = ProcessInfo.processInfo.environment
            env["WGAN_HOME"] = nil
            env["XDG_CACHE_HOME"] = Binaries.kernelCache  // the test process's measured kernels, not the user's cache
            p.environment = env
            let out = Pipe(), err = Pipe()
            (p.standardOutput, p.standardError) = (out, err)
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return .init(
                status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                stderr: String(decoding: e, as: UTF8.self))
        }
        // The script installs from .build/release; point it at the products these tests run.
        let install = try run(
            "/usr/bin/env", ["bash", Binaries.root + "/scripts/install", "--prefix", prefix, "--no-build"],
            in: Binaries.root)
        XCTAssertEqual(install.status, 0, install.stderr)
        for path in [
            "bin/wgan-sample", "share/wgan-swift/Models/wgan-gp-mnist.h5",
            "share/wgan-swift/Models/mnist-classifier.h5",
            "share/wgan-swift/Data/mnist/SHA256SUMS", "share/bash-completion/completions/wgan-train",
            "share/zsh/site-functions/_wgan-sample", "share/fish/vendor_completions.d/wgan-evaluate.fish",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/" + path), path)
        }
        let s = try run(prefix + "/bin/wgan-sample", ["--count", "2", "--out", "digits"], in: elsewhere)
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: elsewhere + "/digits/sample-00001.png"))
        let e = try run(prefix + "/bin/wgan-evaluate", ["--count", "20", "--json"], in: elsewhere)
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertTrue(e.stderr.contains(prefix + "/share/wgan-swift/Data/mnist"), e.stderr)
        let bad = try run("/usr/bin/env", ["bash", Binaries.root + "/scripts/install", "--bogus"], in: Binaries.root)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertEqual(bad.stderrLines.count, 1, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--bogus"), bad.stderr)
    }

    /// From another working folder, the defaults (bundled generator, classifier, MNIST) are still found.
    func testToolsWorkFromAnyFolder() throws {
        let elsewhere = try Binaries.scratch("elsewhere")
        let r = try Binaries.run("wgan-sample", ["--count", "2", "--out", "digits"], in: elsewhere)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: elsewhere + "/digits/sample-00001.png"))
        let e = try Binaries.run("wgan-evaluate", ["--count", "20", "--json"], in: elsewhere)
        XCTAssertEqual(e.status, 0, e.stderr)
    }
}
