import Engine
import Foundation
import IO
import NN

/// How the bundled classifier is trained: Adam, the learning rate halved every 2 epochs, each image
/// shifted by up to `shift` pixels in each direction (zero fill) as augmentation.
public struct ClassifierTrainingConfig: Sendable {
    public var epochs = 6
    public var batchSize = 100
    public var learningRate = 1e-3
    public var shift = 2
    public var seed: UInt64 = 0
    public init() {}
}

public enum ClassifierTraining {
    /// Trains on `train`, reporting (epoch, batch, batches per epoch, loss) after every batch and
    /// (epoch, test accuracy) after every epoch.
    public static func train(
        _ c: ClassifierTrainingConfig, train: MNISTSplit, test: MNISTSplit,
        onBatch: (Int, Int, Int, Float) -> Void = { _, _, _, _ in },
        onEpoch: (Int, Double) -> Void = { _, _ in }
    ) throws -> (MNISTClassifier, Double) {
        var rng = RandomGenerator(seed: c.seed)
        let net = MNISTClassifier(rng: &rng)
        let opt = Adam(parameters: net.parameters, learningRate: Float(c.learningRate), beta1: 0.9, beta2: 0.999)
        let testImages = test.batch(0..<test.count, scale: .unit), testLabels = test.labels(0..<test.count)
        var accuracy = 0.0
        let batches = train.count / c.batchSize
        for epoch in 0..<c.epochs {
            opt.learningRate = Float(c.learningRate * pow(0.5, Double(epoch / 2)))
            let order = rng.permutation(train.count)
            for b in 0..<batches {
                let idx = order[(b * c.batchSize)..<((b + 1) * c.batchSize)]
                let x = shifted(train.batch(idx, scale: .unit), by: c.shift, rng: &rng)
                let loss = softmaxCrossEntropy(net(x, training: true, rng: &rng).logits, labels: train.labels(idx))
                opt.update(try gradients(of: loss, wrt: net.parameters.map(\.tensor)))
                onBatch(epoch, b, batches, loss.item)
            }
            accuracy = net.accuracy(testImages, labels: testLabels)
            onEpoch(epoch, accuracy)
        }
        return (net, accuracy)
    }

    /// Each image moved by a random (dy, dx) in [-s, s]^2, uncovered pixels zero.
    static func shifted(_ x: Tensor, by s: Int, rng: inout RandomGenerator) -> Tensor {
        guard s > 0 else { return x }
        let n = x.shape[0]
        let y = Tensor(shape: x.shape, zeroed: true)
        for i in 0..<n {
            let dy = rng.below(2 * s + 1) - s, dx = rng.below(2 * s + 1) - s
            let src = x.pointer + i * MNISTSplit.pixels, dst = y.pointer + i * MNISTSplit.pixels
            for r in max(0, dy)..<min(28, 28 + dy) {
                for col in max(0, dx)..<min(28, 28 + dx) { dst[r * 28 + col] = src[(r - dy) * 28 + col - dx] }
            }
        }
        return y
    }
}
