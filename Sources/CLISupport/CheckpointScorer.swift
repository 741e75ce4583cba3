import Engine
import Foundation
import IO
import Metrics
import WGAN

/// The scores of one kept checkpoint, as `wgan-progress` prints and charts them and `wgan-report`
/// draws them: modes and KL over the 10 digits (or Stacked MNIST's 1,000 modes), the near-duplicate
/// share, and for MNIST the Inception Score and Frechet distance.
public struct CheckpointScore: Sendable {
    public var step: Int
    /// Minutes of the run's own training clock (NaN when the file does not say).
    public var minutes: Double
    public var modes: Int, kl: Double, duplicates: Double
    public var inceptionScore: Double?, frechetDistance: Double?
    /// Their 95% intervals (`Estimate`).
    public var inceptionInterval: (low: Double, high: Double)?, frechetInterval: (low: Double, high: Double)?
}

/// Scores checkpoints one after another with one classifier and test set; the real images'
/// near-duplicate distance is computed once per sample count.
public struct CheckpointScorer {
    public let evaluation: Evaluation
    public let mnist: MNIST
    let test: Tensor
    var thresholds: [Int: (count: Int, squared: Float)] = [:]
    let seed: UInt64

    public init(classifier: MNISTClassifier, mnist: MNIST, seed: UInt64) {
        self.mnist = mnist
        test = mnist.test.batch(0..<mnist.test.count, scale: .unit)
        evaluation = Evaluation(classifier: classifier, reference: test)
        self.seed = seed
    }

    /// `count` samples (default 2,000 for MNIST, 26,000 for Stacked MNIST) of the generator `g`, scored.
    public mutating func score(_ g: LoadedGenerator, count: Int?) -> CheckpointScore {
        let stacked = g.config.dataset == .stackedMNIST
        let samples = GeneratorSamples(g, count: count ?? (stacked ? 26_000 : 2_000), seed: seed)
        var row = CheckpointScore(
            step: g.step, minutes: (g.trainingSeconds ?? .nan) / 60, modes: 0, kl: 0, duplicates: 0)
        let n = min(samples.images.shape[0], 10_000)
        if thresholds[n] == nil {
            thresholds[n] = Evaluation.duplicateThreshold(stacked ? stackedReference(n) : test, count: n)
        }
        if stacked {
            let s = evaluation.stacked(samples.images)
            (row.modes, row.kl) = (s.modesCovered, s.klToUniform)
            row.duplicates = Evaluation.duplicates(samples.images, threshold: thresholds[n]!).duplicateShare
        } else {
            let (sheet, s, _) = evaluation.sheet(samples.images, duplicates: thresholds[n]!, seed: seed)
            (row.modes, row.kl, row.inceptionScore, row.frechetDistance) = (
                s.modesCovered, s.klToUniform, s.inceptionScore, s.frechetDistance
            )
            row.duplicates = sheet["duplicate_share"]?.value ?? .nan
            if let e = sheet["inception_score"] { row.inceptionInterval = (e.low, e.high) }
            if let e = sheet["frechet_distance"] { row.frechetInterval = (e.low, e.high) }
        }
        return row
    }

    /// Real Stacked-MNIST test triples for the near-duplicate reference.
    func stackedReference(_ n: Int) -> Tensor {
        var rng = RandomGenerator(seed: seed &+ 1)
        let m = min(n, 10_000)
        return mnist.test.stackedBatch(
            (0..<3).map { _ in (0..<m).map { _ in rng.below(mnist.test.count) } }, scale: .unit)
    }
}

extension RunFolder {
    /// The kept checkpoints (checkpoints/step-NNNNNN.h5) up to step `until`, every `every`-th and
    /// always the last, in step order.
    public func keptCheckpoints(every: Int = 1, until: Int? = nil) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: checkpoints) else {
            throw IOError(path, "is not a run folder (no checkpoints/ in it)")
        }
        let files = names.filter { $0.hasPrefix("step-") && $0.hasSuffix(".h5") }.sorted()
            .filter { name in until.map { (Int(name.dropFirst(5).dropLast(3)) ?? 0) <= $0 } ?? true }
        guard !files.isEmpty else {
            throw IOError(checkpoints, "holds no kept checkpoints (train with --keep N to keep them)")
        }
        let picked = files.enumerated().filter { $0.offset % every == 0 || $0.offset == files.count - 1 }.map(\.element)
        return picked.map { checkpoints + "/" + $0 }
    }
}
