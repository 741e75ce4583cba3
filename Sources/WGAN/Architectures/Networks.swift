import Engine
import NN

/// A generator maps latent vectors z [N, latentDim] to images [N, 28, 28, 1] in [-1, 1].
public protocol GeneratorNetwork: Module {
    var latentDim: Int { get }
    func callAsFunction(_ z: Tensor, training: Bool) -> Tensor
}

/// A critic maps images [N, 28, 28, 1] to scores [N, 1] (no sigmoid). Dropout, when the
/// architecture has it, draws from `rng` in training.
public protocol CriticNetwork: Module {
    func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomGenerator) -> Tensor
}

public enum Architecture: String, CaseIterable, Sendable {
    /// The reference pair of ../shared/bench/README.md.
    case dcgan
    /// A lighter convolutional pair (SmallDCGAN.swift).
    case small
    /// Fully connected, 4 x 512.
    case mlp
}
