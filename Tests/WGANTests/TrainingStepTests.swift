import Engine
import Foundation
import NN
import WGAN
import XCTest

/// Whole training steps of the reference networks at a small batch.
final class TrainingStepTests: XCTestCase {
    struct Run {
        var rng = RandomGenerator(seed: 2024)
        let g: DCGANGenerator, d: DCGANCritic
        let og: Adam, od: Adam
        init() {
            var init_ = RandomGenerator(seed: 1)
            g = DCGANGenerator(rng: &init_)
            d = DCGANCritic(rng: &init_)
            og = Adam(parameters: g.parameters)
            od = Adam(parameters: d.parameters)
        }
        var bytes: [[Float]] {
            (g.parameters + g.buffers + d.parameters + og.stateTensors + od.stateTensors).map(\.tensor.values)
        }

        /// One generator iteration: n_critic critic updates with penalty, then a generator update.
        mutating func iteration(batch: Int, nCritic: Int) throws -> (CriticStats, Float) {
            var stats: CriticStats?
            for _ in 0..<nCritic {
                let real = rng.uniform(shape: [batch, 28, 28, 1], low: -1, high: 1)
                stats = try criticStep(
                    generator: g, critic: d, optimizer: od, real: real, loss: .wganGP,
                    gpWeight: 10, clip: 0.01, rng: &rng)
            }
            let gl = try generatorStep(generator: g, critic: d, optimizer: og, batchSize: batch, rng: &rng)
            return (stats!, gl)
        }
    }

    func testOneIterationChangesEveryWeightAndIsReproducible() throws {
        var a = Run()
        let before = a.bytes
        let (stats, gl) = try a.iteration(batch: 4, nCritic: 2)
        XCTAssertTrue(stats.loss.isFinite && stats.penalty.isFinite && gl.isFinite)
        XCTAssertGreaterThan(stats.penalty, 0)
        let after = a.bytes
        // Every parameter and optimizer slot of both networks moved, but for the critic's output bias:
        // it shifts D(real) and D(fake) alike, so the Wasserstein loss gives it exactly zero gradient.
        let names =
            (a.g.parameters + a.g.buffers + a.d.parameters).map(\.name)
            + (a.og.stateTensors + a.od.stateTensors).map { "optimizer:" + $0.name }
        for (name, (x, y)) in zip(names, zip(before, after)) {
            if name.hasSuffix("dense.bias") {  // the generator's dense layer has no bias: this is the critic's
                XCTAssertEqual(x, y, "\(name) should get no gradient")
            } else {
                XCTAssertNotEqual(x, y, "\(name) did not change")
            }
        }
        var b = Run()
        _ = try b.iteration(batch: 4, nCritic: 2)
        XCTAssertEqual(a.bytes, b.bytes, "same seed, different bytes")
        XCTAssertEqual(a.rng, b.rng)
    }

    func testStepsLeaveNoMemoryBehind() throws {
        // Live buffers after a few iterations must not grow with more: a cycle in the graph (a rule
        // holding its own output) once kept every step's activations alive.
        var run = Run()
        for _ in 0..<2 { _ = try run.iteration(batch: 4, nCritic: 2) }
        let settled = Storage.liveFloats
        for _ in 0..<3 { _ = try run.iteration(batch: 4, nCritic: 2) }
        XCTAssertEqual(Storage.liveFloats, settled, "live floats grew by \(Storage.liveFloats - settled)")
    }

    func testClippedCriticStaysInsideTheBox() throws {
        var run = Run()
        let rms = RMSProp(parameters: run.d.parameters, learningRate: 5e-5)
        let real = run.rng.uniform(shape: [3, 28, 28, 1], low: -1, high: 1)
        let s = try criticStep(
            generator: run.g, critic: run.d, optimizer: rms, real: real, loss: .wganClip,
            gpWeight: 0, clip: 0.01, rng: &run.rng)
        XCTAssertEqual(s.penalty, 0)
        XCTAssertEqual(s.loss, -s.wasserstein, accuracy: 1e-6)
        for p in run.d.parameters { XCTAssertLessThanOrEqual(p.tensor.values.map(abs).max()!, 0.01) }
    }

    /// The standard GAN's two losses against their formulas on the critic's own scores.
    func testStandardGANLossesByFormula() throws {
        var run = Run()
        let real = run.rng.uniform(shape: [3, 28, 28, 1], low: -1, high: 1)
        // The critic update's loss is computed before the update: predict it from the same draws.
        var probe = run.rng
        let z = sampleLatent(3, 128, rng: &probe)
        let fake = withoutGrad { run.g(z, training: true) }
        var dropRNG = probe
        let out = withoutGrad { run.d(concatBatch([real, fake]), training: true, rng: &dropRNG) }
        let scores: [Double] = out.values.map { Double($0) }
        func softplus(_ x: Double) -> Double { Foundation.log(1 + Foundation.exp(x)) }
        var expected = 0.0
        for i in 0..<3 { expected += softplus(-scores[i]) / 3 + softplus(scores[3 + i]) / 3 }
        let od = Adam(parameters: run.d.parameters)
        let s = try criticStep(
            generator: run.g, critic: run.d, optimizer: od, real: real, loss: .gan, gpWeight: 10, clip: 0, rng: &run.rng
        )
        XCTAssertEqual(Double(s.loss), expected, accuracy: 1e-5)
        XCTAssertEqual(s.penalty, 0)
        // Generator: the non-saturating E[softplus(-D(G(z)))], positive and finite.
        let gl = try generatorStep(
            generator: run.g, critic: run.d, optimizer: run.og, batchSize: 3, loss: .gan, rng: &run.rng)
        XCTAssertTrue(gl > 0 && gl.isFinite)
    }

