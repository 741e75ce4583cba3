import Foundation
import IO
import XCTest

/// Named codes (`--digit` asks the bundled model for a digit) and the way back from images to latent
/// vectors: `wgan-project`, walks between real digits, and the memorisation test.
final class ProjectionTests: XCTestCase {
    func histogram(_ dir: String) throws -> [Int] {
        let j = try Binaries.json(try Binaries.run("wgan-evaluate", ["--images", dir, "--json"]))
        return try XCTUnwrap(j["class_histogram"] as? [Int])
    }

    /// The bundled model's code is named: --digit 7 draws 7s; --code 7 is the raw value (it makes 1s).
    func testAskForASevenAndGetASeven() throws {
        let dir = try Binaries.scratch("named")
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--digit", "7", "--count", "40", "--out", dir + "/seven"]).status, 0)
        XCTAssertGreaterThanOrEqual(try histogram(dir + "/seven")[7], 38)
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--code", "7", "--count", "40", "--out", dir + "/code7"]).status, 0)
        XCTAssertGreaterThanOrEqual(try histogram(dir + "/code7")[1], 38)
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--digits", "0-9", "--count", "4", "--out", dir + "/all"]).status, 0)
        XCTAssertEqual(try histogram(dir + "/all").filter { $0 >= 3 }.count, 10)
        // A one-step model with a code, named by wgan-export, then refuses a digit none of its values makes.
        let coded = try XCTUnwrap(ConditionalStackedCLITests.oneStep("named-codes", ["--codes", "3"]))
        XCTAssertEqual(try Binaries.run("wgan-export", [coded, "--out", dir + "/named.h5"]).status, 0)
        let r = try Binaries.run("wgan-sample", ["--model", dir + "/named.h5", "--digits", "0-9", "--out", dir + "/x"])
        Binaries.assertOneLineFailure(r, mentioning: ["no code value makes", "named.h5"])
    }

    func testProjectedTestDigitsKeepTheirClassAndReadBack() throws {
        let dir = try Binaries.scratch("project")
        let r = try Binaries.run("wgan-project", ["--test-digits", "20", "--out", dir + "/p"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 20, r.stdout)
        let kept = try XCTUnwrap(
            r.stderr.split(separator: "\n").first { $0.contains("reconstructions keep") }.flatMap {
                Int($0.split(separator: " ")[1])
            }, r.stderr)
        XCTAssertGreaterThanOrEqual(kept, 19, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/p/side-by-side.png"))
        // wgan-sample draws the reconstructions again from the latents (and the code values beside them).
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--latents", dir + "/p/latents.txt", "--out", dir + "/again"]).status, 0)
        for i in 0..<20 {
            let name = String(format: "sample-%05d.png", i)
            XCTAssertEqual(
                FileManager.default.contents(atPath: "\(dir)/p/\(name)"),
                FileManager.default.contents(atPath: "\(dir)/again/\(name)"), name)
        }
        // A walk between two of the digits, projected again from their PNGs.
        let w = try Binaries.run(
            "wgan-interpolate",
            [
                "--from-image", dir + "/p/sample-00000.png", "--to-image", dir + "/p/sample-00001.png", "--steps", "5",
                "--out", dir + "/walk.png",
            ])
        XCTAssertEqual(w.status, 0, w.stderr)
        XCTAssertEqual(try PNG.info(dir + "/walk.png").width, 5 * 56 + 6 * 2)
    }

    func testBadImagesAreOneLineNamingTheFile() throws {
        let dir = try Binaries.scratch("project-bad")
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-project", [dir + "/empty", "--out", dir + "/o1"]), mentioning: ["empty", "no PNG"])
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/not.png", contents: Data("text".utf8)))
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-project", [dir + "/not.png", "--out", dir + "/o2"]), mentioning: ["not.png"])
        try PNG.write(Image(width: 32, height: 32, channels: 1), to: dir + "/big.png")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-project", [dir + "/big.png", "--out", dir + "/o3"]),
            mentioning: ["big.png", "32x32"])
        try PNG.write(Image(width: 28, height: 28, channels: 3), to: dir + "/rgb.png")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-project", [dir + "/rgb.png", "--out", dir + "/o4"]), mentioning: ["rgb.png", "RGB"])
        for o in ["o1", "o2", "o3", "o4"] { XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + o)) }
    }

    func testTheMemorisationTestReportsBothSetsAndTheirGap() throws {
        let j = try Binaries.json(
            try Binaries.run("wgan-evaluate", ["--memorization", "--memorization-count", "12", "--json"]))
        let gap = try XCTUnwrap(j["gap"] as? Double), interval = try XCTUnwrap(j["gap_interval"] as? [Double])
        XCTAssertLessThanOrEqual(interval[0], gap)
        XCTAssertGreaterThanOrEqual(interval[1], gap)
        XCTAssertGreaterThan(try XCTUnwrap(j["training_rmse"] as? Double), 0)
        XCTAssertEqual(j["count"] as? Int, 12)
    }
}
