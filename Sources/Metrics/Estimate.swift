import Engine
import Foundation

/// A score with its sampling uncertainty: the value on the whole sample and the bootstrap standard
/// error. The 95% interval is value +- 1.96 standard errors (docs/metrics.md, "Intervals").
public struct Estimate: Equatable, Sendable {
    public var value: Double
    public var standardError: Double
    /// The values the score can take (KL, distances, shares); the interval is cut to them.
    public var bounds: ClosedRange<Double>?

    public init(_ value: Double, standardError: Double, bounds: ClosedRange<Double>? = nil) {
        (self.value, self.standardError, self.bounds) = (value, standardError, bounds)
    }

    public static let z95 = 1.959964

    public var low: Double { max(value - Self.z95 * standardError, bounds?.lowerBound ?? -.infinity) }
    public var high: Double { min(value + Self.z95 * standardError, bounds?.upperBound ?? .infinity) }
}

/// Which way a score improves.
public enum Better: String, Sendable {
    case higher, lower
}

/// One score of the evaluator: its JSON key, its name in the text, which way is better and how
/// many decimals it is printed with. `ScoreSheet.definitions` lists them all, in print order.
public struct ScoreDefinition: Sendable, Equatable {
    public var key: String
    public var name: String
    public var better: Better
    public var decimals: Int
    /// Printed as value x `scale` with `unit` (percentages: 100, "%"; KID: 1000, " e-3").
    public var scale = 1.0
    public var unit = ""
    /// The values the score can take (nil: any; KID, unbiased, can be slightly negative).
    public var bounds: ClosedRange<Double>? = nil
    public var percent: Bool { unit == "%" }
}

/// The scores of one sample, each with its interval, in the order of `definitions`.
public struct ScoreSheet: Sendable {
    public var count: Int
    public var entries: [(ScoreDefinition, Estimate)]

    public init(count: Int, entries: [(ScoreDefinition, Estimate)]) { (self.count, self.entries) = (count, entries) }

    public static let definitions: [ScoreDefinition] = [
        .init(key: "inception_score", name: "Inception Score", better: .higher, decimals: 3, bounds: 1...10),
        .init(key: "modes_covered", name: "modes covered", better: .higher, decimals: 0, bounds: 0...10),
        .init(key: "kl_to_uniform", name: "KL to uniform", better: .lower, decimals: 4, bounds: 0...10),
        .init(key: "mean_confidence", name: "confidence", better: .higher, decimals: 4, bounds: 0...1),
        .init(key: "frechet_distance", name: "Frechet distance", better: .lower, decimals: 3, bounds: 0...1e9),
        .init(key: "kid", name: "KID", better: .lower, decimals: 2, scale: 1000, unit: " e-3"),
        .init(key: "precision", name: "precision", better: .higher, decimals: 4, bounds: 0...1),
        .init(key: "recall", name: "recall", better: .higher, decimals: 4, bounds: 0...1),
        .init(key: "density", name: "density", better: .higher, decimals: 4, bounds: 0...1e9),
        .init(key: "coverage", name: "coverage", better: .higher, decimals: 4, bounds: 0...1),
        .init(
            key: "duplicate_share", name: "near-duplicates", better: .lower, decimals: 2, scale: 100, unit: "%",
            bounds: 0...1),
        .init(
            key: "label_accuracy", name: "label accuracy", better: .higher, decimals: 2, scale: 100, unit: "%",
            bounds: 0...1),
        .init(key: "code_purity", name: "code purity", better: .higher, decimals: 4, bounds: 0...1),
    ]

    public static func definition(_ key: String) -> ScoreDefinition {
        guard let d = definitions.first(where: { $0.key == key }) else { preconditionFailure("no score \(key)") }
        return d
    }

    public subscript(_ key: String) -> Estimate? { entries.first { $0.0.key == key }?.1 }

    /// "9.657 [9.641, 9.673]", "1.51% [1.27, 1.75]".
    public static func text(_ d: ScoreDefinition, _ e: Estimate) -> String {
        let f = "%.\(d.decimals)f"
        return String(format: f, e.value * d.scale) + d.unit + " [" + String(format: f, e.low * d.scale) + ", "
            + String(format: f, e.high * d.scale) + "]"
    }

    /// One line per score: name, value, interval.
    public var table: String {
        entries.map { d, e in d.name.padding(toLength: 22, withPad: " ", startingAt: 0) + " " + Self.text(d, e) }
            .joined(separator: "\n")
    }
}

/// Bootstrap standard errors: the score recomputed on `replicates` resamples (with replacement) of
/// its items, all from one seeded generator, so that a figure and its interval are reproducible.
public struct Bootstrap {
    public static let replicates = 200
    var rng: RandomGenerator

    public init(seed: UInt64) { rng = RandomGenerator(seed: seed ^ 0x626F_6F74_7374_7261) }

    /// Standard deviation of `statistic` over resamples of `n` items (given as counts per item).
    public mutating func standardError(n: Int, replicates b: Int = replicates, _ statistic: ([Int32]) -> Double)
        -> Double
    {
        guard n > 1 else { return 0 }
        var values: [Double] = []
        values.reserveCapacity(b)
        var counts = [Int32](repeating: 0, count: n)
        for _ in 0..<b {
            for i in 0..<n { counts[i] = 0 }
            for _ in 0..<n { counts[rng.below(n)] += 1 }
            values.append(statistic(counts))
        }
        return Self.standardDeviation(values)
    }

    /// The standard error of the mean of `values` by resampling (the same as sd/sqrt(n) up to noise;
    /// kept a bootstrap so that every interval is made the same way).
    public mutating func meanError(_ values: [Double]) -> Double {
        standardError(n: values.count) { counts in
            var s = 0.0
            for (v, c) in zip(values, counts) where c != 0 { s += v * Double(c) }
            return s / Double(values.count)
        }
    }

    static func standardDeviation(_ v: [Double]) -> Double {
        let finite = v.filter(\.isFinite)
        guard finite.count > 1 else { return 0 }
        let m = finite.reduce(0, +) / Double(finite.count)
        return (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)).squareRoot()
    }
}
