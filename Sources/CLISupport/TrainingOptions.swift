import ArgumentParser
import WGAN

extension LossKind: ExpressibleByArgument {}
extension Architecture: ExpressibleByArgument {}
extension DatasetKind: ExpressibleByArgument {}

/// The flags that define a run's model, loss and optimizers (the `frozen` fields of
/// `TrainingConfig.fields`): wgan-train sets them, wgan-bench times them, and wgan-resume accepts
/// them only to refuse a change. Unset flags keep the defaults of the loss (or of a checkpoint).
public struct TrainingOptions: ParsableArguments {
    @Option(
        help:
            "wgan-gp (Adam, gradient penalty), wgan-clip (RMSProp, weight clipping) or gan (the standard GAN's non-saturating loss, a baseline)."
    )
    public var loss: LossKind?
    @Option(
        help:
            "wide-compact (the default for wgan-gp, with --critic-lr 1e-3 and --codes 10: the recommended recipe), hybrid (the default for gan), dcgan (the reference pair; the default for wgan-clip), compact, hybrid-wide, medium, small, mlp, wide or wide-hybrid (docs/recipes.md)."
    )
    public var arch: Architecture?
    @Option(help: "mnist, or stacked-mnist (three digits as the RGB channels: 1,000 modes).") public var dataset:
        DatasetKind?
    @Flag(help: "A class-conditional GAN: the digit's class enters both networks (MNIST only).") public
        var conditional = false
    @Option(
        help:
            "Values of an unsupervised categorical code (InfoGAN: drawn uniformly into the generator, guessed by the critic; no labels used). 0: none."
    )
    public var codes: Int?
    @Option(help: "Weight of the code's cross-entropy in both losses (with --codes; default 1).") public var infoWeight:
        Double?
    @Option(
        help:
            "Images per batch (default 64; \(TimeBudget.batchSize) for the recommended recipe's MNIST run under --minutes)."
    ) public var batchSize: Int?
    @Option(help: "Critic updates per generator update (default 3 for wgan-gp, 5 for wgan-clip).") public var nCritic:
        Int?
    @Option(help: "Learning rate (default 5e-4 for wgan-gp, 5e-5 for wgan-clip).") public var lr: Double?
    @Option(help: "The critic's learning rate, when it differs from the generator's (--lr); a decay scales both.")
    public var criticLr: Double?
    @Option(help: "Adam beta1 (wgan-gp).") public var beta1: Double?
    @Option(help: "Adam beta2 (wgan-gp).") public var beta2: Double?
    @Option(help: "Gradient-penalty weight (wgan-gp).") public var gpWeight: Double?
    @Option(help: "Critic weights are clipped to [-c, c] (wgan-clip).") public var clip: Double?
    @Option(help: "Size of the latent vector z.") public var latentDim: Int?
    @Option(
        help:
            "Decay of the generator's exponential moving average, which samples and exports use (0: none; default 0.999 for wgan-gp, 0 for wgan-clip)."
    )
    public var ema: Double?
    @Option(help: "Critic updates before the first generator update (default 0; 500 with --generator-from).") public
        var criticWarmup: Int?
    @Option(
        help:
            "Train on the first N images of the training set only (default 0: all), for example to see a generator memorise a small set."
    )
    public var trainingImages: Int?
    @Option(help: "Seed of initialisation, data order and every random draw (default 0).") public var seed: UInt64?

    public init() {}

    /// The defaults of the chosen loss with the given flags applied.
    public func config(defaultArchitecture: Architecture? = nil) -> TrainingConfig {
        var c = TrainingConfig.defaults(for: loss ?? .wganGP)
        if let defaultArchitecture { c.architecture = defaultArchitecture }
        apply(to: &c)
        return c
    }

    /// wgan-train's configuration: with WGAN-GP and no --arch, the recommended recipe
    /// (`TrainingConfig.recommended`, its time-budget form when `budgeted`) under the given flags;
    /// otherwise the defaults of the loss.
    public func trainingConfig(budgeted: Bool = false) -> TrainingConfig {
        guard (loss ?? .wganGP) == .wganGP, arch == nil else { return config() }
        var c = TrainingConfig.recommended(conditional: conditional, dataset: dataset ?? .mnist, budgeted: budgeted)
        if lr != nil && criticLr == nil { c.criticLearningRate = nil }  // one --lr sets both rates
        apply(to: &c)
        return c
    }

    /// Sets the fields whose flags were given.
    public func apply(to c: inout TrainingConfig) {
        if let loss { c.loss = loss }
        if let arch { c.architecture = arch }
        if let dataset { c.dataset = dataset }
        if conditional { c.conditional = true }
        if let codes { c.codes = codes }
        if let infoWeight { c.infoWeight = infoWeight }
        if let batchSize { c.batchSize = batchSize }
        if let nCritic { c.nCritic = nCritic }
        if let lr { c.learningRate = lr }
        if let criticLr { c.criticLearningRate = criticLr }
        if let beta1 { c.beta1 = beta1 }
        if let beta2 { c.beta2 = beta2 }
        if let gpWeight { c.gpWeight = gpWeight }
        if let clip { c.clip = clip }
        if let latentDim { c.latentDim = latentDim }
        if let ema { c.emaDecay = ema }
        if let criticWarmup { c.criticWarmup = criticWarmup }
        if let trainingImages { c.trainingImages = trainingImages }
        if let seed { c.seed = seed }
    }

    public func validate() throws { try config().validateFlags() }

    /// Refuses a setting that would pass unused: another loss's optimizer or regulariser (`--beta1`
    /// with wgan-clip's RMSProp, `--clip` with the penalty), or `--info-weight` without a code. For commands that
    /// start a run, and for a branch with the checkpoint's loss (`of`).
    public func refuseUnusedSettings(of stored: LossKind? = nil, codes storedCodes: Int? = nil) throws {
        if infoWeight != nil && (storedCodes ?? codes ?? 0) == 0 {
            throw ValidationError(
                "--info-weight weighs the code's cross-entropy; it needs a run with a code (--codes K)")
        }
        let kind = stored ?? loss ?? .wganGP
        let given: [(flag: String, set: Bool, losses: [LossKind], what: String)] = [
            ("--beta1", beta1 != nil, [.wganGP, .gan], "an Adam setting"),
            ("--beta2", beta2 != nil, [.wganGP, .gan], "an Adam setting"),
            ("--gp-weight", gpWeight != nil, [.wganGP], "the gradient penalty's weight"),
            ("--clip", clip != nil, [.wganClip], "the weight-clipping bound"),
        ]
        for g in given where g.set && !g.losses.contains(kind) {
            let uses = g.losses.map(\.rawValue).joined(separator: " and ")
            throw ValidationError(
                "\(g.flag) is \(g.what), used by --loss \(uses); --loss \(kind.rawValue) has no use for it")
        }
    }
}

extension TrainingConfig {
    /// The first invalid field as a command-line error naming its flag (the same bounds as on loading a file).
    public func validateFlags() throws {
        if let bad = invalidFields.first {
            throw ValidationError("\(bad.flag ?? bad.key) must be \(bad.valid), got \(bad.value(in: self))")
        }
    }
}
