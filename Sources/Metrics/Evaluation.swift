import Engine
import Foundation
import IO

/// Scoring images with the classifier against a reference set of real digits.
public struct Evaluation {
    public let classifier: MNISTClassifier
    /// Features of the reference images (the MNIST test set).
    public let referenceFeatures: [Float]
    /// The reference's radii and moments for the intervals, computed when first needed.
    let reference: ReferenceGeometry

    public init(classifier: MNISTClassifier, reference: Tensor) {
        self.classifier = classifier
        referenceFeatures = classifier.predict(reference).features
        self.reference = ReferenceGeometry(referenceFeatures)
    }

    /// Per-image predictions kept for reports.
    public struct Details {
        public var probs: [Float]
        public var predictions: [Int]
        public var confidences: [Float]
        /// Classifier features [N x 128] of the images.
        public var features: [Float]
    }

    /// Scores of `images` [N, 28, 28, 1] in [0, 1].
    public func score(_ images: Tensor, features against: [Float]? = nil) -> (Scores, Details) {
        let n = images.shape[0]
        let (probs, features) = classifier.predict(images)
        let predictions = (0..<n).map { argmax(probs, row: $0, width: 10) }
        let confidences = (0..<n).map { probs[$0 * 10 + predictions[$0]] }
        let (isMean, isStd) = Scoring.inceptionScore(probs, classes: 10, splits: 10)
        let cov = Scoring.coverage(predictions, classes: 10)
        let mine = against ?? features
        let fd = Scoring.frechetDistance(mine, referenceFeatures, dim: MNISTClassifier.featureCount)
        let (precision, recall) = Scoring.precisionRecall(
            real: referenceFeatures, fake: mine, dim: MNISTClassifier.featureCount)
        let scores = Scores(
            count: n, inceptionScore: isMean, inceptionScoreStd: isStd, classHistogram: cov.histogram,
            modesCovered: cov.covered, klToUniform: cov.kl, minClassShare: cov.minShare,
            meanConfidence: confidences.reduce(0.0) { $0 + Double($1) } / Double(max(n, 1)),
            frechetDistance: fd, precision: precision, recall: recall)
        return (scores, Details(probs: probs, predictions: predictions, confidences: confidences, features: features))
    }

    /// Features alone (for the real-versus-real reference).
    public func features(_ images: Tensor) -> [Float] { classifier.predict(images).features }
}

extension Scores {
    /// A readable table.
    public var table: String {
        let shares = classHistogram.map { Double($0) / Double(max(count, 1)) }
        let lines = [
            String(format: "images                 %d", count),
            String(
                format: "inception score        %.3f +- %.3f (10 splits; 10 is the maximum)", inceptionScore,
                inceptionScoreStd),
            String(
                format: "modes covered          %d of 10 (a class counts from %.0f%% of the samples)", modesCovered,
                100 * Scoring.coverageThreshold / 10),
            String(format: "KL(histogram||uniform) %.4f", klToUniform),
            String(format: "least frequent class   %.2f%% of the samples", 100 * minClassShare),
            String(format: "mean confidence        %.4f", meanConfidence),
            String(
                format: "Frechet distance       %.3f (classifier features, against the MNIST test set)", frechetDistance
            ),
            String(format: "precision              %.4f", precision),
            String(format: "recall                 %.4f", recall),
            "class histogram        "
                + (0..<10).map { "\($0): " + String(format: "%.1f%%", 100 * shares[$0]) }.joined(separator: "  "),
        ]
        return lines.joined(separator: "\n")
    }
}
