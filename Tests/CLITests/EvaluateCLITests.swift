import Foundation
import IO
import XCTest

/// wgan-evaluate with the committed classifier.
final class EvaluateCLITests: XCTestCase {
    static let classifier = Binaries.root + "/Models/mnist-classifier.h5"

    func testRealTestSetIsTheReferenceAndAnUntrainedGeneratorScoresFarBelow() throws {
        let real = try Binaries.json(Binaries.run("wgan-evaluate", ["--real", "--json"]))
        for key in [
            "inception_score", "inception_score_std", "class_histogram", "modes_covered", "kl_to_uniform",
            "min_class_share",
            "mean_confidence", "frechet_distance", "precision", "recall", "count",
        ] {
            XCTAssertNotNil(real[key], "missing \(key)")
        }
        XCTAssertEqual(real["count"] as? Int, 10_000)
        XCTAssertGreaterThan(real["inception_score"] as! Double, 9.5)
        XCTAssertEqual(real["modes_covered"] as? Int, 10)
        XCTAssertLessThan(real["kl_to_uniform"] as! Double, 0.01)
        XCTAssertGreaterThan(real["precision"] as! Double, 0.6)
        XCTAssertGreaterThan(real["recall"] as! Double, 0.6)

        // A generator after one step of training: noise, far below the real figures.
        let model = try XCTUnwrap(SampleInterpolateCLITests.model)
        let fresh = try Binaries.json(Binaries.run("wgan-evaluate", ["--model", model, "--count", "1000", "--json"]))
        XCTAssertEqual(fresh["count"] as? Int, 1000)
        XCTAssertLessThan(fresh["inception_score"] as! Double, 0.5 * (real["inception_score"] as! Double))
        XCTAssertGreaterThan(fresh["frechet_distance"] as! Double, 10 * max(real["frechet_distance"] as! Double, 0.1))
    }

    func testScoringAModelAndItsPNGsAgree() throws {
        let model = try XCTUnwrap(SampleInterpolateCLITests.model), dir = try Binaries.scratch("evalpng")
        XCTAssertEqual(
            try Binaries.run("wgan-sample", ["--model", model, "--count", "300", "--seed", "4", "--out", dir]).status, 0
        )
        let a = try Binaries.json(
            Binaries.run("wgan-evaluate", ["--model", model, "--count", "300", "--seed", "4", "--json"]))
        let b = try Binaries.json(
            Binaries.run("wgan-evaluate", ["--images", dir, "--json", "--report", dir + "/report"]))
        XCTAssertEqual(a["inception_score"] as? Double, b["inception_score"] as? Double)
        XCTAssertEqual(a["class_histogram"] as? [Int], b["class_histogram"] as? [Int])
        XCTAssertEqual(try PNG.info(dir + "/report/histogram.png").isColor, true)
        XCTAssertEqual(try PNG.info(dir + "/report/samples-by-class.png").height, 10 * 60 + 4)
    }

