import Engine
import NN

/// What the networks see: images of `channels` channels (1 for MNIST, 3 for Stacked MNIST), `classes`
/// classes they are conditioned on (0: unconditional), and `codes` values of an unsupervised
/// categorical code (InfoGAN; 0: none): the generator takes it like a class, the critic guesses it.
public struct ImageSpec: Equatable, Sendable {
    public var channels: Int
    public var classes: Int
    public var codes: Int
    public init(channels: Int = 1, classes: Int = 0, codes: Int = 0) {
        (self.channels, self.classes, self.codes) = (channels, classes, codes)
    }
    public static let mnist = ImageSpec()
    public var isConditional: Bool { classes > 0 }
    /// The width of the generator's one-hot input: the classes, or the code's values.
    public var generatorInputs: Int { classes + codes }
    /// The critic's outputs per image: the score, then (with a code) the code's logits.
    public var criticOutputs: Int { 1 + codes }
}

/// A generator maps latent vectors z [N, latentDim] (and, when conditional, class vectors
/// [N, classes]: one-hot, or a mix of two for a morph) to images [N, 28, 28, channels] in [-1, 1].
public protocol GeneratorNetwork: Module {
    var latentDim: Int { get }
    var spec: ImageSpec { get }
    func callAsFunction(_ z: Tensor, labels: Tensor?, training: Bool) -> Tensor
}

/// A critic maps images [N, 28, 28, channels] (and their class vectors, when conditional) to scores
/// [N, 1] (no sigmoid), or with a code to [N, 1 + codes]: the score, then the code's logits. Dropout, when the architecture has it, draws from `rng` in training.
public protocol CriticNetwork: Module {
    var spec: ImageSpec { get }
    func callAsFunction(_ x: Tensor, labels: Tensor?, training: Bool, rng: inout RandomGenerator) -> Tensor
}

public extension GeneratorNetwork {
    func callAsFunction(_ z: Tensor, training: Bool) -> Tensor { self(z, labels: nil, training: training) }
}

public extension CriticNetwork {
    func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomGenerator) -> Tensor {
        self(x, labels: nil, training: training, rng: &rng)
    }
}

public enum Architecture: String, CaseIterable, Sendable {
    /// The reference pair of bench/README.md.
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
    public func makeGenerator(latentDim: Int, spec: ImageSpec = .mnist, rng: inout RandomGenerator) -> GeneratorNetwork
    {
        switch self {
        case .dcgan: return DCGANGenerator(latentDim: latentDim, spec: spec, rng: &rng)
        case .small: return SmallGenerator(latentDim: latentDim, spec: spec, rng: &rng)
        case .medium, .hybrid, .compact, .hybridWide:
            return MediumGenerator(latentDim: latentDim, spec: spec, rng: &rng)
        case .mlp: return MLPGenerator(latentDim: latentDim, spec: spec, rng: &rng)
        case .wideHybrid, .wideCompact, .wide:
            return MediumGenerator(latentDim: latentDim, width: 2, spec: spec, rng: &rng)
        }
    }

    public func makeCritic(spec: ImageSpec = .mnist, rng: inout RandomGenerator) -> CriticNetwork {
        switch self {
        case .dcgan: return DCGANCritic(spec: spec, rng: &rng)
        case .small: return SmallCritic(spec: spec, rng: &rng)
        case .medium, .wide: return MediumCritic(spec: spec, rng: &rng)
        case .compact, .wideCompact: return MediumCritic(width: 32, spec: spec, rng: &rng)
        case .mlp, .hybrid, .wideHybrid: return MLPCritic(spec: spec, rng: &rng)
        case .hybridWide: return MLPCritic(hidden: 1024, spec: spec, rng: &rng)
        }
    }
}
