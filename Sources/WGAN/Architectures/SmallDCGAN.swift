import Engine
import NN

/// A lighter convolutional pair for time-to-quality on a CPU, after the WGAN-GP paper's MNIST model
/// (about 16 M generator and 10 M critic multiply-adds per image, against 39 M and 40 M for `dcgan`):
/// generator z -> dense 6272 (no bias), BN, LReLU -> [7, 7, 128] -> up x2, conv 3x3 to 64, BN, LReLU
/// -> up x2, conv 3x3 to 1, tanh -> [28, 28, 1].
public final class SmallGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let dense: Dense
    public let bn0, bn1: BatchNorm
    public let conv1, conv2: Conv2D

    public init(latentDim: Int = 128, rng: inout RandomGenerator) {
        self.latentDim = latentDim
        dense = Dense(latentDim, 7 * 7 * 128, bias: false, rng: &rng)
        bn0 = BatchNorm(7 * 7 * 128)
        conv1 = Conv2D(128, 64, kernelSize: 3, bias: false, rng: &rng)
        bn1 = BatchNorm(64)
        conv2 = Conv2D(64, 1, kernelSize: 3, rng: &rng)
    }

    public var children: [(String, Module)] { [("dense", dense), ("bn0", bn0), ("conv1", conv1), ("bn1", bn1), ("conv2", conv2)] }

    public func callAsFunction(_ z: Tensor, training: Bool) -> Tensor {
        var x = leakyRelu(bn0(dense(z), training: training), slope: 0.2)
        x = reshape(x, [z.shape[0], 7, 7, 128])
        x = leakyRelu(bn1(conv1.upsampled(x), training: training), slope: 0.2)   // [N, 14, 14, 64]
        return tanh(conv2.upsampled(x))                                          // [N, 28, 28, 1]
    }
}

/// Critic: conv 5x5 stride 2 to 64 and to 128 channels with LReLU(0.2), flatten, dense 6272 -> 1.
public final class SmallCritic: CriticNetwork, Container {
    public let conv1, conv2: Conv2D
    public let dense: Dense

    public init(rng: inout RandomGenerator) {
        conv1 = Conv2D(1, 64, kernelSize: 5, stride: 2, rng: &rng)
        conv2 = Conv2D(64, 128, kernelSize: 5, stride: 2, rng: &rng)
        dense = Dense(7 * 7 * 128, 1, rng: &rng)
    }

    public var children: [(String, Module)] { [("conv1", conv1), ("conv2", conv2), ("dense", dense)] }

    public func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomGenerator) -> Tensor {
        let h = leakyRelu(conv1(x), slope: 0.2)                     // [N, 14, 14, 64]
        return dense(flatten(leakyRelu(conv2(h), slope: 0.2)))       // [N, 7, 7, 128] -> [N, 1]
    }
}
