import Engine
import Metrics
import XCTest

/// The scores on constructed cases whose values are known exactly.
final class ScoringTests: XCTestCase {
    /// n samples, sample i predicting class i % classesUsed with probability 1.
    func confident(_ n: Int, classesUsed: Int) -> (probs: [Float], predictions: [Int]) {
        var p = [Float](repeating: 0, count: n * 10)
        for i in 0..<n { p[i * 10 + i % classesUsed] = 1 }
        return (p, (0..<n).map { $0 % classesUsed })
    }

    func testTenConfidentBalancedClassesScoreTenAndZeroKL() {
        let (p, pred) = confident(1000, classesUsed: 10)
        let (mean, std) = Scoring.inceptionScore(p, classes: 10, splits: 10)
        XCTAssertEqual(mean, 10, accuracy: 1e-9)
        XCTAssertEqual(std, 0, accuracy: 1e-9)
        let c = Scoring.coverage(pred, classes: 10)
        XCTAssertEqual(c.covered, 10)
        XCTAssertEqual(c.kl, 0, accuracy: 1e-12)
        XCTAssertEqual(c.minShare, 0.1, accuracy: 1e-12)
        XCTAssertEqual(c.histogram, [Int](repeating: 100, count: 10))
    }

    /// Three code values over 8 samples: code 0 makes 7, 7, 7, 1 (purity 3/4), code 1 makes 2, 2
    /// (purity 1), code 2 makes 7, 4 (a tie goes to the lower digit, 4): 3 + 2 + 1 of 8 in their code's
    /// digit, and the digits named are 7, 2 and 4.
    func testCodeTableByHand() {
        let c = Evaluation.codes(predictions: [7, 7, 7, 1, 2, 2, 7, 4], codes: [0, 0, 0, 0, 1, 1, 2, 2], values: 3)
        XCTAssertEqual(c.purity, 6.0 / 8)
        XCTAssertEqual(c.digitsNamed, 3)
        XCTAssertEqual(c.perCode.map(\.digit), [7, 2, 4])
        XCTAssertEqual(c.perCode.map(\.purity), [0.75, 1, 0.5])
        XCTAssertEqual(c.perCode.map(\.share), [0.5, 0.25, 0.25])
        // A value never drawn has no share and no purity, and names no digit.
        let unused = Evaluation.codes(predictions: [3, 3], codes: [1, 1], values: 2)
        XCTAssertEqual(unused.digitsNamed, 1)
        XCTAssertTrue(unused.perCode[0].purity.isNaN)
        XCTAssertEqual(unused.purity, 1)
    }

    func testASingleClassScoresOneAndCoversOneMode() {
        let (p, pred) = confident(500, classesUsed: 1)
        XCTAssertEqual(Scoring.inceptionScore(p, classes: 10).mean, 1, accuracy: 1e-9)
        let c = Scoring.coverage(pred, classes: 10)
        XCTAssertEqual(c.covered, 1)
        XCTAssertEqual(c.kl, log(10.0), accuracy: 1e-12)
        XCTAssertEqual(c.minShare, 0)
    }

    func testUniformPredictionsScoreOne() {
        let p = [Float](repeating: 0.1, count: 100 * 10)
        XCTAssertEqual(Scoring.inceptionScore(p, classes: 10).mean, 1, accuracy: 1e-6)
    }

    func testCoverageThreshold() {
        // 9 classes of 105 and one of 55 (5.5% >= 5%): all covered; 9 of 109 and one of 19 (1.9%): 9.
        XCTAssertEqual(
            Scoring.coverage(
                (0..<9).flatMap { Array(repeating: $0, count: 105) } + Array(repeating: 9, count: 55), classes: 10
            ).covered, 10)
        XCTAssertEqual(
            Scoring.coverage(
                (0..<9).flatMap { Array(repeating: $0, count: 109) } + Array(repeating: 9, count: 19), classes: 10
            ).covered, 9)
    }

    func features(_ n: Int, _ d: Int, seed: UInt64, shift: Float = 0, scale: Float = 1) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(shape: [n, d]).values.map { $0 * scale + shift }
    }

    func testIdenticalSetsGiveZeroDistanceAndFullPrecisionRecall() {
        let a = features(400, 16, seed: 1)
        XCTAssertEqual(Scoring.frechetDistance(a, a, dim: 16), 0, accuracy: 1e-6)
        let pr = Scoring.precisionRecall(real: a, fake: a, dim: 16)
        XCTAssertEqual(pr.precision, 1)
        XCTAssertEqual(pr.recall, 1)
    }

    func testFrechetDistanceOfGaussiansByFormula() {
        // Means 0 and 2 in every one of 8 dimensions, covariances I and 4I: |mu|^2 = 32,
        // Tr(I + 4I - 2 (4I)^(1/2)) = 8 (1 + 4 - 4) = 8; total 40, up to sampling error.
        let a = features(20_000, 8, seed: 2), b = features(20_000, 8, seed: 3, shift: 2, scale: 2)
        XCTAssertEqual(Scoring.frechetDistance(a, b, dim: 8), 40, accuracy: 0.8)
    }

    func testPrecisionAndRecallSeparateQualityFromCoverage() {
        let real = features(600, 4, seed: 4)
        // Fakes crowded on a tenth of the real points: precise, but low recall.
        var collapsed: [Float] = []
        for i in 0..<600 {
            let base = (i % 60) * 4
            collapsed += real[base..<(base + 4)].map { $0 + Float(i / 60) * 1e-4 }
        }
        let p = Scoring.precisionRecall(real: real, fake: collapsed, dim: 4)
        XCTAssertGreaterThan(p.precision, 0.99)
        XCTAssertLessThan(p.recall, 0.5)
        // Fakes far away: neither.
        let far = features(600, 4, seed: 5, shift: 20)
        let q = Scoring.precisionRecall(real: real, fake: far, dim: 4)
        XCTAssertEqual(q.precision, 0)
        XCTAssertEqual(q.recall, 0)
    }

    func testJacobiEigenAndSquareRoot() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let m = SymmetricMatrix(n: 2, values: [2, 1, 1, 2])
        XCTAssertEqual(m.eigen().values.sorted(), [1, 3].map(Double.init), accuracy: 1e-12)
        let r = m.squareRoot()
        let back = r * r
        for (x, y) in zip(back, m.a) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line)
{
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
