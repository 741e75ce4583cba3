import Foundation
import IO
import XCTest

/// wgan-sample, wgan-interpolate and wgan-export as a user runs them, on a generator exported
/// from a one-step run.
final class SampleInterpolateCLITests: XCTestCase {
    static let model: String? = {
        guard let run = TrainResumeCLITests.run, let dir = try? Binaries.scratch("model") else { return nil }
        let r = try? Binaries.run("wgan-export", [run, "--out", dir + "/gen.h5"])
        return r?.status == 0 ? dir + "/gen.h5" : nil
    }()

    func model() throws -> String { try XCTUnwrap(Self.model, "wgan-export failed") }

    func testSingleFilesGridAndLatentsRoundTrip() throws {
        let m = try model(), dir = try Binaries.scratch("sample")
        let r = try Binaries.run("wgan-sample", ["--model", m, "--count", "5", "--seed", "3", "--out", dir + "/one"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for i in 0..<5 {
            let info = try PNG.info(dir + "/one/" + String(format: "sample-%05d.png", i))
            XCTAssertEqual(
                info,
                PNG.Info(width: 28, height: 28, isColor: false, hasAlpha: false, isSixteenBit: false, isPalette: false))
        }
        // A 3-column grid of 5 with a 2-pixel border at scale 2: 3 x 56 + 4 x 2 wide, 2 x 56 + 3 x 2 high.
        XCTAssertEqual(
            try Binaries.run(
                "wgan-sample",
                [
                    "--model", m, "--count", "5", "--seed", "3", "--grid", "3", "--scale", "2",
                    "--out", dir + "/g.png",
                ]
            ).status, 0)
        let grid = try PNG.read(dir + "/g.png")
        XCTAssertEqual([grid.width, grid.height], [176, 118])
        // Same seed, same bytes; the saved latents give the same digits back, and chosen rows.
        try Binaries.succeed("wgan-sample", ["--model", m, "--count", "5", "--seed", "3", "--out", dir + "/two"])
        try Binaries.succeed(
            "wgan-sample", ["--model", m, "--latents", dir + "/one/latents.txt", "--out", dir + "/three"])
        try Binaries.succeed(
            "wgan-sample",
            ["--model", m, "--latents", dir + "/one/latents.txt", "--indices", "4", "--out", dir + "/four"])
        let png = { (d: String, i: Int) in
            FileManager.default.contents(atPath: "\(dir)/\(d)/" + String(format: "sample-%05d.png", i))
        }
        for i in 0..<5 {
            XCTAssertEqual(png("one", i), png("two", i))
            XCTAssertEqual(png("one", i), png("three", i))
        }
        XCTAssertEqual(png("four", 0), png("one", 4))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/one").filter { $0.hasPrefix(".") }, [],
            "temporary files left")
    }

    func testInterpolationEndsAreTheSeedImages() throws {
        let m = try model(), dir = try Binaries.scratch("interp")
        for mode in ["slerp", "lerp"] {
            let r = try Binaries.run(
                "wgan-interpolate",
                [
                    "--model", m, "--from-seed", "7", "--to-seed", "9", "--steps", "6", "--mode", mode,
                    "--scale", "1", "--out", dir + "/\(mode).png", "--frames", dir + "/\(mode)",
                ])
            XCTAssertEqual(r.status, 0, r.stderr)
            let strip = try PNG.read(dir + "/\(mode).png")
            XCTAssertEqual([strip.width, strip.height], [6 * 28 + 7 * 2, 28 + 4])
            try Binaries.succeed("wgan-sample", ["--model", m, "--count", "1", "--seed", "7", "--out", dir + "/a"])
            try Binaries.succeed("wgan-sample", ["--model", m, "--count", "1", "--seed", "9", "--out", dir + "/b"])
            XCTAssertEqual(try PNG.read(dir + "/\(mode)/frame-00000.png"), try PNG.read(dir + "/a/sample-00000.png"))
            XCTAssertEqual(try PNG.read(dir + "/\(mode)/frame-00005.png"), try PNG.read(dir + "/b/sample-00000.png"))
        }
        let loop = try Binaries.run(
            "wgan-interpolate",
            [
                "--model", m, "--keyframes", "1,2,3", "--steps", "4", "--loop", "--out", dir + "/loop.png",
                "--gif", dir + "/loop.gif", "--scale", "1",
            ])
        XCTAssertEqual(loop.status, 0, loop.stderr)
        XCTAssertEqual(try PNG.read(dir + "/loop.png").width, 9 * 28 + 10 * 2)
        // The GIF decodes (giflib) to the 9 frames of the loop, each the frame's digit with a 2-pixel border.
        let gif = try GIF.read(dir + "/loop.gif")
        XCTAssertEqual([gif.width, gif.height, gif.frames.count], [32, 32, 9])
        let strip = try PNG.read(dir + "/loop.png")
        for f in [0, 4, 8] {
            let fromStrip = (0..<28).flatMap { y in
                (0..<28).map { x in strip.pixels[(2 + y) * strip.width + 2 + f * 30 + x] }
            }
            let fromGIF = (0..<28).flatMap { y in (0..<28).map { x in gif.frames[f][(2 + y) * 32 + 2 + x] } }
            XCTAssertEqual(fromGIF, fromStrip, "frame \(f)")
        }
    }

    func testExportedGeneratorKeepsTheHistoryForTheCurves() throws {
        let m = try model(), dir = try Binaries.scratch("curves")
        let r = try Binaries.run("wgan-curves", [m, "--out", dir + "/c.png"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("curves of 1 steps"), r.stderr)
        XCTAssertTrue(try PNG.info(dir + "/c.png").isColor)
    }

    func testTheBundledGeneratorIsTheDefault() throws {
        let bundled = Binaries.root + "/Models/wgan-gp-mnist.h5"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: bundled), "no bundled generator")
        let dir = try Binaries.scratch("bundled")
        let r = try Binaries.run("wgan-sample", ["--count", "3", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("wrote 3 digits"), r.stderr)
        let i = try Binaries.run(
            "wgan-interpolate", ["--from-seed", "1", "--to-seed", "2", "--steps", "3", "--out", dir + "/i.png"])
        XCTAssertEqual(i.status, 0, i.stderr)
    }

    func testBadInputsGiveOneLine() throws {
        let m = try model(), dir = try Binaries.scratch("bad")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", dir + "/none.h5"]), mentioning: ["none.h5", "no such file"])
        let foreign = dir + "/foreign.h5"
        let f = try HDF5File.create(foreign)
        try f.write("/weights", [Float(1)])
        f.close()
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", foreign]), mentioning: ["foreign.h5", "not a wgan-swift file"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "0"]), mentioning: ["--count"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count=-3"]), mentioning: ["--count"])
        try FileManager.default.createDirectory(atPath: dir + "/ro", withIntermediateDirectories: true)
        chmod(dir + "/ro", 0o555)
        if getuid() != 0 {  // root writes anywhere
            Binaries.assertOneLineFailure(
                try Binaries.run("wgan-sample", ["--model", m, "--out", dir + "/ro/x"]), mentioning: ["ro"])
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--out", dir + "/file/sub"]), mentioning: ["file"])
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-sample",
                [
                    "--model", m, "--grid", "4", "--out", dir + "/missing/deeper/../g.png",
                    "--latents", dir + "/nope.txt",
                ]), mentioning: ["nope.txt"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--from-seed", "1"]), mentioning: ["--to-seed"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--steps", "1"]), mentioning: ["--steps"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--keyframes", "1,x"]), mentioning: ["--keyframes"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--keyframes", "1,,2"]),
            mentioning: ["--keyframes", "'1,,2'"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "-1"]), mentioning: ["--count", "got -1"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--mode", "cubic"]), mentioning: ["cubic"])
    }
}
