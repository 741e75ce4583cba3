import Foundation
import IO
import XCTest

/// The class-conditional and Stacked-MNIST paths through every tool, on one-step runs.
final class ConditionalStackedCLITests: XCTestCase {
    static func oneStep(_ name: String, _ extra: [String]) -> String? {
        guard let dir = try? Binaries.scratch(name) else { return nil }
        let r = try? Binaries.run(
            "wgan-train",
            ["--out", dir, "--arch", "mlp", "--steps", "1", "--batch-size", "4", "--n-critic", "1"] + extra)
        return r?.status == 0 ? dir : nil
    }
    static let conditional = oneStep("cond", ["--conditional"])
    static let stacked = oneStep("stacked", ["--dataset", "stacked-mnist"])

    func testConditionalSamplingAsksForClassesAndReadsThemBack() throws {
        let m = try XCTUnwrap(Self.conditional, "conditional run failed"), dir = try Binaries.scratch("cond-sample")
        // One grid row per class: 3 classes x 2 digits at scale 1, border 2.
        let r = try Binaries.run(
            "wgan-sample", ["--model", m, "--digits", "0-2", "--count", "2", "--grid", "2", "--out", dir + "/g.png"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let grid = try PNG.read(dir + "/g.png")
        XCTAssertEqual([grid.width, grid.height], [2 * 28 + 3 * 2, 3 * 28 + 4 * 2])
        let labels = try String(contentsOfFile: dir + "/g.labels.txt", encoding: .utf8).split(separator: "\n").filter {
            !$0.hasPrefix("#")
        }
        XCTAssertEqual(labels, ["0", "0", "1", "1", "2", "2"])
        // The latents with their labels beside give the same digits back; --digit overrides the classes.
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--digits", "0-2", "--count", "2", "--out", dir + "/a"])
                .status, 0)
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--latents", dir + "/a/latents.txt", "--out", dir + "/b"])
                .status, 0)
        for i in 0..<6 {
            let name = String(format: "sample-%05d.png", i)
            XCTAssertEqual(
                FileManager.default.contents(atPath: "\(dir)/a/\(name)"),
                FileManager.default.contents(atPath: "\(dir)/b/\(name)"), name)
        }
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "2", "--out", dir + "/c"]),
            mentioning: ["conditional", "--digit"])
        let plain = try XCTUnwrap(TrainResumeCLITests.run)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", plain, "--digit", "3", "--out", dir + "/d"]),
            mentioning: ["unconditional", "--conditional"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--digits", "3-1"]), mentioning: ["--digits"])
    }

    /// A morph's end frames are the digits of its end classes at that latent vector, bit for bit.
    func testMorphEndsAreTheClassImages() throws {
        let m = try XCTUnwrap(Self.conditional), dir = try Binaries.scratch("cond-morph")
        let r = try Binaries.run(
            "wgan-interpolate",
            [
                "--model", m, "--morph", "3,8", "--paths", "1", "--seed", "5", "--steps", "4", "--scale", "1",
                "--frames", dir + "/f", "--out", dir + "/m.png", "--gif", dir + "/m.gif",
            ])
        XCTAssertEqual(r.status, 0, r.stderr)
        for (digit, frame) in [(3, 0), (8, 3)] {
            XCTAssertEqual(
                try Binaries.run(
                    "wgan-sample",
                    ["--model", m, "--seed", "5", "--count", "1", "--digit", "\(digit)", "--out", dir + "/s\(digit)"]
                ).status, 0)
            let sampled = try PNG.read(dir + "/s\(digit)/sample-00000.png"),
                framed = try PNG.read(dir + String(format: "/f/frame-%05d.png", frame))
            XCTAssertEqual(sampled.pixels, framed.pixels, "frame \(frame) is not digit \(digit)")
        }
        XCTAssertEqual(
            try Binaries.run(
                "wgan-interpolate",
                ["--model", m, "--digit", "4", "--from-seed", "1", "--to-seed", "2", "--out", dir + "/w.png"]
            ).status, 0)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--out", dir + "/x.png"]), mentioning: ["--morph"])
    }

    func testConditionalEvaluationReportsLabelAccuracy() throws {
        let m = try XCTUnwrap(Self.conditional)
        let r = try Binaries.run("wgan-evaluate", ["--model", m, "--count", "100", "--json"])
        let o = try Binaries.json(r)
        let accuracy = try XCTUnwrap(o["label_accuracy"] as? Double)
        XCTAssertTrue((0...1).contains(accuracy))
        let perClass = try XCTUnwrap(o["per_class"] as? [[String: Any]])
        XCTAssertEqual(perClass.compactMap { $0["digit"] as? Int }, Array(0..<10))
        for key in ["inception_score", "duplicate_share", "frechet_distance"] { XCTAssertNotNil(o[key], key) }
    }

    /// The shipped conditional generator draws the digit it is asked for (99.3% on 10,000 samples when
    /// exported; 500 samples here, so the bound leaves room for sampling noise).
    func testBundledConditionalGeneratorDrawsTheAskedDigit() throws {
        let m = Binaries.root + "/Models/wgan-gp-mnist-conditional.h5"
        let r = try Binaries.run("wgan-evaluate", ["--model", m, "--count", "500", "--seed", "3", "--json"])
        let o = try Binaries.json(r)
        XCTAssertGreaterThan(try XCTUnwrap(o["label_accuracy"] as? Double), 0.97)
        XCTAssertEqual(o["modes_covered"] as? Int, 10)
        XCTAssertGreaterThan(try XCTUnwrap(o["inception_score"] as? Double), 9.0)
    }

    func testStackedMNISTIsColourAndCountsModes() throws {
        let m = try XCTUnwrap(Self.stacked, "stacked run failed"), dir = try Binaries.scratch("stacked-out")
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "3", "--grid", "3", "--out", dir + "/g.png"])
                .status, 0)
        XCTAssertTrue(try PNG.info(dir + "/g.png").isColor)
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "3", "--out", dir + "/one"]).status, 0)
        let r = try Binaries.run("wgan-evaluate", ["--model", m, "--count", "300", "--json", "--report", dir + "/rep"])
        let o = try Binaries.json(r)
        XCTAssertEqual((o["mode_histogram"] as? [Int])?.reduce(0, +), 300)
        XCTAssertEqual(o["modes"] as? Int, 1000)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/rep/coverage.png"))
        // The same images as a folder of RGB PNGs score the same.
        let folder = try Binaries.run("wgan-evaluate", ["--images", dir + "/one", "--json"])
        XCTAssertEqual(try Binaries.json(folder)["count"] as? Int, 3)
    }

    func testStandardGANTrains() throws {
        let dir = try Binaries.scratch("gan")
        let r = try Binaries.run(
            "wgan-train", ["--out", dir, "--loss", "gan", "--arch", "mlp", "--steps", "2", "--batch-size", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("gan mlp"), r.stderr)
    }
}
