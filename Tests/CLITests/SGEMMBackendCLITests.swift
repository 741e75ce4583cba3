import Foundation
import IO
import XCTest

/// The two sgemm libraries (`WGAN_SGEMM`): each says it ran, and they draw the same digits up to
/// rounding.
final class SGEMMBackendCLITests: XCTestCase {
    func testBothBackendsRunAndDrawTheSameDigits() throws {
        let dir = try Binaries.scratch("backends")
        var images: [Image] = []
        for (backend, name) in [("openblas", "OpenBLAS"), ("onednn", "oneDNN")] {
            let env = ["WGAN_SGEMM": backend]
            let json = try Binaries.json(Binaries.run("wgan-bench", ["--sample", "8", "--json"], environment: env))
            let sgemm = (json["processor"] as? [String: Any])?["sgemm"] as? String
            XCTAssertTrue(sgemm?.hasPrefix(name) ?? false, "\(backend): sgemm is \(sgemm ?? "missing")")
            let out = try Binaries.run(
                "wgan-sample", ["--grid", "4", "--count", "16", "--seed", "3", "--out", dir + "/\(backend).png"],
                environment: env)
            XCTAssertEqual(out.status, 0, out.stderr)
            images.append(try PNG.read(dir + "/\(backend).png"))
        }
        XCTAssertEqual(images[0].pixels.count, images[1].pixels.count)
        let worst = zip(images[0].pixels, images[1].pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
        XCTAssertLessThanOrEqual(worst, 2, "the backends' digits differ by \(worst) grey levels")
    }

    /// `WGAN_CONV` chooses whose strided convolutions train, and the processor line says which.
    func testConvolutionChoiceIsNamedAndTrains() throws {
        for (choice, name) in [("ours", "wgan-swift"), ("onednn", "oneDNN")] {
            let json = try Binaries.json(
                Binaries.run(
                    "wgan-bench", ["--iterations", "1", "--warmup", "0", "--batch-size", "8", "--json"],
                    environment: ["WGAN_CONV": choice]))
            let conv = (json["processor"] as? [String: Any])?["convolutions"] as? String
            XCTAssertTrue(conv?.hasPrefix(name) ?? false, "\(choice): convolutions are \(conv ?? "missing")")
            XCTAssertGreaterThan(json["seconds_per_iteration"] as? Double ?? 0, 0)
        }
    }

    /// A training iteration at the reference batch and a sampling run with every buffer guarded
    /// (`WGAN_GUARD=1`), on each sgemm and convolution choice: no kernel writes past a buffer.
    func testGuardedBuffersAreNotOverrun() throws {
        for env in [
            ["WGAN_SGEMM": "openblas", "WGAN_CONV": "ours"], ["WGAN_SGEMM": "onednn", "WGAN_CONV": "ours"],
            ["WGAN_SGEMM": "onednn", "WGAN_CONV": "onednn"],
        ] {
            for args in [["--iterations", "1", "--warmup", "0", "--json"], ["--sample", "200", "--json"]] {
                let r = try Binaries.run("wgan-bench", args, environment: env.merging(["WGAN_GUARD": "1"]) { $1 })
                XCTAssertEqual(r.status, 0, "\(env) \(args): \(r.stderr)")
            }
        }
    }
}
