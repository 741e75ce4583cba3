import Engine
import Foundation
import IO

/// Scores of a conditional generator: does each digit come out as the class it was asked for?
public struct ConditionalScores: Encodable, Sendable {
    public struct PerClass: Encodable, Sendable {
        public var digit: Int
        /// Share of the samples asked for this class that the classifier calls this class.
        public var accuracy: Double
        /// Share of all samples the classifier calls this class (0.1 when balanced).
        public var share: Double
        /// Frechet distance between the features of the samples asked for this class and of the test images of it.
        public var frechetDistance: Double
        enum CodingKeys: String, CodingKey { case digit, accuracy, share, frechetDistance = "frechet_distance" }
    }
    /// Share of samples the classifier assigns to the class they were asked for.
    public var labelAccuracy: Double
    public var perClass: [PerClass]
    enum CodingKeys: String, CodingKey { case labelAccuracy = "label_accuracy", perClass = "per_class" }
}

/// Mode coverage over Stacked MNIST's 1,000 modes (each channel classified on its own; the mode of
/// an image is 100 d_red + 10 d_green + d_blue), as in VEEGAN and PacGAN.
public struct StackedScores: Encodable, Sendable {
    public var count: Int
    /// Modes with at least one sample (the papers' count).
    public var modesCovered: Int
    public var modes: Int
    /// KL(mode histogram || uniform over the modes), the papers' "KL".
    public var klToUniform: Double
    /// Samples per mode, mode 100 r + 10 g + b.
    public var histogram: [Int]
    enum CodingKeys: String, CodingKey {
        case count, modesCovered = "modes_covered", modes, klToUniform = "kl_to_uniform", histogram = "mode_histogram"
    }
}

/// Collapse within a mode, which coverage cannot see: the share of samples whose nearest other
/// sample (pixel space, L2) is closer than all but 1% of real images are to their nearest other real
/// image, with equal numbers of each. A generator that repeats itself scores far above 1%.
public struct DuplicateScore: Encodable, Sendable {
    /// Share of samples with a near-duplicate (the real set gives 0.01 by construction).
    public var duplicateShare: Double
    /// The distance below which two images count as near-duplicates: the 1st percentile of the real images' nearest-neighbour distances.
    public var threshold: Double
    /// Images compared on each side.
    public var compared: Int
    enum CodingKeys: String, CodingKey {
        case duplicateShare = "duplicate_share", threshold = "duplicate_threshold", compared = "duplicates_compared"
    }
    public init(duplicateShare: Double, threshold: Double, compared: Int) {
        (self.duplicateShare, self.threshold, self.compared) = (duplicateShare, threshold, compared)
    }
}

extension Evaluation {
    /// Label accuracy and the per-class table of samples asked for classes `asked`, with the test
    /// set's labels `referenceLabels` (aligned with `referenceFeatures`).
    public func conditional(_ d: Details, asked: [Int], referenceLabels: [Int]) -> ConditionalScores {
        let n = asked.count, dim = MNISTClassifier.featureCount
        let hits = (0..<n).filter { d.predictions[$0] == asked[$0] }.count
        let perClass = (0..<10).map { c -> ConditionalScores.PerClass in
            let mine = (0..<n).filter { asked[$0] == c }
            let theirs = referenceLabels.indices.filter { referenceLabels[$0] == c }
            let fd =
                mine.count > 1 && theirs.count > 1
                ? Scoring.frechetDistance(rows(d.features, mine, dim), rows(referenceFeatures, theirs, dim), dim: dim)
                : .nan
            return .init(
                digit: c, accuracy: Double(mine.filter { d.predictions[$0] == c }.count) / Double(max(mine.count, 1)),
                share: Double(d.predictions.filter { $0 == c }.count) / Double(max(n, 1)), frechetDistance: fd)
        }
        return ConditionalScores(labelAccuracy: Double(hits) / Double(max(n, 1)), perClass: perClass)
    }

    func rows(_ x: [Float], _ indices: [Int], _ dim: Int) -> [Float] {
        indices.flatMap { x[($0 * dim)..<(($0 + 1) * dim)] }
    }

    /// Digits of each channel of `images` [N, 28, 28, C] in [0, 1]: [channel][image].
    public func channelDigits(_ images: Tensor) -> [[Int]] {
        let (n, c) = (images.shape[0], images.shape[3])
        return (0..<c).map { ch in
            let plane = Tensor(shape: [n, 28, 28, 1], zeroed: false)
            for i in 0..<(n * MNISTSplit.pixels) { plane.pointer[i] = images.pointer[i * c + ch] }
            let probs = classifier.predict(plane).probs
            return (0..<n).map { argmax(probs, row: $0, width: 10) }
        }
    }

    /// Stacked-MNIST modes of three-channel images [N, 28, 28, 3] in [0, 1].
    public func stacked(_ images: Tensor) -> StackedScores {
        let digits = channelDigits(images), n = images.shape[0]
        var histogram = [Int](repeating: 0, count: 1000)
        for i in 0..<n { histogram[100 * digits[0][i] + 10 * digits[1][i] + digits[2][i]] += 1 }
        let kl = histogram.reduce(0.0) { s, h in
            h == 0 ? s : s + Double(h) / Double(n) * log(Double(h) / Double(n) * 1000)
        }
        return StackedScores(
            count: n, modesCovered: histogram.filter { $0 > 0 }.count, modes: 1000, klToUniform: kl,
            histogram: histogram)
    }

    /// The near-duplicate share of `images` against `reference` (same layout, [0, 1]), on up to
    /// `limit` images of each.
    public static func duplicates(_ images: Tensor, reference: Tensor, limit: Int = 10_000) -> DuplicateScore {
        let n = min(images.shape[0], reference.shape[0], limit)
        return duplicates(images, threshold: duplicateThreshold(reference, count: n))
    }

    /// The squared distance t of `duplicates` for `count` images of `reference`: computed once when
    /// many sample sets of one size are scored against the same real images.
    public static func duplicateThreshold(_ reference: Tensor, count n: Int) -> (count: Int, squared: Float) {
        let real = Scoring.nearestNeighbourDistances(flat(reference, n)).sorted()
        return (n, real[max(0, Int((Double(n) * 0.01).rounded(.down)) - 1)])
    }

    /// The near-duplicate share of the first `threshold.count` of `images` against a threshold of `duplicateThreshold`.
    public static func duplicates(_ images: Tensor, threshold: (count: Int, squared: Float)) -> DuplicateScore {
        let n = min(threshold.count, images.shape[0])
        let fake = Scoring.nearestNeighbourDistances(flat(images, n))
        let share = Double(fake.filter { $0 < threshold.squared }.count) / Double(max(n, 1))
        return DuplicateScore(duplicateShare: share, threshold: Double(threshold.squared).squareRoot(), compared: n)
    }

    /// The first `n` images as rows [n, pixels].
    static func flat(_ t: Tensor, _ n: Int) -> Tensor { reshape(sliceBatch(t, 0, n), [n, t.count / t.shape[0]]) }
}

extension Scoring {
    /// Squared distance of each row to its nearest other row.
    static func nearestNeighbourDistances(_ x: Tensor) -> [Float] { kthNeighbourDistances(x, k: 1) }
}
