import Engine
import Foundation
import TestSupport
import IO
import WGAN
import XCTest

final class LatentTests: XCTestCase {
    func vectors(_ seed: UInt64, _ d: Int = 16) -> ([Float], [Float]) {
        let z = Latents.draw(seed: seed, count: 2, dim: d).values
        return (Array(z[0..<d]), Array(z[d...]))
    }

    func distance(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
    }
    func norm(_ a: [Float]) -> Double { distance(a, [Float](repeating: 0, count: a.count)) }

    func testEndpointsAreExact() {
        let (a, b) = vectors(1)
        for mode in Latents.Mode.allCases {
            XCTAssertEqual(Latents.interpolate(a, b, t: 0, mode: mode), a)
            XCTAssertEqual(Latents.interpolate(a, b, t: 1, mode: mode), b)
        }
    }

    func testFramesAdvanceAtAnEvenPace() {
        // Slerp runs at constant speed between vectors of equal norm (latents of one size, as N(0, I) draws nearly are).
        var (a, b) = vectors(2, 128)
        let s = Float(norm(a) / norm(b))
        b = b.map { $0 * s }
        for mode in Latents.Mode.allCases {
            let frames = (0...20).map { Latents.interpolate(a, b, t: Double($0) / 20, mode: mode) }
            let steps = zip(frames, frames.dropFirst()).map { distance($0, $1) }
            // Equal chords: slerp moves at constant angular speed, lerp at constant speed.
            XCTAssertLessThan(steps.max()! - steps.min()!, 0.01 * steps.max()!, "\(mode)")
            XCTAssertLessThan(steps.max()!, 0.1 * distance(a, b) * 1.01, "\(mode): a jump")
        }
    }

    func testSlerpKeepsTheNormOfEqualNormVectorsAndLerpShrinksIt() {
        var (a, b) = vectors(3, 128)
        let s = Float(norm(a) / norm(b))
        b = b.map { $0 * s }
        let mid = Latents.interpolate(a, b, t: 0.5, mode: .slerp)
        XCTAssertEqual(norm(mid), norm(a), accuracy: 1e-4 * norm(a))
        XCTAssertLessThan(norm(Latents.interpolate(a, b, t: 0.5, mode: .lerp)), 0.9 * norm(a))
    }

    func testParallelVectorsFallBackToLerp() {
        let a: [Float] = [1, 2, 3], b: [Float] = [2, 4, 6]
        let m = Latents.interpolate(a, b, t: 0.25, mode: .slerp)
        XCTAssertEqual(m.map { Double($0) }, [1.25, 2.5, 3.75])
        XCTAssertTrue(Latents.interpolate(a, a, t: 0.5, mode: .slerp).allSatisfy(\.isFinite))
    }

    func testPathCountsAndLoop() {
        let k = Latents.draw(seed: 4, count: 3, dim: 8)
        let open = Latents.path(k, steps: 5, mode: .slerp, loop: false)
        XCTAssertEqual(open.shape, [9, 8])  // 2 segments x 4 + 1
        let closed = Latents.path(k, steps: 5, mode: .slerp, loop: true)
        XCTAssertEqual(closed.shape, [12, 8])  // 3 segments x 4, the start not repeated
        let rows = { (t: Tensor, i: Int) in Array(t.values[(i * 8)..<(i * 8 + 8)]) }
        XCTAssertEqual(rows(open, 0), rows(k, 0))
        XCTAssertEqual(rows(open, 4), rows(k, 1))
        XCTAssertEqual(rows(open, 8), rows(k, 2))
        XCTAssertEqual(rows(closed, 8), rows(k, 2))
    }

    func testLatentFilesRoundTripExactly() throws {
        let z = Latents.draw(seed: 5, count: 7, dim: 12)
        ScratchCleanup.registered
        let path = NSTemporaryDirectory() + "latents-\(getpid()).txt"
        try Latents.write(z, to: path, comment: "test")
        XCTAssertEqual(try Latents.read(path, dim: 12).values, z.values)
        XCTAssertEqual(
            try Latents.read(path, dim: 12, indices: [6, 0]).values, Array(z.values[72...]) + Array(z.values[0..<12]))
        XCTAssertThrowsError(try Latents.read(path, dim: 13)) {
            XCTAssertTrue("\($0)".contains("latent size is 13"), "\($0)")
        }
        XCTAssertThrowsError(try Latents.read(path, dim: 12, indices: [7])) {
            XCTAssertTrue("\($0)".contains("out of range"), "\($0)")
        }
    }

    /// An image's bytes depend on its latent vector only: the same vector in any slot of any batch,
    /// among any neighbours and counts, gives the same image, for every generator architecture.
    func testAnImageDependsOnItsLatentVectorOnly() {
        for arch in [Architecture.dcgan, .hybrid, .wideCompact, .mlp, .small] {
            var rng = RandomGenerator(seed: 8)
            var config = TrainingConfig()
            config.architecture = arch
            let loaded = LoadedGenerator(
                network: arch.makeGenerator(latentDim: 128, rng: &rng), config: config, step: 0, path: "memory")
            let target = Latents.draw(seed: 12, count: 1, dim: 128)
            let alone = loaded.generate(target).values
            for (count, slot) in [(2, 1), (64, 0), (64, 37), (64, 63), (65, 64), (130, 77), (9, 6)] {
                let others = rng.normal(shape: [count, 128])
                (others.pointer + slot * 128).update(from: target.pointer, count: 128)
                let images = loaded.generate(others)
                XCTAssertEqual(
                    Array(images.values[(slot * 784)..<((slot + 1) * 784)]), alone,
                    "\(arch.rawValue): slot \(slot) of \(count)")
            }
        }
    }

    func testEndpointFramesReproduceTheEndpointImages() throws {
        var rng = RandomGenerator(seed: 8)
        let g = DCGANGenerator(rng: &rng)
        let loaded = LoadedGenerator(network: g, config: TrainingConfig(), step: 0, path: "memory", notes: [:])
        let keys = Latents.draw(seed: 11, count: 2, dim: 128)
        for mode in Latents.Mode.allCases {
            let frames = loaded.generate(Latents.path(keys, steps: 9, mode: mode, loop: false))
            let ends = loaded.generate(keys)
            XCTAssertEqual(Array(frames.values[0..<784]), Array(ends.values[0..<784]), "\(mode): first frame")
            XCTAssertEqual(Array(frames.values[(8 * 784)...]), Array(ends.values[784...]), "\(mode): last frame")
        }
    }
}
