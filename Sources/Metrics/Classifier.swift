import Engine
import NN

/// The project's MNIST classifier (the evaluator's judge), on [N, 28, 28, 1] images in [0, 1]:
/// conv 5x5 32, BN, ReLU, max-pool -> conv 5x5 64, BN, ReLU, max-pool -> dense 3136 -> 128, BN, ReLU
/// (the 128 features the Frechet distance and precision/recall use) -> dropout 0.3 -> dense 10.
public final class MNISTClassifier: Container {
    public let conv1, conv2: Conv2D
    public let bn1, bn2, bn3: BatchNorm
    public let dense1, dense2: Dense
    public static let featureCount = 128
    public static let architecture =
        "conv5x5(32)-bn-relu-maxpool2 conv5x5(64)-bn-relu-maxpool2 dense(128)-bn-relu dropout(0.3) dense(10); NHWC input 28x28x1 in [0,1]"

    public init(rng: inout RandomGenerator) {
        conv1 = Conv2D(1, 32, kernelSize: 5, bias: false, rng: &rng)
        bn1 = BatchNorm(32)
        conv2 = Conv2D(32, 64, kernelSize: 5, bias: false, rng: &rng)
        bn2 = BatchNorm(64)
        dense1 = Dense(7 * 7 * 64, Self.featureCount, bias: false, rng: &rng)
        bn3 = BatchNorm(Self.featureCount)
        dense2 = Dense(Self.featureCount, 10, rng: &rng)
    }

    public var children: [(String, Module)] {
        [
            ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("dense1", dense1), ("bn3", bn3),
            ("dense2", dense2),
        ]
    }

    /// (logits [N, 10], features [N, 128]).
    public func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomGenerator) -> (
        logits: Tensor, features: Tensor
    ) {
        var h = maxPool2x(bn1(conv1(x), training: training, leakySlope: 0))  // [N, 14, 14, 32]
        h = maxPool2x(bn2(conv2(h), training: training, leakySlope: 0))  // [N, 7, 7, 64]
        let features = bn3(dense1(flatten(h)), training: training, leakySlope: 0)  // [N, 128]
        let d = training ? dropout(features, rate: 0.3, rng: &rng) : features
        return (dense2(d), features)
    }
}
