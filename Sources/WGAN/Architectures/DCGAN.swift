import Engine
import NN

/// The reference generator (bench/README.md), NHWC:
/// z [N,128] -> dense 4096 (no bias) -> BN, LReLU -> [N,4,4,256]
/// -> (up x2, conv 3x3 no bias, BN, LReLU) to 8x8x128 and 16x16x64 -> up x2, conv 3x3 to 32x32xC, BN, tanh
/// -> crop 2 -> [N,28,28,C].
public final class DCGANGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let spec: ImageSpec
    public let dense: Dense
    public let bn0, bn1, bn2, bn3: BatchNorm
    public let conv1, conv2, conv3: Conv2D
    public let label: LabelInput?
    static let slope: Float = 0.2

    public init(latentDim: Int = 128, spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        (self.latentDim, self.spec) = (latentDim, spec)
        dense = Dense(latentDim, 4 * 4 * 256, bias: false, rng: &rng)
        bn0 = BatchNorm(4096)
        conv1 = Conv2D(256, 128, kernelSize: 3, bias: false, rng: &rng)
        bn1 = BatchNorm(128)
        conv2 = Conv2D(128, 64, kernelSize: 3, bias: false, rng: &rng)
        bn2 = BatchNorm(64)
        conv3 = Conv2D(64, spec.channels, kernelSize: 3, bias: false, rng: &rng)
        bn3 = BatchNorm(spec.channels)
        label = spec.labelInput(features: 4096, rng: &rng)
    }

    public var children: [(String, Module)] {
        withLabels(
            [
                ("dense", dense), ("bn0", bn0), ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2),
                ("conv3", conv3), ("bn3", bn3),
            ], "label", label)
    }

    public func callAsFunction(_ z: Tensor, labels: Tensor?, training: Bool) -> Tensor {
        let n = z.shape[0]
        let h = label.map { $0.add(to: dense(z), labels: labels) } ?? dense(z)
        var x = bn0(h, training: training, leakySlope: Self.slope)  // [N, 4096]
        x = reshape(x, [n, 4, 4, 256])
        x = bn1(conv1.upsampled(x, inference: !training), training: training, leakySlope: Self.slope)  // [N, 8, 8, 128]
        // [N, 16, 16, 64]
        x = bn2(conv2.upsampled(x, inference: !training), training: training, leakySlope: Self.slope)
        x = tanh(bn3(conv3.upsampled(x, inference: !training), training: training))  // [N, 32, 32, C]
        return crop(x, Padding2D(2))  // [N, 28, 28, C]
    }
}

/// The reference critic: pad 2 -> conv 5x5 s2 (64, 128, 256, 512) with LReLU(0.2), dropout 0.3
/// after the 2nd and 3rd, flatten, dropout 0.2, dense 2048 -> 1 (plus the class projection when conditional).
public final class DCGANCritic: CriticNetwork, Container {
    public let spec: ImageSpec
    public let conv1, conv2, conv3, conv4: Conv2D
    public let dense: Dense
    public let projection: LabelProjection?
    static let slope: Float = 0.2

    public init(spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        self.spec = spec
        conv1 = Conv2D(spec.channels, 64, kernelSize: 5, stride: 2, rng: &rng)
        conv2 = Conv2D(64, 128, kernelSize: 5, stride: 2, rng: &rng)
        conv3 = Conv2D(128, 256, kernelSize: 5, stride: 2, rng: &rng)
        conv4 = Conv2D(256, 512, kernelSize: 5, stride: 2, rng: &rng)
        dense = Dense(2048, spec.criticOutputs, rng: &rng)
        projection = spec.projection(features: 2048)
    }

    public var children: [(String, Module)] {
        withLabels(
            [("conv1", conv1), ("conv2", conv2), ("conv3", conv3), ("conv4", conv4), ("dense", dense)], "projection",
            projection)
    }

    public func callAsFunction(_ x: Tensor, labels: Tensor?, training: Bool, rng: inout RandomGenerator) -> Tensor {
        func drop(_ t: Tensor, _ rate: Float) -> Tensor { training ? dropout(t, rate: rate, rng: &rng) : t }
        var h = pad(x, Padding2D(2))  // [N, 32, 32, C]
        h = conv1(h, leakySlope: Self.slope)  // [N, 16, 16, 64]
        h = drop(conv2(h, leakySlope: Self.slope), 0.3)  // [N, 8, 8, 128]
        h = drop(conv3(h, leakySlope: Self.slope), 0.3)  // [N, 4, 4, 256]
        h = conv4(h, leakySlope: Self.slope)  // [N, 2, 2, 512]
        let f = drop(flatten(h), 0.2)  // [N, 2048]
        return projection.map { $0.add(to: dense(f), features: f, labels: labels) } ?? dense(f)  // [N, 1]
    }
}