    /// wgan-progress scores each kept checkpoint: one table row each under aligned headings, the CSV
    /// and the chart.
    func testProgressScoresEveryCheckpoint() throws {
        let run = try XCTUnwrap(TrainResumeCLITests.run), dir = try Binaries.scratch("progress")
        let r = try Binaries.run(
            "wgan-progress", [run, "--count", "200", "--out", dir + "/p.png", "--csv", dir + "/p.csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, r.stdout)
        let header = try XCTUnwrap(lines.first), row = try XCTUnwrap(lines.last)
        XCTAssertEqual(header.count, row.count, "columns do not line up:\n\(r.stdout)")
        for heading in ["step", "IS", "FD"] {
            // Each number ends where its heading ends (right-aligned columns).
            let end = try XCTUnwrap(header.range(of: heading)).upperBound.utf16Offset(in: header)
            let cell = row.prefix(end).split(separator: " ").last.map(String.init) ?? ""
            XCTAssertNotNil(Double(cell), "\(heading): '\(cell)' in\n\(r.stdout)")
            XCTAssertNotEqual(row[row.index(row.startIndex, offsetBy: end - 1)], " ", heading)
        }
        XCTAssertTrue(row.hasPrefix(URL(fileURLWithPath: run).lastPathComponent + " "), row)
        let csv = try String(contentsOfFile: dir + "/p.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 2)
        XCTAssertTrue(try PNG.info(dir + "/p.png").isColor)
    }

    func testBadFoldersAndFilesGiveOneLine() throws {
        let dir = try Binaries.scratch("evalbad")
        for sub in ["notpng", "size", "colour", "empty"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
        }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: "\(dir)/notpng/a.png"))
        try PNG.write(Image(width: 32, height: 28, channels: 1), to: "\(dir)/size/b.png")
        // RGB folders are Stacked-MNIST samples now; a folder mixing both kinds is the error.
        try PNG.write(Image(width: 28, height: 28, channels: 1), to: "\(dir)/colour/b.png")
        try PNG.write(Image(width: 28, height: 28, channels: 3), to: "\(dir)/colour/c.png")
        let cases: [([String], [String])] = [
            (["--images", "\(dir)/notpng"], ["a.png", "not a PNG"]),
            (["--images", "\(dir)/size"], ["b.png", "32x28"]),
            (["--images", "\(dir)/colour"], ["c.png", "RGB", "one kind"]),
            (["--images", "\(dir)/empty"], ["empty", "no PNG"]),
            (["--images", "\(dir)/absent"], ["absent", "no such folder"]),
            (["--real", "--classifier", "\(dir)/none.h5"], ["none.h5", "no such file"]),
            (["--real", "--model", "x"], ["choose one of"]),
            (["--model", "x", "--count", "0"], ["--count"]),
        ]
        for (args, words) in cases {
            Binaries.assertOneLineFailure(try Binaries.run("wgan-evaluate", args), mentioning: words)
        }
    }
}

/// Intervals in the text and the JSON, and `--compare`'s verdicts.
final class CompareCLITests: XCTestCase {
    static let model = Binaries.root + "/Models/wgan-gp-mnist.h5"

    func testEveryScoreHasAnIntervalInTheJSON() throws {
        let j = try Binaries.json(try Binaries.run("wgan-evaluate", ["--count", "1000", "--json"]))
        for key in [
            "inception_score", "modes_covered", "kl_to_uniform", "mean_confidence", "frechet_distance", "kid",
            "precision", "recall", "density", "coverage", "duplicate_share", "code_purity",
        ] {
            let interval = try XCTUnwrap(j[key + "_interval"] as? [Double], key)
            let value = try XCTUnwrap(j[key] as? Double, key)
            XCTAssertEqual(interval.count, 2, key)
            XCTAssertLessThanOrEqual(interval[0], value, key)
            XCTAssertGreaterThanOrEqual(interval[1], value, key)
        }
    }

    /// A subset of the real test set, scored at the size of a small sample.
    func testTheRealSetAtASmallerCount() throws {
        let j = try Binaries.json(try Binaries.run("wgan-evaluate", ["--real", "--count", "500", "--json"]))
        XCTAssertEqual(j["count"] as? Int, 500)
        XCTAssertNotNil(j["frechet_distance_interval"] as? [Double])
    }

    /// One model under two seeds: no score may call the samples different.
    func testAModelAgainstItselfIsNoDifference() throws {
        let r = try Binaries.run(
            "wgan-evaluate", ["--compare", Self.model, Self.model, "--seed-b", "1", "--count", "2000", "--json"])
        let j = try Binaries.json(r)
        let rows = try XCTUnwrap(j["scores"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(rows.count, 12)
        for row in rows { XCTAssertEqual(row["verdict"] as? String, "no difference", "\(row)") }
    }

    /// A trained model against a one-step one: the trained one wins on the scores that see quality.
    func testATrainedModelBeatsAnUntrainedOne() throws {
        let untrained = try XCTUnwrap(ConditionalStackedCLITests.oneStep("compare-untrained", ["--codes", "10"]))
        let r = try Binaries.run("wgan-evaluate", ["--compare", Self.model, untrained, "--count", "1000"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["Inception Score", "Frechet distance", "precision", "confidence"] {
            let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix(name) }, name)
            XCTAssertTrue(line.hasSuffix("A better"), String(line))
        }
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-evaluate", ["--compare", Self.model]), mentioning: ["--compare", "two"])
    }
}
