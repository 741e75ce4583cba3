import Engine
import Metrics
import XCTest

/// The intervals, KID, density and coverage, and the verdicts of a comparison, on cases worked by hand.
final class IntervalTests: XCTestCase {
    /// The bootstrap standard error of a mean is the textbook sd / sqrt(n), up to resampling noise.
    func testTheBootstrapErrorOfAMeanIsTheTextbookOne() {
        var rng = RandomGenerator(seed: 4)
        let values = (0..<2_000).map { _ in Double(rng.uniform()) }
        let mean = values.reduce(0, +) / 2_000
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1_999).squareRoot()
        var boot = Bootstrap(seed: 1)
        let se = boot.meanError(values)
        XCTAssertEqual(se, sd / 2_000.0.squareRoot(), accuracy: 0.12 * sd / 2_000.0.squareRoot())
        // the same seed, the same interval
        var again = Bootstrap(seed: 1)
        XCTAssertEqual(again.meanError(values), se)
    }

    /// Density and coverage of Naeem et al. on points of a line, counted by hand. Real points 0, 1, 2,
    /// 3, 4, 5 (k = 5: each real radius reaches its 5th neighbour: 5, 4, 3, 3, 4, 5 squared 25, 16,
    /// 9, 9, 16, 25); samples at 0 and at 100.
    func testDensityAndCoverageByHand() {
        func column(_ v: [Float]) -> Tensor { Tensor(shape: [v.count, 1], values: v) }
        let real = column([0, 1, 2, 3, 4, 5]), fake = column([0, 100])
        let r5: [Float] = [25, 16, 9, 9, 16, 25]
        let m = Scoring.manifolds(fake: fake, real: real, realRadii: (k3: [9, 4, 1, 1, 4, 9], k5: r5))
        // the sample at 0 lies within the balls of 0 (25), 1 (16), 2 (9), 3 (9), 4 (16); 5's ball (25) too
        XCTAssertEqual(m.density, [6.0 / 5, 0])
        XCTAssertEqual(m.coverage, [1, 1, 1, 1, 1, 1])
        XCTAssertEqual(m.fakeInsideReal, [true, false])
        // the samples' own 3-NN radius: with two samples, the farthest other one (100^2), so every real point is inside
        XCTAssertEqual(m.realInsideFake, [true, true, true, true, true, true])
    }

    /// KID is near zero (within its interval) for two samples of one distribution and clearly
    /// positive for two different ones.
    func testKIDSeparatesDistributions() {
        var rng = RandomGenerator(seed: 9)
        func sample(_ n: Int, shift: Float) -> Tensor {
            let t = rng.normal(shape: [n, 8])
            return Tensor(shape: [n, 8], values: (0..<(n * 8)).map { t.pointer[$0] + shift })
        }
        let a = sample(2_000, shift: 0), b = sample(2_000, shift: 0), c = sample(2_000, shift: 0.5)
        let same = Scoring.kernelInceptionDistance(a, b, seed: 0)
        XCTAssertLessThanOrEqual(same.low, 0)
        XCTAssertGreaterThanOrEqual(same.high, 0)
        let different = Scoring.kernelInceptionDistance(a, c, seed: 0)
        XCTAssertGreaterThan(different.low, 0)
        XCTAssertGreaterThan(different.value, 10 * abs(same.value))
    }

    /// Verdicts: the direction of each score, and the joint interval.
    func testVerdictsFollowEachScoresDirection() {
        let is1 = ScoreSheet.definition("inception_score"), fd = ScoreSheet.definition("frechet_distance")
        let a = ScoreSheet(
            count: 100, entries: [(is1, Estimate(9.6, standardError: 0.01)), (fd, Estimate(0.3, standardError: 0.02))])
        let b = ScoreSheet(
            count: 100, entries: [(is1, Estimate(9.0, standardError: 0.01)), (fd, Estimate(0.32, standardError: 0.02))])
        let c = Comparison(a, b)
        XCTAssertEqual(c.rows.map(\.verdict), [.aBetter, .none])
        XCTAssertEqual(c.z, 2.2414, accuracy: 1e-3)  // 95% over two scores: the 98.75% quantile
        let reverse = Comparison(b, a)
        XCTAssertEqual(reverse.rows.map(\.verdict), [.bBetter, .none])
        let worse = ScoreSheet(count: 100, entries: [(fd, Estimate(0.9, standardError: 0.02))])
        XCTAssertEqual(Comparison(a, worse).rows.map(\.verdict), [.aBetter])
    }
}
