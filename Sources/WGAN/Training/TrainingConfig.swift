import IO

/// Everything that defines a run. Stored whole in every checkpoint; a resumed run reads it back.
public struct TrainingConfig: Equatable, Sendable {
    public var loss: LossKind = .wganGP
    public var architecture: Architecture = .dcgan
    public var dataset: DatasetKind = .mnist
    /// Both networks take the digit's class (a class-conditional GAN).
    public var conditional = false
    /// Values of an unsupervised categorical code (InfoGAN, `InfoCode`; 0: none).
    public var codes = 0
    /// Weight of the code's cross-entropy in both losses.
    public var infoWeight = 1.0
    /// Total generator iterations.
    public var steps = 2000
    public var batchSize = 64
    public var nCritic = 3
    public var learningRate = 2e-4
    /// The critic's own learning rate (nil: `learningRate`), as in the two time-scale update rule
    /// (Heusel et al. 2017); a decay scales both rates alike.
    public var criticLearningRate: Double?
    /// From this generator step on, the learning rate falls linearly to zero at `steps` (nil: constant).
    public var decayStart: Int?
    public var beta1 = 0.5
    public var beta2 = 0.9
    public var gpWeight = 10.0
    public var clip = 0.01
    /// Decay of the generator's exponential moving average (0: none). See `TrainingState.averageGenerator`.
    public var emaDecay = 0.0
    public var latentDim = 128
    /// Where the generator's starting weights came from (`TrainingState.warmStartGenerator`), for the record.
    public var generatorInit: String?
    /// Where this run was branched from another's state with other settings ("FILE at step N", joined
    /// by "; " when a branch is branched again), for the record: the steps before that follow the
    /// source's settings, not these.
    public var branchedFrom: String?
    /// Critic updates before the first generator update (0: the usual schedule), so that a fresh
    /// critic facing a warm-started generator is trained before it steers it.
    public var criticWarmup = 0
    /// Train on the first this many images of the training set only (0: all of them), for a small
    /// set a generator can memorise (`wgan-evaluate --memorization` shows it). See `trainingSet`.
    public var trainingImages = 0
    public var seed: UInt64 = 0
    public var checkpointEvery = 100
    public var sampleEvery = 100
    public var keep = 3
    /// The minutes `wgan-train --minutes` was given, for the record: `TimeBudget` turned them into
    /// `steps` and `decayStart` once (nil: the steps were given).
    public var timeBudgetMinutes: Double?

    public init() {}

    /// The image channels and classes the networks are built for.
    public var imageSpec: ImageSpec {
        ImageSpec(channels: dataset.channels, classes: conditional ? 10 : 0, codes: codes)
    }

    /// The defaults of each loss. The standard GAN (`gan`): the non-saturating loss with DCGAN's Adam
    /// (2e-4, betas 0.5, 0.999), one discriminator update per generator update, on WGAN-GP's default
    /// pair and moving average, so that only the loss differs. WGAN-GP with another pair than the
    /// recommended one (`recommended`): the `hybrid` pair, Adam 5e-4 (0.5, 0.9), 3 critic updates,
    /// penalty 10, batch 64, a generator moving average of decay 0.999. The reference recipe of bench/README.md
    /// is `--arch dcgan --lr 2e-4 --ema 0`. The clipped WGAN as in Arjovsky et al. (RMSProp 5e-5, clip
    /// 0.01, 5 critic updates) on the reference pair.
    public static func defaults(for loss: LossKind) -> TrainingConfig {
        var c = TrainingConfig()
        c.loss = loss
        switch loss {
        case .wganGP: (c.architecture, c.learningRate, c.emaDecay) = (.hybrid, 5e-4, 0.999)
        case .wganClip: (c.learningRate, c.nCritic) = (5e-5, 5)
        case .gan: (c.architecture, c.learningRate, c.beta2, c.nCritic, c.emaDecay) = (.hybrid, 2e-4, 0.999, 1, 0.999)
        }
        return c
    }

    /// The recommended WGAN-GP recipe, the best measured on 2 cores (docs/recipes.md): the
    /// `wide-compact` pair, Adam 5e-4 for the generator and 1e-3 for the critic, a generator moving
    /// average of decay 0.999, and for unconditional MNIST an unsupervised code of 10 values. Its
    /// schedule: 16,428 steps, the last 6,000 decaying to zero, unless a time budget fits one
    /// (`budgeted`), whose unconditional MNIST run trains on batches of `TimeBudget.batchSize`.
    public static func recommended(
        conditional: Bool = false, dataset: DatasetKind = .mnist, budgeted: Bool = false
    ) -> TrainingConfig {
        var c = defaults(for: .wganGP)
        (c.architecture, c.criticLearningRate) = (.wideCompact, 1e-3)
        if !conditional && dataset == .mnist {
            c.codes = 10
            if budgeted { c.batchSize = TimeBudget.batchSize }
        }
        (c.steps, c.decayStart) = (16_428, 10_428)
        return c
    }

    /// Critic updates before generator iteration `step` (0-based). The clipped WGAN follows the
    /// paper's schedule: 100 for the first 25 iterations and every 500th. A critic warm-up replaces the
    /// first iteration's count.
    public func criticUpdates(atStep step: Int) -> Int {
        if step == 0 && criticWarmup > 0 { return criticWarmup }
        if loss == .wganClip && (step < 25 || step % 500 == 0) { return 100 }
        return nCritic
    }

    /// The learning rate of generator iteration `step` (0-based): `learningRate`, or after `decayStart`
    /// lr (steps - step) / (steps - decayStart), as in Gulrajani et al.'s CIFAR-10 code, which decays
    /// over the whole run; the last iteration still moves (lr / (steps - decayStart)).
    public func learningRate(atStep step: Int) -> Double { Self.decayed(learningRate, step, decayStart, steps) }

    /// The critic's learning rate of generator iteration `step`: `criticLearningRate` (or `learningRate`)
    /// under the same decay.
    public func criticLearningRate(atStep step: Int) -> Double {
        Self.decayed(criticLearningRate ?? learningRate, step, decayStart, steps)
    }

    private static func decayed(_ rate: Double, _ step: Int, _ decayStart: Int?, _ steps: Int) -> Double {
        guard let d = decayStart, step >= d, steps > d else { return rate }
        return rate * Double(steps - step) / Double(steps - d)
    }
}

extension TrainingConfig {
    /// The images this run trains on: the first `trainingImages` of `full` (all of it for 0). The one
    /// rule for training, resuming, timing and the memorisation test.
    public func trainingSet(_ full: MNISTSplit, source: String) throws -> MNISTSplit {
        guard trainingImages <= full.count else {
            throw IOError(source, "holds \(full.count) training images; the run asks for the first \(trainingImages)")
        }
        let set = trainingImages > 0 ? full.prefix(trainingImages) : full
        guard set.count >= batchSize else {
            throw IOError(source, "batch size \(batchSize) exceeds the \(set.count) training images of the run")
        }
        return set
    }
}
