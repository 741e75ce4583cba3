import Foundation
import IO
import XCTest

/// A model with an unsupervised code (--codes K) through every tool, on a one-step run.
final class CodesCLITests: XCTestCase {
    static let coded = ConditionalStackedCLITests.oneStep("codes", ["--codes", "3"])

    func labels(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(
            String.init)
    }

    func testSamplingDrawsCodesAndReadsThemBack() throws {
        let m = try XCTUnwrap(Self.coded, "run with a code failed"), dir = try Binaries.scratch("codes-sample")
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--count", "12", "--seed", "4", "--out", dir + "/a"]).status,
            0)
        let drawn = try labels(dir + "/a/labels.txt")
        XCTAssertEqual(drawn.count, 12)
        XCTAssertTrue(Set(drawn).isSubset(of: ["0", "1", "2"]) && Set(drawn).count > 1, "\(drawn)")
        // The latents with their codes beside give the same digits back.
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", m, "--latents", dir + "/a/latents.txt", "--out", dir + "/b"])
                .status, 0)
        for i in 0..<12 {
            let name = String(format: "sample-%05d.png", i)
            XCTAssertEqual(
                FileManager.default.contents(atPath: "\(dir)/a/\(name)"),
                FileManager.default.contents(atPath: "\(dir)/b/\(name)"), name)
        }
        // Chosen codes, one grid row each; a value the model lacks is one line naming it.
        XCTAssertEqual(
            try Binaries.run(
                "wgan-sample",
                ["--model", m, "--code", "0-2", "--count", "2", "--grid", "2", "--out", dir + "/g.png"]
            ).status, 0)
        XCTAssertEqual(try labels(dir + "/g.labels.txt"), ["0", "0", "1", "1", "2", "2"])
        XCTAssertTrue(
            try String(contentsOfFile: dir + "/g.labels.txt", encoding: .utf8).hasPrefix(
                "# wgan-swift labels: 6 code values"))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--code", "5", "--out", dir + "/c"]),
            mentioning: ["code values 0-2", "--code", "5"])
        // Its code is not named: --digit says how to name it.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-sample", ["--model", m, "--digit", "5", "--out", dir + "/d"]),
            mentioning: ["not named", "wgan-export", "--code"])
    }

    /// A morph between code values ends at the digits of those codes, bit for bit; a plain walk holds a drawn code.
    func testInterpolationHoldsOrMorphsTheCode() throws {
        let m = try XCTUnwrap(Self.coded), dir = try Binaries.scratch("codes-walk")
        let r = try Binaries.run(
            "wgan-interpolate",
            [
                "--model", m, "--morph-codes", "0,2", "--paths", "1", "--seed", "5", "--steps", "3", "--scale", "1",
                "--frames", dir + "/f", "--out", dir + "/m.png",
            ])
        XCTAssertEqual(r.status, 0, r.stderr)
        for (code, frame) in [(0, 0), (2, 2)] {
            XCTAssertEqual(
                try Binaries.run(
                    "wgan-sample",
                    ["--model", m, "--seed", "5", "--count", "1", "--code", "\(code)", "--out", dir + "/s\(code)"]
                ).status, 0)
            XCTAssertEqual(
                try PNG.read(dir + "/s\(code)/sample-00000.png").pixels,
                try PNG.read(dir + String(format: "/f/frame-%05d.png", frame)).pixels)
        }
        XCTAssertEqual(try Binaries.run("wgan-interpolate", ["--model", m, "--out", dir + "/w.png"]).status, 0)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-interpolate", ["--model", m, "--morph-codes", "1,7", "--out", dir + "/x.png"]),
            mentioning: ["code values 0-2", "--morph-codes"])
    }

    func testEvaluationReportsWhichDigitEachCodeMakes() throws {
        let m = try XCTUnwrap(Self.coded)
        let o = try Binaries.json(try Binaries.run("wgan-evaluate", ["--model", m, "--count", "90", "--json"]))
        let purity = try XCTUnwrap(o["code_purity"] as? Double)
        XCTAssertTrue((0.1...1).contains(purity), "\(purity)")
        let perCode = try XCTUnwrap(o["per_code"] as? [[String: Any]])
        XCTAssertEqual(perCode.count, 3)
        XCTAssertEqual(perCode.compactMap { $0["share"] as? Double }.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertNil(o["label_accuracy"])
    }

    func testCodesRefuseClassesAndAWeightWithoutACode() throws {
        let dir = try Binaries.scratch("codes-refuse")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", dir + "/a", "--codes", "3", "--conditional"]),
            mentioning: ["--conditional", "codes"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", dir + "/b", "--info-weight", "2"]),
            mentioning: ["--info-weight", "--codes"])
        let plain = try XCTUnwrap(TrainResumeCLITests.run)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [plain, "--branch", "--out", dir + "/c", "--info-weight", "2"]),
            mentioning: ["--info-weight", "--codes"])
    }
}
