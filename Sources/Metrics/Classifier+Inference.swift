import Engine
import Foundation
import NN

extension MNISTClassifier {
    /// Class probabilities [N x 10] and features [N x 128] of images [N, 28, 28, 1] in [0, 1], inference mode.
    public func predict(_ images: Tensor, batchSize: Int = 500) -> (probs: [Float], features: [Float]) {
        var probs: [Float] = [], features: [Float] = []
        probs.reserveCapacity(images.shape[0] * 10)
        features.reserveCapacity(images.shape[0] * Self.featureCount)
        var rng = RandomGenerator(seed: 0)
        withoutGrad {
            var start = 0
            while start < images.shape[0] {
                let m = min(batchSize, images.shape[0] - start)
                let out = self(sliceBatch(images, start, m), training: false, rng: &rng)
                probs += softmax(out.logits).values
                features += out.features.values
                start += m
            }
        }
        return (probs, features)
    }

    /// Share of `images` whose most probable class is `labels`.
    public func accuracy(_ images: Tensor, labels: [Int]) -> Double {
        let p = predict(images).probs
        let hits = labels.indices.filter { i in argmax(p, row: i, width: 10) == labels[i] }.count
        return Double(hits) / Double(max(labels.count, 1))
    }
}

/// Index of the largest of the `width` values of row `row`.
public func argmax(_ values: [Float], row: Int, width: Int) -> Int {
    var best = 0
    for j in 1..<width where values[row * width + j] > values[row * width + best] { best = j }
    return best
}
