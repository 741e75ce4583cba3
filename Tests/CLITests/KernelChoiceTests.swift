import Foundation
import IO
import XCTest

/// Kernels are chosen by measuring on this machine, once, and a resumed run keeps the kernels it
/// trained with.
final class KernelChoiceTests: XCTestCase {
    func cacheEntries(_ dir: String) throws -> [String: [String: Any]] {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/wgan-swift/kernels.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
    }

    /// The first tool measures (one line), caches under the machine's key, and later tools read the
    /// cache silently; the benchmark names the kernels it ran, and the variables still override.
    func testTheFirstToolMeasuresAndLaterOnesReadTheCache() throws {
        let cache = try Binaries.scratch("fresh-cache"), out = try Binaries.scratch("tuned")
        let first = try Binaries.run(
            "wgan-sample", ["--count", "1", "--out", out + "/a"], environment: ["XDG_CACHE_HOME": cache])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("measured the kernels for this processor once"), first.stderr)
        let entries = try cacheEntries(cache)
        XCTAssertEqual(entries.count, 1)
        let entry = try XCTUnwrap(entries.values.first)
        let choice = try XCTUnwrap(entry["choice"] as? [String: String])
        XCTAssertEqual((entry["seconds"] as? [Double])?.count, 4)
        let again = try Binaries.run(
            "wgan-sample", ["--count", "1", "--out", out + "/b"], environment: ["XDG_CACHE_HOME": cache])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stderr.contains("measured"), again.stderr)
        let bench = try Binaries.json(
            try Binaries.run(
                "wgan-bench", ["--arch", "mlp", "--iterations", "1", "--warmup", "0", "--json"],
                environment: ["XDG_CACHE_HOME": cache]))
        let kernels = try XCTUnwrap(bench["kernels"] as? String)
        XCTAssertTrue(kernels.hasPrefix("sgemm=\(choice["sgemm"]!) conv=\(choice["conv"]!) ("), kernels)
        // Every combination a cache can hold is the one the tools then run (nothing fixes the
        // kernels before the choice is read).
        for (sgemm, conv) in [("openblas", "onednn"), ("onednn", "ours"), ("onednn", "onednn")] {
            var all = try cacheEntries(cache)
            for key in all.keys { all[key]?["choice"] = ["sgemm": sgemm, "conv": conv] }
            try JSONSerialization.data(withJSONObject: all).write(
                to: URL(fileURLWithPath: cache + "/wgan-swift/kernels.json"))
            let r = try Binaries.json(
                try Binaries.run(
                    "wgan-bench", ["--arch", "mlp", "--iterations", "1", "--warmup", "0", "--json"],
                    environment: ["XDG_CACHE_HOME": cache]))
            XCTAssertTrue((r["kernels"] as? String)?.hasPrefix("sgemm=\(sgemm) conv=\(conv) (") ?? false, "\(r)")
        }
        let forced = try Binaries.json(
            try Binaries.run(
                "wgan-bench", ["--arch", "mlp", "--iterations", "1", "--warmup", "0", "--json"],
                environment: ["XDG_CACHE_HOME": cache, "WGAN_SGEMM": "openblas", "WGAN_CONV": "ours"]))
        XCTAssertTrue((forced["kernels"] as? String)?.hasPrefix("sgemm=openblas conv=ours (") ?? false, "\(forced)")
    }

    /// A run trained on one set of kernels and resumed where the cache prefers another continues on
    /// its own kernels: the same bytes as the unbroken run. Asked for other kernels, it says so.
    func testAResumedRunKeepsItsKernels() throws {
        let base = try Binaries.scratch("keepkernels")
        // A cache that prefers the other kernels, under this machine's key.
        let cache = base + "/cache"
        try FileManager.default.createDirectory(atPath: cache + "/wgan-swift", withIntermediateDirectories: true)
        var entries = try cacheEntries(Binaries.kernelCache)
        for key in entries.keys { entries[key]?["choice"] = ["sgemm": "onednn", "conv": "onednn"] }
        try JSONSerialization.data(withJSONObject: entries).write(
            to: URL(fileURLWithPath: cache + "/wgan-swift/kernels.json"))
        let trained = ["XDG_CACHE_HOME": cache, "WGAN_SGEMM": "openblas", "WGAN_CONV": "ours"]
        let args = [
            "--arch", "small", "--batch-size", "8", "--n-critic", "1", "--checkpoint-every", "2", "--sample-every",
            "1000",
        ]
        for (name, steps) in [("whole", "4"), ("split", "2")] {
            let r = try Binaries.run(
                "wgan-train", ["--out", base + "/" + name, "--steps", steps] + args, environment: trained)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let resumed = try Binaries.run(
            "wgan-resume", [base + "/split", "--steps", "4"], environment: ["XDG_CACHE_HOME": cache])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertFalse(resumed.stderr.contains("rounds differently"), resumed.stderr)
        func losses(_ run: String) throws -> [String] {
            try String(contentsOfFile: run + "/log.csv", encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",").prefix(5).joined(separator: ",")
            }
        }
        XCTAssertEqual(try losses(base + "/split"), try losses(base + "/whole"))
        for item in ["/generator/dense/kernel", "/critic/conv1/kernel"] {
            let a = try HDF5File.open(base + "/whole/checkpoint.h5"),
                b = try HDF5File.open(base + "/split/checkpoint.h5")
            XCTAssertEqual(try a.read(item, as: Float.self).values, try b.read(item, as: Float.self).values, item)
            a.close()
            b.close()
        }
        // Asked for other kernels, the continuation says it will not match an unbroken run.
        try FileManager.default.copyItem(atPath: base + "/whole/checkpoints/step-000002.h5", toPath: base + "/other.h5")
        let other = try Binaries.run(
            "wgan-resume", [base + "/other.h5", "--out", base + "/other", "--steps", "3"],
            environment: ["XDG_CACHE_HOME": cache, "WGAN_SGEMM": "onednn", "WGAN_CONV": "onednn"])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertTrue(other.stderr.contains("rounds differently"), other.stderr)
    }

    /// The benchmark times wgan-train's step, so every flag it takes counts; one that cannot is refused.
    func testTheBenchmarkRefusesFlagsThatCannotApply() throws {
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-bench", ["--sample", "10", "--n-critic", "5"]),
            mentioning: ["--n-critic", "--sample"])
        Binaries.assertOneLineFailure(
            try Binaries.run(
                "wgan-bench", ["--sample", "10", "--model", "Models/wgan-gp-mnist.h5", "--arch", "dcgan"]),
            mentioning: ["--arch", "--model"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-bench", ["--conv-layers", "--codes", "3"]), mentioning: ["--codes", "--conv-layers"])
        let gan = try Binaries.json(
            try Binaries.run(
                "wgan-bench",
                ["--loss", "gan", "--arch", "mlp", "--conditional", "--iterations", "1", "--warmup", "0", "--json"]))
        XCTAssertEqual(gan["loss"] as? String, "gan")
    }
}
