import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

/// The figures of the report's score table: the model's samples and the real test images, scored
/// the way `wgan-evaluate` scores them (docs/metrics.md).
struct ReportScores {
    struct Row {
        var name: String
        var model: String
        var real: String
        var meaning: String
    }

    var rows: [Row] = []
    /// The samples, [N, 28, 28, C] in [0, 1], and the classifier's verdict on each (digits only).
    var images: Tensor
    var details: Evaluation.Details?
    var note: String

    init(_ g: LoadedGenerator, scorer: CheckpointScorer, count: Int, seed: UInt64) {
        let samples = GeneratorSamples(g, count: count, seed: seed)
        images = samples.images
        let evaluation = scorer.evaluation, mnist = scorer.mnist
        if g.config.dataset == .stackedMNIST {
            var rng = RandomGenerator(seed: seed &+ 1)
            let real = mnist.test.stackedBatch(
                (0..<3).map { _ in (0..<count).map { _ in rng.below(mnist.test.count) } }, scale: .unit)
            let (s, r) = (evaluation.stacked(images), evaluation.stacked(real))
            note = "\(count) samples, seed \(seed); real: \(count) triples of test digits"
            rows = [
                Row(
                    name: "modes covered", model: "\(s.modesCovered) of 1,000", real: "\(r.modesCovered) of 1,000",
                    meaning: "three-digit combinations drawn at least once (mode dropping: fewer)"),
                Row(
                    name: "KL to uniform", model: String(format: "%.4f", s.klToUniform),
                    real: String(format: "%.4f", r.klToUniform),
                    meaning: "how far the modes' shares are from equal; 0 is perfectly even"),
            ]
            return
        }
        let test = mnist.test.batch(0..<mnist.test.count, scale: .unit)
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(mnist.train.count)
        let train = mnist.train.batch(order.prefix(10_000), scale: .unit)
        let (s, d) = evaluation.score(images)
        // as many real digits as samples, so that both columns have the same sampling noise
        let real =
            count >= mnist.test.count
            ? test : mnist.test.batch(rng.permutation(mnist.test.count).prefix(count), scale: .unit)
        let (r, _) = evaluation.score(real, features: evaluation.features(train))
        details = d
        // one threshold for both columns: the test set's own 1% nearest-neighbour distance
        let threshold = Evaluation.duplicateThreshold(test, count: min(images.shape[0], test.shape[0], 10_000))
        let dup = Evaluation.duplicates(images, threshold: threshold)
        let realDup = Evaluation.duplicates(
            count >= 10_000 ? train : mnist.train.batch(order.prefix(count), scale: .unit), threshold: threshold)
        note =
            "\(s.count) samples, seed \(seed); real: \(r.count) MNIST test images (their Frechet distance against 10,000 training images; near-duplicates: training images against the test set)"
        func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }
        rows = [
            Row(
                name: "Inception Score", model: f(s.inceptionScore), real: f(r.inceptionScore),
                meaning: "high when each digit is clearly one class and all ten classes appear (at most 10)"),
            Row(
                name: "Frechet distance", model: f(s.frechetDistance), real: f(r.frechetDistance),
                meaning: "distance between the classifier features of samples and real digits; lower is closer"),
            Row(
                name: "classes covered", model: "\(s.modesCovered) of 10", real: "\(r.modesCovered) of 10",
                meaning: "digits the model draws at all (mode dropping: fewer)"),
            Row(
                name: "KL to uniform", model: f(s.klToUniform, 4), real: f(r.klToUniform, 4),
                meaning: "how far the shares of the ten digits are from equal; 0 is perfectly even"),
            Row(
                name: "confidence", model: f(s.meanConfidence), real: f(r.meanConfidence),
                meaning: "the classifier's mean probability for its answer: legible digits score near 1"),
            Row(
                name: "precision", model: f(s.precision), real: f(r.precision),
                meaning: "share of samples that look like some real digit (fidelity)"),
            Row(
                name: "recall", model: f(s.recall), real: f(r.recall),
                meaning: "share of real digits that some sample resembles (diversity)"),
            Row(
                name: "near-duplicates", model: String(format: "%.2f%%", 100 * dup.duplicateShare),
                real: String(format: "%.2f%%", 100 * realDup.duplicateShare),
                meaning: "samples closer to a test digit than 99% of real pairs are (copying: more)"),
        ]
        if let asked = samples.asked {
            let c = evaluation.conditional(d, asked: asked, referenceLabels: mnist.test.labels(0..<mnist.test.count))
            rows.append(
                Row(
                    name: "label accuracy", model: String(format: "%.2f%%", 100 * c.labelAccuracy), real: "",
                    meaning: "samples the classifier calls the class they were asked for"))
        }
        if let codes = samples.codes {
            let c = Evaluation.codes(predictions: d.predictions, codes: codes, values: g.codes)
            rows.append(
                Row(
                    name: "code purity", model: f(c.purity, 2), real: "",
                    meaning: "share of each code value's samples in its most frequent digit: 1 when a code is a digit"))
        }
    }
}
