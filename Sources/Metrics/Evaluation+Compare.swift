import Engine
import Foundation

extension Evaluation {
    /// Stacked MNIST's modes covered and KL to uniform (of 1,000 modes) with intervals, and the
    /// near-duplicate share against `threshold`.
    public func stackedSheet(_ images: Tensor, duplicates threshold: (count: Int, squared: Float), seed: UInt64 = 0)
        -> (ScoreSheet, StackedScores)
    {
        let digits = channelDigits(images), n = images.shape[0]
        let mode = (0..<n).map { 100 * digits[0][$0] + 10 * digits[1][$0] + digits[2][$0] }
        let scores = stacked(images)
        var boot = Bootstrap(seed: seed)
        func histogram(_ c: [Int32]) -> [Int] {
            var h = [Int](repeating: 0, count: 1000)
            for (m, w) in zip(mode, c) { h[m] += Int(w) }
            return h
        }
        func kl(_ h: [Int]) -> Double {
            h.reduce(0.0) { s, v in
                v == 0 ? s : s + Double(v) / Double(n) * Foundation.log(Double(v) / Double(n) * 1000)
            }
        }
        let dup = Self.duplicateFlags(images, threshold: threshold)
        let entries: [(ScoreDefinition, Estimate)] = [
            (
                ScoreDefinition(key: "modes_covered", name: "modes covered", better: .higher, decimals: 0),
                Estimate(
                    Double(scores.modesCovered),
                    standardError: boot.standardError(n: n) { Double(histogram($0).filter { $0 > 0 }.count) },
                    bounds: 0...1000)
            ),
            (
                ScoreSheet.definition("kl_to_uniform"),
                Estimate(
                    scores.klToUniform, standardError: boot.standardError(n: n) { kl(histogram($0)) }, bounds: 0...10)
            ),
            (
                ScoreSheet.definition("duplicate_share"),
                Estimate(
                    dup.reduce(0, +) / Double(max(dup.count, 1)), standardError: boot.meanError(dup), bounds: 0...1)
            ),
        ]
        return (ScoreSheet(count: n, entries: entries), scores)
    }
}

/// Two score sheets side by side: each score's difference A - B with an interval, and a verdict.
///
/// The intervals of the verdicts hold jointly: each is the difference +- z sqrt(se_A^2 + se_B^2)
/// with z for 95% / (the number of scores compared) on each (Bonferroni), so that two samples of one
/// model are called different on some score at most 5% of the time.
public struct Comparison: Sendable {
    public enum Verdict: String, Sendable {
        case aBetter = "A better", bBetter = "B better", none = "no difference"
    }

    public struct Row: Sendable {
        public var definition: ScoreDefinition
        public var a: Estimate, b: Estimate
        public var difference: Double
        public var low: Double, high: Double
        public var verdict: Verdict
    }

    public var rows: [Row]
    public var z: Double

    public init(_ a: ScoreSheet, _ b: ScoreSheet) {
        let shared = a.entries.compactMap { d, e in b[d.key].map { (d, e, $0) } }
        z = Self.normalQuantile(1 - 0.05 / (2 * Double(max(shared.count, 1))))
        rows = shared.map { [z] d, ea, eb in
            let diff = ea.value - eb.value
            let half = z * (ea.standardError * ea.standardError + eb.standardError * eb.standardError).squareRoot()
            let (lo, hi) = (diff - half, diff + half)
            var verdict = Verdict.none
            if lo > 0 || hi < 0 {
                let aHigher = diff > 0
                verdict = (aHigher == (d.better == .higher)) ? .aBetter : .bBetter
            }
            return Row(definition: d, a: ea, b: eb, difference: diff, low: lo, high: hi, verdict: verdict)
        }
    }

    /// x with P(N(0, 1) <= x) = p, by bisection on erfc.
    static func normalQuantile(_ p: Double) -> Double {
        var (lo, hi) = (-10.0, 10.0)
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
