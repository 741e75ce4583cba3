import Engine
import NN

/// The `small` pair with one more layer on each side, after the WGAN-GP paper's MNIST critic
/// (about 30 M generator and 24 M critic multiply-adds per image):
/// generator z -> dense 6272 (no bias), BN, LReLU -> [7, 7, 128] -> up x2, conv 3x3 to 64, BN, LReLU
/// -> up x2, conv 3x3 to 32, BN, LReLU -> conv 3x3 to C, tanh -> [28, 28, C].
///
/// `width` multiplies every channel count (2 for `wide`: 256, 128, 64; about 4 times the multiply-adds).
public final class MediumGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let width: Int
    public let spec: ImageSpec
    public let dense: Dense
    public let bn0, bn1, bn2: BatchNorm
    public let conv1, conv2, conv3: Conv2D
    public let label: LabelInput?

    public init(latentDim: Int = 128, width: Int = 1, spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        (self.latentDim, self.width, self.spec) = (latentDim, width, spec)
        let (c0, c1, c2) = (128 * width, 64 * width, 32 * width)
        dense = Dense(latentDim, 7 * 7 * c0, bias: false, rng: &rng)
        bn0 = BatchNorm(7 * 7 * c0)
        conv1 = Conv2D(c0, c1, kernelSize: 3, bias: false, rng: &rng)
        bn1 = BatchNorm(c1)
        conv2 = Conv2D(c1, c2, kernelSize: 3, bias: false, rng: &rng)
        bn2 = BatchNorm(c2)
        conv3 = Conv2D(c2, spec.channels, kernelSize: 3, rng: &rng)
        label = spec.labelInput(features: 7 * 7 * c0, rng: &rng)
    }

    public var children: [(String, Module)] {
        withLabels(
            [
                ("dense", dense), ("bn0", bn0), ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2),
                ("conv3", conv3),
            ],
            "label", label)
    }

    public func callAsFunction(_ z: Tensor, labels: Tensor?, training: Bool) -> Tensor {
        let h = label.map { $0.add(to: dense(z), labels: labels) } ?? dense(z)
        var x = bn0(h, training: training, leakySlope: 0.2)
        x = reshape(x, [z.shape[0], 7, 7, 128 * width])
        x = bn1(conv1.upsampled(x, inference: !training), training: training, leakySlope: 0.2)  // [N, 14, 14, 64 w]
        x = bn2(conv2.upsampled(x, inference: !training), training: training, leakySlope: 0.2)  // [N, 28, 28, 32 w]
        return tanh(conv3(x, inference: !training))  // [N, 28, 28, C]
    }
}

/// Critic: conv 5x5 stride 2 to w, 2w and 4w channels (w = 64 for `medium`, 32 for `compact`) with
/// LReLU(0.2), flatten, dense 16 * 4w -> 1 (plus the class projection when conditional). Half the
/// width is a quarter of the multiply-adds (about 24 M per image at w = 64, 6 M at w = 32).
public final class MediumCritic: CriticNetwork, Container {
    public let spec: ImageSpec
    public let conv1, conv2, conv3: Conv2D
    public let dense: Dense
    public let projection: LabelProjection?

    public init(width w: Int = 64, spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        self.spec = spec
        conv1 = Conv2D(spec.channels, w, kernelSize: 5, stride: 2, rng: &rng)
        conv2 = Conv2D(w, 2 * w, kernelSize: 5, stride: 2, rng: &rng)
        conv3 = Conv2D(2 * w, 4 * w, kernelSize: 5, stride: 2, rng: &rng)
        dense = Dense(4 * 4 * 4 * w, spec.criticOutputs, rng: &rng)
        projection = spec.projection(features: 4 * 4 * 4 * w)
    }

    public var children: [(String, Module)] {
        withLabels([("conv1", conv1), ("conv2", conv2), ("conv3", conv3), ("dense", dense)], "projection", projection)
    }

    public func callAsFunction(_ x: Tensor, labels: Tensor?, training: Bool, rng: inout RandomGenerator) -> Tensor {
        var h = conv1(x, leakySlope: 0.2)  // [N, 14, 14, w]
        h = conv2(h, leakySlope: 0.2)  // [N, 7, 7, 2w]
        let f = flatten(conv3(h, leakySlope: 0.2))  // [N, 4, 4, 4w] -> [N, 64 w]
        return projection.map { $0.add(to: dense(f), features: f, labels: labels) } ?? dense(f)  // [N, 1]
    }
}
