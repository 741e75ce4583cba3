import Engine
import Foundation
import NN
import WGAN
import XCTest

/// The unsupervised categorical code (InfoGAN): the networks' shapes, the column split the penalty
/// differentiates twice, and the code's cross-entropy in a critic update.
final class InfoCodeTests: XCTestCase {
    let spec = ImageSpec(channels: 1, classes: 0, codes: 3)

    func testEveryArchitectureTakesTheCodeAndGuessesIt() {
        for arch in Architecture.allCases {
            var rng = RandomGenerator(seed: 5)
            let g = arch.makeGenerator(latentDim: 16, spec: spec, rng: &rng), d = arch.makeCritic(spec: spec, rng: &rng)
            let x = withoutGrad { g(rng.normal(shape: [2, 16]), labels: oneHot([2, 0], classes: 3), training: false) }
            XCTAssertEqual(x.shape, [2, 28, 28, 1], arch.rawValue)
            XCTAssertEqual(withoutGrad { d(x, labels: nil, training: false, rng: &rng) }.shape, [2, 4], arch.rawValue)
            XCTAssertEqual(g.parameters.first { $0.name == "label.kernel" }?.tensor.shape.first, 3, arch.rawValue)
            XCTAssertFalse(d.parameters.contains { $0.name == "projection.kernel" }, arch.rawValue)
        }
    }

    func testColumnsSelectValuesAndPassGradientsBack() throws {
        let x = Tensor(shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
        x.requiresGrad = true
        let (scores, logits) = InfoCode.split(x, codes: 3)
        XCTAssertEqual(scores.values, [1, 5])
        XCTAssertEqual(logits!.values, [2, 3, 4, 6, 7, 8])
        XCTAssertNil(InfoCode.split(x, codes: 0).logits)
        let g = try gradients(of: add(scale(sum(scores), 10), sum(logits!)), wrt: [x])[0]
        XCTAssertEqual(g.values, [10, 1, 1, 1, 10, 1, 1, 1])
    }

    /// The penalty on the score column of a critic with a code head, differentiated in its parameters,
    /// against central differences (a small fully connected critic, so every weight is checked).
    func testPenaltyThroughTheScoreColumnMatchesFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 21)
        let critic = MLPCritic(hidden: 6, depth: 1, spec: spec, rng: &rng)
        for p in critic.parameters { p.tensor.assign(rng.uniform(shape: p.tensor.shape, low: -0.5, high: 0.5)) }
        let x = rng.uniform(shape: [2, 28, 28, 1], low: -1, high: 1)
        x.requiresGrad = true
        func penalty() throws -> Tensor {
            var r = RandomGenerator(seed: 0)
            let scores = InfoCode.split(critic(x, labels: nil, training: true, rng: &r), codes: 3).scores
            let gx = try gradients(of: sum(scores), wrt: [x], createGraph: true)[0]
            let norms = sqrt(addScalar(sumRows(square(reshape(gx, [2, -1]))), 1e-12))
            return mean(square(addScalar(norms, -1)))
        }
        let params = critic.parameters.map(\.tensor)
        let analytic = try gradients(of: try penalty(), wrt: params)
        let h: Float = 1e-3
        var checked = 0, failed = 0, moved = 0
        for (k, p) in params.enumerated() {
            for i in stride(from: 0, to: p.count, by: p.count > 100 ? 37 : 1) {
                let saved = p.pointer[i]
                p.pointer[i] = saved + h
                let up = try penalty().item
                p.pointer[i] = saved - h
                let down = try penalty().item
                p.pointer[i] = saved
                let numeric = (up - down) / (2 * h), a = analytic[k].pointer[i]
                checked += 1
                if abs(numeric) > 1e-3 { moved += 1 }
                if abs(a - numeric) > 2e-2 + 2e-2 * abs(numeric) { failed += 1 }
            }
        }
        XCTAssertGreaterThan(moved, checked / 4, "the penalty should depend on most weights")
        XCTAssertLessThanOrEqual(Double(failed), 0.02 * Double(checked), "\(failed) of \(checked) elements disagree")
    }

    /// A critic update's code term is the mean cross-entropy of the fakes' logits against the codes
    /// drawn for them, recomputed here from the same draws in double precision; an update with a
    /// large weight lowers it.
    func testCriticUpdateAddsTheCodesCrossEntropy() throws {
        var initRNG = RandomGenerator(seed: 3)
        let g = Architecture.mlp.makeGenerator(latentDim: 8, spec: spec, rng: &initRNG)
        let d = Architecture.mlp.makeCritic(spec: spec, rng: &initRNG)
        let real = initRNG.uniform(shape: [6, 28, 28, 1], low: -1, high: 1)
        // A code that shows plainly in the image, so that Q has something to learn in a few updates.
        let label = g.parameters.first { $0.name == "label.kernel" }!.tensor
        for i in 0..<label.count { label.pointer[i] *= 20 }
        var rng = RandomGenerator(seed: 44)
        var replay = rng
        let z = sampleLatent(6, 8, rng: &replay)
        let codes = InfoCode.draw(6, values: 3, rng: &replay)
        var unused = RandomGenerator(seed: 0)
        let logits = withoutGrad {
            InfoCode.split(
                d(g(z, labels: oneHot(codes, classes: 3), training: true), labels: nil, training: true, rng: &unused),
                codes: 3
            ).logits!
        }
        var expected = 0.0
        for i in 0..<6 {
            let row = (0..<3).map { Double(logits.pointer[i * 3 + $0]) }
            let m = row.max()!
            expected += m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +)) - row[codes[i]]
        }
        expected /= 6
        let od = Adam(parameters: d.parameters, learningRate: 1e-3)
        let first = try criticStep(
            generator: g, critic: d, optimizer: od, real: real, loss: .wganGP, gpWeight: 10, clip: 0, infoWeight: 100,
            rng: &rng)
        XCTAssertEqual(Double(first.info), expected, accuracy: 1e-4 * max(1, expected))
        var last = first
        for _ in 0..<20 {
            last = try criticStep(
                generator: g, critic: d, optimizer: od, real: real, loss: .wganGP, gpWeight: 10, clip: 0,
                infoWeight: 100, rng: &rng)
        }
        XCTAssertLessThan(last.info, first.info / 2, "Q did not learn the codes of a fixed generator")
    }

    func testCodesAndClassesExcludeEachOther() {
        var c = TrainingConfig.defaults(for: .wganGP)
        c.codes = 10
        XCTAssertTrue(c.invalidFields.isEmpty)
        XCTAssertEqual(c.imageSpec, ImageSpec(channels: 1, classes: 0, codes: 10))
        c.conditional = true
        XCTAssertEqual(c.invalidFields.map(\.key), ["conditional"])
    }
}
