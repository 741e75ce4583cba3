import Foundation
import IO
import XCTest

/// `wgan-export --onnx`, run by an independent runtime: ONNX Runtime (PyPI `onnxruntime`, which the
/// CI setup installs; without it these tests fail) must draw the digits `wgan-sample` draws from the
/// same latent vectors and labels, within 2 grey levels on every pixel.
final class ONNXExportTests: XCTestCase {
    /// One-step runs of the architectures the bundled models do not cover.
    static func oneStep(_ name: String, _ extra: [String]) -> String? {
        guard let dir = try? Binaries.scratch("onnx-" + name) else { return nil }
        let r = try? Binaries.run(
            "wgan-train", ["--out", dir, "--steps", "1", "--batch-size", "4", "--n-critic", "1"] + extra)
        return r?.status == 0 ? dir : nil
    }

    /// Exports `model`, samples `count` digits with `sampleArgs`, runs the export on the same latents
    /// (and labels) in ONNX Runtime, and compares every pixel.
    func assertRuntimeAgrees(
        _ model: String, _ name: String, sampleArgs: [String] = ["--count", "12"], channels: Int = 1,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let dir = try Binaries.scratch("onnx-check-" + name)
        let onnx = dir + "/g.onnx"
        let e = try Binaries.run("wgan-export", [model, "--onnx", onnx])
        XCTAssertEqual(e.status, 0, e.stderr, file: file, line: line)
        let s = try Binaries.run("wgan-sample", ["--model", model, "--seed", "3", "--out", dir + "/s"] + sampleArgs)
        XCTAssertEqual(s.status, 0, s.stderr, file: file, line: line)
        var args = [Binaries.root + "/scripts/onnx-run", onnx, dir + "/s/latents.txt", "--out", dir + "/o.f32"]
        if FileManager.default.fileExists(atPath: dir + "/s/labels.txt") {
            args += ["--labels", dir + "/s/labels.txt"]
        }
        let r = try Self.python(args)
        XCTAssertEqual(r.status, 0, "ONNX Runtime did not run the export: \(r.stderr)", file: file, line: line)
        let raw = try Data(contentsOf: URL(fileURLWithPath: dir + "/o.f32"))
        let values = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let pngs = try FileManager.default.contentsOfDirectory(atPath: dir + "/s").filter { $0.hasSuffix(".png") }
            .sorted()
        XCTAssertEqual(values.count, pngs.count * channels * 784, file: file, line: line)
        XCTAssertGreaterThan(pngs.count, 0, file: file, line: line)
        var worst = 0
        for (n, name) in pngs.enumerated() {
            let image = try PNG.read(dir + "/s/" + name, channels: channels)
            XCTAssertEqual(image.channels, channels, file: file, line: line)
            for y in 0..<28 {
                for x in 0..<28 {
                    for c in 0..<channels {
                        // ONNX: NCHW in [0, 1]; PNG: interleaved bytes
                        let v = values[((n * channels + c) * 28 + y) * 28 + x]
                        let byte = Int(image.pixels[(y * 28 + x) * channels + c])
                        worst = max(worst, abs(Int((v * 255).rounded()) - byte))
                    }
                }
            }
        }
        XCTAssertLessThanOrEqual(worst, 2, "\(name): grey levels apart", file: file, line: line)
    }

    static func python(_ args: [String]) throws -> Binaries.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe(), err = Pipe()
        (p.standardOutput, p.standardError) = (out, err)
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Binaries.Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    func testTheBundledModelsRunInONNXRuntime() throws {
        try assertRuntimeAgrees(Binaries.root + "/Models/wgan-gp-mnist.h5", "default")
        try assertRuntimeAgrees(
            Binaries.root + "/Models/wgan-gp-mnist-conditional.h5", "conditional",
            sampleArgs: ["--digits", "0-9", "--count", "2"])
    }

    func testEveryArchitectureRunsInONNXRuntime() throws {
        let stacked = try XCTUnwrap(Self.oneStep("stacked", ["--arch", "compact", "--dataset", "stacked-mnist"]))
        try assertRuntimeAgrees(stacked, "stacked", channels: 3)
        for arch in ["dcgan", "small", "mlp"] {
            let m = try XCTUnwrap(Self.oneStep(arch, ["--arch", arch, "--codes", "3"]), arch)
            try assertRuntimeAgrees(m, arch)
        }
    }

    func testTheModelDescribesItself() throws {
        let dir = try Binaries.scratch("onnx-doc")
        XCTAssertEqual(
            try Binaries.run("wgan-export", [Binaries.root + "/Models/wgan-gp-mnist.h5", "--onnx", dir + "/g.onnx"])
                .status, 0)
        let r = try Self.python([
            "-c",
            "import onnxruntime as o, sys; m = o.InferenceSession(sys.argv[1]).get_modelmeta(); "
                + "print(m.description); print(m.custom_metadata_map['architecture'], m.custom_metadata_map['step'])",
            dir + "/g.onnx",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("architecture wide-compact"), r.stdout)
        XCTAssertTrue(r.stdout.contains("wide-compact 16428"), r.stdout)
    }

    /// The Python example of docs/export.md, as printed there, on the bundled conditional model.
    func testTheDocsExampleRuns() throws {
        let doc = try String(contentsOfFile: Binaries.root + "/docs/export.md", encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "```python\n"))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let example = String(doc[start.upperBound..<end.lowerBound])
        XCTAssertLessThanOrEqual(example.split(separator: "\n").count, 5)
        let dir = try Binaries.scratch("onnx-example")
        let e = try Binaries.run(
            "wgan-export", [Binaries.root + "/Models/wgan-gp-mnist-conditional.h5", "--onnx", dir + "/generator.onnx"])
        XCTAssertEqual(e.status, 0, e.stderr)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", example]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(text.hasPrefix("(16, 1, 28, 28)"), text)
    }

    func testBadExportsAreOneLineAndLeaveNothing() throws {
        let dir = try Binaries.scratch("onnx-bad")
        let model = Binaries.root + "/Models/wgan-gp-mnist.h5"
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [model, "--onnx", dir + "/g.h5"]), mentioning: ["--onnx", ".onnx"])
        // A file where the folder should be.
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/file", contents: Data("x".utf8)))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [model, "--onnx", dir + "/file/g.onnx"]), mentioning: ["file"])
        // An HDF5 file under an ONNX name is not replaced without --force.
        XCTAssertTrue(
            FileManager.default.createFile(
                atPath: dir + "/x.onnx", contents: try Data(contentsOf: URL(fileURLWithPath: model))))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [model, "--onnx", dir + "/x.onnx"]), mentioning: ["x.onnx", "--force"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-export", [dir + "/none.h5", "--onnx", dir + "/y.onnx"]), mentioning: ["none.h5"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["file", "x.onnx"])
    }
}
