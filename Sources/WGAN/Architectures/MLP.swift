import Engine
import NN

/// A fully connected generator (the WGAN paper's point that WGAN trains without convolutions):
/// z -> 4 x (dense 512, ReLU) -> dense 784, tanh -> [N, 28, 28, 1].
public final class MLPGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let layers: [Dense]

    public init(latentDim: Int = 128, hidden: Int = 512, depth: Int = 4, rng: inout RandomGenerator) {
        self.latentDim = latentDim
        let sizes = [latentDim] + Array(repeating: hidden, count: depth) + [784]
        layers = (0..<(sizes.count - 1)).map { Dense(sizes[$0], sizes[$0 + 1], rng: &rng) }
    }

    public var children: [(String, Module)] { layers.enumerated().map { ("dense\($0.offset + 1)", $0.element) } }

    public func callAsFunction(_ z: Tensor, training: Bool) -> Tensor {
        var h = z
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            h = i < layers.count - 1 ? relu(h) : tanh(h)
        }
        return reshape(h, [z.shape[0], 28, 28, 1])
    }
}

/// A fully connected critic: [N, 784] -> 4 x (dense 512, LeakyReLU 0.2) -> dense 1.
public final class MLPCritic: CriticNetwork, Container {
    public let layers: [Dense]

    public init(hidden: Int = 512, depth: Int = 4, rng: inout RandomGenerator) {
        let sizes = [784] + Array(repeating: hidden, count: depth) + [1]
        layers = (0..<(sizes.count - 1)).map { Dense(sizes[$0], sizes[$0 + 1], rng: &rng) }
    }

    public var children: [(String, Module)] { layers.enumerated().map { ("dense\($0.offset + 1)", $0.element) } }

    public func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomGenerator) -> Tensor {
        var h = flatten(x)
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = leakyRelu(h, slope: 0.2) }
        }
        return h
    }
}
