import NN
import ArgumentParser
import CLISupport
import Foundation
import IO
import WGAN

@main
struct WganTrain: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-train",
        abstract: "Train a Wasserstein GAN on MNIST (WGAN-GP or the weight-clipped WGAN).",
        discussion: """
        Writes into the run folder: checkpoint.h5 (every --checkpoint-every steps and at the end), \
        checkpoints/step-NNNNNN.h5 (the last --keep), log.csv, samples/step-NNNNNN.png and curves.png. \
        Ctrl-C finishes the current generator iteration, writes a checkpoint and tells how to resume.
        """)

    @Option(help: ArgumentHelp("Run folder.", valueName: "dir")) var out = "runs/wgan-gp"
    @OptionGroup var data: DataOptions
    @Option(help: "wgan-gp (Adam, gradient penalty) or wgan-clip (RMSProp, weight clipping).") var loss: LossKind = .wganGP
    @Option(help: "hybrid (the default for wgan-gp: convolutional generator, fully connected critic; the fastest to good digits here), dcgan (the reference pair; the default for wgan-clip), compact, hybrid-wide, medium, small or mlp (docs/recipes.md).") var arch: Architecture?
    @OptionGroup var schedule: ScheduleOptions
    @Option(help: "Images per batch.") var batchSize: Int?
    @Option(help: "Critic updates per generator update (default 3 for wgan-gp, 5 for wgan-clip).") var nCritic: Int?
    @Option(help: "Learning rate (default 5e-4 for wgan-gp, 5e-5 for wgan-clip).") var lr: Double?
    @Option(help: "Adam beta1 (wgan-gp).") var beta1: Double?
    @Option(help: "Adam beta2 (wgan-gp).") var beta2: Double?
    @Option(help: "Gradient-penalty weight (wgan-gp).") var gpWeight: Double?
    @Option(help: "Critic weights are clipped to [-c, c] (wgan-clip).") var clip: Double?
    @Option(help: "Size of the latent vector z.") var latentDim: Int?
    @Option(help: "Decay of the generator's exponential moving average, which samples and exports use (0: none; default 0.999 for wgan-gp, 0 for wgan-clip).") var ema: Double?
    @Option(help: ArgumentHelp("Start the generator and its moving average from this checkpoint, run folder or generator file (the same generator architecture: medium, hybrid, hybrid-wide and compact share one); the critic starts fresh.", valueName: "path"))
    var generatorFrom: String?
    @Option(help: "Critic updates before the first generator update (default 0; 500 with --generator-from).") var criticWarmup: Int?
    @Option(help: "Seed of initialisation, data order and every random draw.") var seed: UInt64 = 0
    @Flag(help: "Start over even if the run folder already holds a checkpoint.") var force = false

    func validate() throws {
        for (name, v) in [("--batch-size", batchSize), ("--n-critic", nCritic), ("--latent-dim", latentDim)] {
            if let v, v <= 0 { throw ValidationError("\(name) must be a positive number, got \(v)") }
        }
        if let criticWarmup, criticWarmup < 0 { throw ValidationError("--critic-warmup must be a count >= 0, got \(criticWarmup)") }
        for (name, v) in [("--lr", lr), ("--gp-weight", gpWeight), ("--clip", clip)] {
            if let v, !(v > 0 && v.isFinite) { throw ValidationError("\(name) must be a positive number, got \(v)") }
        }
        for (name, v) in [("--beta1", beta1), ("--beta2", beta2), ("--ema", ema)] {
            if let v, !(v >= 0 && v < 1) { throw ValidationError("\(name) must lie in [0, 1), got \(v)") }
        }
    }

    func makeConfig() throws -> TrainingConfig {
        var c = TrainingConfig.defaults(for: loss)
        if let arch { c.architecture = arch }
        try schedule.apply(to: &c)
        if let batchSize { c.batchSize = batchSize }
        if let nCritic { c.nCritic = nCritic }
        if let lr { c.learningRate = lr }
        if let beta1 { c.beta1 = beta1 }
        if let beta2 { c.beta2 = beta2 }
        if let gpWeight { c.gpWeight = gpWeight }
        if let clip { c.clip = clip }
        if let latentDim { c.latentDim = latentDim }
        if let ema { c.emaDecay = ema }
        c.criticWarmup = criticWarmup ?? (generatorFrom == nil ? 0 : 500)
        c.seed = seed
        return c
    }

    func run() throws {
        let code = try reportingErrors { () throws -> Int32 in
            let existing = TrainingRun.checkpointPath(in: out)
            if FileManager.default.fileExists(atPath: existing) && !force {
                throw ValidationError("\(out) already holds a run (\(existing)): continue it with `wgan-resume \(out)`, or pass --force to start over")
            }
            let mnist = try data.load()
            let c = try makeConfig()
            let state = TrainingState(config: c, datasetSize: mnist.train.count)
            if let generatorFrom {
                try state.warmStartGenerator(from: generatorFrom)
                Console.info("generator warm-started from \(state.config.generatorInit ?? generatorFrom); fresh critic, \(c.criticWarmup) critic updates before the first generator update")
            }
            let run = try TrainingRun(directory: out, state: state, data: mnist.train)
            Console.info("\(c.loss.rawValue) \(c.architecture.rawValue): \(state.generator.parameterCount) generator and \(state.critic.parameterCount) critic parameters, batch \(c.batchSize), lr \(c.learningRate)\(c.decayStart.map { " (to 0 from step \($0))" } ?? ""), \(c.nCritic) critic updates, moving average \(c.emaDecay), \(c.steps) steps -> \(out)")
            return try train(run, resumeHint: "wgan-resume \(out)")
        }
        if code != 0 { throw ExitCode(code) }
    }
}
