import Engine
import NN

/// A lighter convolutional pair for time-to-quality on a CPU, after the WGAN-GP paper's MNIST model
/// (about 16 M generator and 10 M critic multiply-adds per image, against 39 M and 40 M for `dcgan`):
/// generator z -> dense 6272 (no bias), BN, LReLU -> [7, 7, 128] -> up x2, conv 3x3 to 64, BN, LReLU
/// -> up x2, conv 3x3 to C, tanh -> [28, 28, C].
public final class SmallGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let spec: ImageSpec
    public let dense: Dense
    public let bn0, bn1: BatchNorm
    public let conv1, conv2: Conv2D
    public let label: LabelInput?

    public init(latentDim: Int = 128, spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        (self.latentDim, self.spec) = (latentDim, spec)
        dense = Dense(latentDim, 7 * 7 * 128, bias: false, rng: &rng)
        bn0 = BatchNorm(7 * 7 * 128)
        conv1 = Conv2D(128, 64, kernelSize: 3, bias: false, rng: &rng)
        bn1 = BatchNorm(64)
        conv2 = Conv2D(64, spec.channels, kernelSize: 3, rng: &rng)
        label = spec.labelInput(features: 7 * 7 * 128, rng: &rng)
    }

    public var children: [(String, Module)] {
        withLabels([("dense", dense), ("bn0", bn0), ("conv1", conv1), ("bn1", bn1), ("conv2", conv2)], "label", label)
    }

    public func callAsFunction(_ z: Tensor, labels: Tensor?, training: Bool) -> Tensor {
        let h = label.map { $0.add(to: dense(z), labels: labels) } ?? dense(z)
        var x = bn0(h, training: training, leakySlope: 0.2)
        x = reshape(x, [z.shape[0], 7, 7, 128])
        x = bn1(conv1.upsampled(x, inference: !training), training: training, leakySlope: 0.2)  // [N, 14, 14, 64]
        return tanh(conv2.upsampled(x, inference: !training))  // [N, 28, 28, C]
    }
}

/// Critic: conv 5x5 stride 2 to 64 and to 128 channels with LReLU(0.2), flatten, dense 6272 -> 1
/// (plus the class projection when conditional).
public final class SmallCritic: CriticNetwork, Container {
    public let spec: ImageSpec
    public let conv1, conv2: Conv2D
    public let dense: Dense
    public let projection: LabelProjection?

    public init(spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        self.spec = spec
        conv1 = Conv2D(spec.channels, 64, kernelSize: 5, stride: 2, rng: &rng)
        conv2 = Conv2D(64, 128, kernelSize: 5, stride: 2, rng: &rng)
        dense = Dense(7 * 7 * 128, spec.criticOutputs, rng: &rng)
        projection = spec.projection(features: 7 * 7 * 128)
    }

    public var children: [(String, Module)] {
        withLabels([("conv1", conv1), ("conv2", conv2), ("dense", dense)], "projection", projection)
    }

    public func callAsFunction(_ x: Tensor, labels: Tensor?, training: Bool, rng: inout RandomGenerator) -> Tensor {
        let h = conv1(x, leakySlope: 0.2)  // [N, 14, 14, 64]
        let f = flatten(conv2(h, leakySlope: 0.2))  // [N, 7, 7, 128] -> [N, 6272]
        return projection.map { $0.add(to: dense(f), features: f, labels: labels) } ?? dense(f)
    }
}
