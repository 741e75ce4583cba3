import Foundation
import IO
import XCTest

/// `wgan-report`, looked at in a real browser: `scripts/check-report` opens the page in headless
/// Chromium (Debian's `chromium`, driven by PyPI's `playwright`, both installed by `.ci/run`; without
/// them these tests fail) and reports console errors, undecoded images, empty charts and the score table.
final class ReportTests: XCTestCase {
    static let run: String? = {
        guard let dir = try? Binaries.scratch("report-run") else { return nil }
        let r = try? Binaries.run(
            "wgan-train",
            [
                "--out", dir, "--arch", "mlp", "--steps", "4", "--batch-size", "8", "--n-critic", "1",
                "--checkpoint-every", "2", "--keep", "5", "--codes", "3",
            ])
        return r?.status == 0 ? dir : nil
    }()

    /// The page check's JSON, after asserting that it passed.
    func check(_ page: String, expect: [String], file: StaticString = #filePath, line: UInt = #line) throws
        -> [String: Any]
    {
        let shot = page.replacingOccurrences(of: ".html", with: ".png")
        let r = try ONNXExportTests.python(
            [Binaries.root + "/scripts/check-report", page, "--screenshot", shot] + expect.flatMap { ["--expect", $0] })
        XCTAssertEqual(r.status, 0, "browser check failed: \(r.stdout) \(r.stderr)", file: file, line: line)
        let info = try PNG.info(shot)
        XCTAssertGreaterThan(info.height, 800, "the screenshot holds the whole page", file: file, line: line)
        return try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout, file: file, line: line)
    }

    func testARunsReportShowsItsScoresInTheBrowser() throws {
        let run = try XCTUnwrap(Self.run), dir = try Binaries.scratch("report-page")
        let page = dir + "/r.html"
        let r = try Binaries.run("wgan-report", [run, "--out", page, "--count", "600"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // The figures wgan-evaluate gives for the same samples.
        let e = try Binaries.json(
            try Binaries.run("wgan-evaluate", ["--model", run, "--count", "600", "--seed", "0", "--json"]))
        let inception = String(format: "%.3f", try XCTUnwrap(e["inception_score"] as? Double))
        let frechet = String(format: "%.3f", try XCTUnwrap(e["frechet_distance"] as? Double))
        let seen = try check(page, expect: ["Inception Score=\(inception)", "Frechet distance=\(frechet)"])
        // samples, one row per code value, the walk; the curves (2 panels) and the scores over training (4)
        XCTAssertEqual((seen["images"] as? [Any])?.count, 3)
        XCTAssertEqual((seen["charts"] as? [Int])?.count, 2)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertFalse(html.contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertFalse(html.contains("https://"))
        XCTAssertTrue(html.contains("wgan-train --out \(run) --loss wgan-gp --arch mlp"), "the command")
        // No label in exponent form on any axis.
        XCTAssertNil(html.range(of: #">-?[0-9.]+[eE][+-]?[0-9]+<"#, options: .regularExpression))
    }

    func testAGeneratorFilesReportHasNoTrainingSection() throws {
        let dir = try Binaries.scratch("report-file")
        let page = dir + "/c.html"
        let r = try Binaries.run(
            "wgan-report", [Binaries.root + "/Models/wgan-gp-mnist-conditional.h5", "--out", page, "--count", "1000"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let seen = try check(page, expect: [])
        let scores = try XCTUnwrap(seen["scores"] as? [String: [String]])
        XCTAssertNotNil(scores["label accuracy"])
        XCTAssertEqual((seen["charts"] as? [Int])?.count, 0)
    }

    func testBadInputIsOneLineAndWritesNothing() throws {
        let dir = try Binaries.scratch("report-bad")
        try FileManager.default.createDirectory(atPath: dir + "/empty-run", withIntermediateDirectories: true)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-report", [dir + "/empty-run", "--out", dir + "/a.html"]),
            mentioning: ["empty-run", "checkpoint"])
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/file", contents: Data("x".utf8)))
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-report",
                [Binaries.root + "/Models/wgan-gp-mnist.h5", "--out", dir + "/file/b.html", "--count", "500"]),
            mentioning: ["file"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-report", [Binaries.root + "/Models/wgan-gp-mnist.h5", "--out", dir + "/c.png"]),
            mentioning: ["--out", ".html"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["empty-run", "file"])
    }
}