    func testPenaltyPullsGradientNormTowardOne() throws {
        // With only the penalty to minimise (no real/fake signal), 10 Adam steps shrink it a hundredfold.
        var rng = RandomGenerator(seed: 5)
        let d = DCGANCritic(rng: &rng)
        for p in d.parameters where p.name.hasSuffix("kernel") { p.tensor.assign(scale(p.tensor, 3)) }
        let opt = Adam(parameters: d.parameters, learningRate: 1e-3)
        let x = rng.uniform(shape: [4, 28, 28, 1], low: -1, high: 1)
        func penalty() throws -> Tensor {
            x.requiresGrad = true
            let gx = try gradients(of: sum(d(x, training: false, rng: &rng)), wrt: [x], createGraph: true)[0]
            return mean(square(addScalar(sqrt(addScalar(sumRows(square(reshape(gx, [4, -1]))), 1e-12)), -1)))
        }
        let first = try penalty().item
        XCTAssertGreaterThan(first, 1)
        for _ in 0..<10 { let p = try penalty(); opt.update(try gradients(of: p, wrt: d.parameters.map(\.tensor))) }
        XCTAssertLessThan(try penalty().item, first * 0.01)
    }
}

/// Every architecture maps z [N, 128] (and classes) to images [N, 28, 28, C] in [-1, 1] and images to scores [N, 1].
final class ArchitectureShapeTests: XCTestCase {
    func testEveryArchitectureHasTheContractShapes() {
        for arch in Architecture.allCases {
            for spec in [ImageSpec.mnist, ImageSpec(channels: 1, classes: 10), ImageSpec(channels: 3, classes: 0)] {
                let tag = "\(arch.rawValue) \(spec)"
                var rng = RandomGenerator(seed: 5)
                let g = arch.makeGenerator(latentDim: 128, spec: spec, rng: &rng),
                    d = arch.makeCritic(spec: spec, rng: &rng)
                let labels = spec.isConditional ? oneHot([3, 1, 4], classes: 10) : nil
                let x = withoutGrad { g(rng.normal(shape: [3, 128]), labels: labels, training: false) }
                XCTAssertEqual(x.shape, [3, 28, 28, spec.channels], tag)
                XCTAssertTrue(x.values.allSatisfy { $0 >= -1 && $0 <= 1 }, tag)
                XCTAssertEqual(withoutGrad { d(x, labels: labels, training: false, rng: &rng) }.shape, [3, 1], tag)
                // The class layers exist exactly when conditional, under their own names.
                XCTAssertEqual(g.parameters.contains { $0.name == "label.kernel" }, spec.isConditional, tag)
                XCTAssertEqual(d.parameters.contains { $0.name == "projection.kernel" }, spec.isConditional, tag)
            }
        }
    }

    /// A conditional generator's digits depend on the class; its critic's projection starts at zero
    /// (an unconditional critic) and learns a class term in one update.
    func testClassesChangeTheOutput() throws {
        var rng = RandomGenerator(seed: 8)
        let spec = ImageSpec(channels: 1, classes: 10)
        let g = Architecture.compact.makeGenerator(latentDim: 16, spec: spec, rng: &rng),
            d = Architecture.compact.makeCritic(spec: spec, rng: &rng)
        let z = rng.normal(shape: [2, 16])
        let zz = concatBatch([z, z])
        let images = withoutGrad { g(zz, labels: oneHot([3, 5, 8, 8], classes: 10), training: false) }
        XCTAssertNotEqual(sliceBatch(images, 0, 2).values, sliceBatch(images, 2, 2).values)
        let x = rng.uniform(shape: [2, 28, 28, 1], low: -1, high: 1)
        let before = withoutGrad {
            d(concatBatch([x, x]), labels: oneHot([1, 2, 7, 9], classes: 10), training: false, rng: &rng)
        }.values
        XCTAssertEqual(Array(before[0..<2]), Array(before[2..<4]), "a fresh projection should ignore the class")
        let od = Adam(parameters: d.parameters, learningRate: 1e-2)
        _ = try criticStep(
            generator: g, critic: d, optimizer: od, real: x, labels: oneHot([1, 2], classes: 10), loss: .wganGP,
            gpWeight: 10, clip: 0, rng: &rng)
        let after = withoutGrad {
            d(concatBatch([x, x]), labels: oneHot([1, 2, 7, 9], classes: 10), training: false, rng: &rng)
        }.values
        XCTAssertNotEqual(Array(after[0..<2]), Array(after[2..<4]), "the projection did not learn")
    }

    /// `compact` is the `medium` generator against the `medium` critic at half its widths;
    /// `hybrid-wide` is `hybrid` with a 4 x 1024 fully connected critic.
    func testVariantsShareTheirGeneratorAndChangeOnlyTheCritic() {
        let cases: [(Architecture, Architecture, [[Int]])] = [
            (.compact, .medium, [[5, 5, 1, 32], [5, 5, 32, 64], [5, 5, 64, 128], [2048, 1]]),
            (.hybridWide, .hybrid, [[784, 1024], [1024, 1024], [1024, 1024], [1024, 1024], [1024, 1]]),
        ]
        let shapes = { (m: Module) in m.parameters.map { "\($0.name) \($0.tensor.shape)" } }
        for (variant, base, kernels) in cases {
            var rng = RandomGenerator(seed: 5)
            XCTAssertEqual(
                shapes(variant.makeGenerator(latentDim: 128, rng: &rng)),
                shapes(base.makeGenerator(latentDim: 128, rng: &rng)),
                variant.rawValue)
            XCTAssertEqual(
                variant.makeCritic(rng: &rng).parameters.filter { $0.name.hasSuffix("kernel") }.map(\.tensor.shape),
                kernels,
                variant.rawValue)
        }
    }
}
