import Engine
import IO
import NN

/// A fully connected generator (the WGAN paper's point that WGAN trains without convolutions):
/// z -> 4 x (dense 512, ReLU) -> dense 784 C, tanh -> [N, 28, 28, C].
public final class MLPGenerator: GeneratorNetwork, Container {
    public let latentDim: Int
    public let spec: ImageSpec
    public let layers: [Dense]
    public let label: LabelInput?

    public init(
        latentDim: Int = 128, hidden: Int = 512, depth: Int = 4, spec: ImageSpec = .mnist, rng: inout RandomGenerator
    ) {
        (self.latentDim, self.spec) = (latentDim, spec)
        let sizes = [latentDim] + Array(repeating: hidden, count: depth) + [MNISTSplit.pixels * spec.channels]
        layers = (0..<(sizes.count - 1)).map { Dense(sizes[$0], sizes[$0 + 1], rng: &rng) }
        label = spec.labelInput(features: hidden, rng: &rng)
    }

    public var children: [(String, Module)] {
        withLabels(layers.enumerated().map { ("dense\($0.offset + 1)", $0.element) }, "label", label)
    }

    public func callAsFunction(_ z: Tensor, labels: Tensor?, training: Bool) -> Tensor {
        var h = z
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i == 0, let label { h = label.add(to: h, labels: labels) }
            h = i < layers.count - 1 ? relu(h) : tanh(h)
        }
        return reshape(h, [z.shape[0], 28, 28, spec.channels])
    }
}

/// A fully connected critic: [N, 784 C] -> 4 x (dense 512, LeakyReLU 0.2) -> dense 1 (plus the class
/// projection of the last hidden layer when conditional).
public final class MLPCritic: CriticNetwork, Container {
    public let spec: ImageSpec
    public let layers: [Dense]
    public let projection: LabelProjection?

    public init(hidden: Int = 512, depth: Int = 4, spec: ImageSpec = .mnist, rng: inout RandomGenerator) {
        self.spec = spec
        let sizes = [MNISTSplit.pixels * spec.channels] + Array(repeating: hidden, count: depth) + [spec.criticOutputs]
        layers = (0..<(sizes.count - 1)).map { Dense(sizes[$0], sizes[$0 + 1], rng: &rng) }
        projection = spec.projection(features: hidden)
    }

    public var children: [(String, Module)] {
        withLabels(layers.enumerated().map { ("dense\($0.offset + 1)", $0.element) }, "projection", projection)
    }

    public func callAsFunction(_ x: Tensor, labels: Tensor?, training: Bool, rng: inout RandomGenerator) -> Tensor {
        var h = flatten(x)
        for layer in layers.dropLast() { h = layer(h, leakySlope: 0.2) }
        let score = layers.last!(h)
        return projection.map { $0.add(to: score, features: h, labels: labels) } ?? score
    }
}
