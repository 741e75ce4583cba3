import Foundation
import IO
import Metrics
import WGAN

/// Measures which digit each value of a generator's code makes: 10,000 samples with codes drawn as in
/// training (seed 0), classified by the bundled classifier; each value's digit is its samples' most
/// frequent one, its purity that digit's share.
public enum CodeNaming {
    public static let samples = 10_000

    public static func measure(_ g: LoadedGenerator, classifier: String = ClassifierFile.bundled) throws -> (
        digits: [Int], purities: [Double]
    ) {
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        let drawn = GeneratorSamples(g, count: samples, seed: 0)
        let probs = judge.network.predict(drawn.images).probs
        let predictions = (0..<samples).map { i in (0..<10).max { probs[i * 10 + $0] < probs[i * 10 + $1] }! }
        let table = Evaluation.codes(predictions: predictions, codes: drawn.codes ?? [], values: g.codes)
        return (table.perCode.map(\.digit), table.perCode.map(\.purity))
    }
}
