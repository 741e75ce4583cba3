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
    /// `small` with one more layer on each side (MediumDCGAN.swift).
    case medium
    /// Fully connected, 4 x 512.
    case mlp
    /// The `medium` generator against the fully connected critic: a convolutional generator's strokes,
    /// a critic that judges the whole digit at a twentieth of a convolutional critic's cost.
    case hybrid
    /// The `medium` generator against a half-width `medium` critic (a quarter of its cost): a
    /// convolutional critic that sees strokes and speckles, at about 2 iterations/s.
    case compact
    /// `hybrid` with a fully connected critic twice as wide (4 x 1024, 3.3 times the multiply-adds;
    /// the critic is a small part of `hybrid`'s cost).
    case hybridWide = "hybrid-wide"
    /// The `medium` generator at twice its widths (256, 128, 64 channels) against the fully connected critic.
    case wideHybrid = "wide-hybrid"
    /// The `medium` generator at twice its widths against the half-width convolutional critic of `compact`.
    case wideCompact = "wide-compact"
    /// The `medium` generator at twice its widths against the full `medium` critic.
    case wide
}

extension Architecture {
    public func makeGenerator(latentDim: Int, rng: inout RandomGenerator) -> GeneratorNetwork {
        switch self {
        case .dcgan: return DCGANGenerator(latentDim: latentDim, rng: &rng)
        case .small: return SmallGenerator(latentDim: latentDim, rng: &rng)
        case .medium, .hybrid, .compact, .hybridWide: return MediumGenerator(latentDim: latentDim, rng: &rng)
        case .mlp: return MLPGenerator(latentDim: latentDim, rng: &rng)
        case .wideHybrid, .wideCompact, .wide: return MediumGenerator(latentDim: latentDim, width: 2, rng: &rng)
        }
    }

    public func makeCritic(rng: inout RandomGenerator) -> CriticNetwork {
        switch self {
        case .dcgan: return DCGANCritic(rng: &rng)
        case .small: return SmallCritic(rng: &rng)
        case .medium, .wide: return MediumCritic(rng: &rng)
        case .compact, .wideCompact: return MediumCritic(width: 32, rng: &rng)
        case .mlp, .hybrid, .wideHybrid: return MLPCritic(rng: &rng)
        case .hybridWide: return MLPCritic(hidden: 1024, rng: &rng)
        }
    }
}
