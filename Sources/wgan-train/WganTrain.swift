import NN
import ArgumentParser
import CLISupport
import Foundation
import IO
import WGAN

@main
struct WganTrain: Command {
    static let stopsOnSignal = true
    static let configuration = CommandConfiguration(
        commandName: "wgan-train",
        abstract: "Train a Wasserstein GAN on MNIST or Stacked MNIST (WGAN-GP, the weight-clipped WGAN, or the standard GAN as a baseline), unconditional or class-conditional.",
        discussion: """
        Writes into the run folder: checkpoint.h5 (every --checkpoint-every steps and at the end), \
        checkpoints/step-NNNNNN.h5 (the last --keep), log.csv, samples/step-NNNNNN.png and curves.png. \
        Ctrl-C finishes the current generator iteration, writes a checkpoint and tells how to resume.
        """)

    @Option(help: ArgumentHelp("Run folder.", valueName: "dir")) var out = "runs/wgan-gp"
    @OptionGroup var data: DataOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var schedule: ScheduleOptions
    @Option(help: ArgumentHelp("Start the generator and its moving average from this checkpoint, run folder or generator file (the same generator architecture: medium, hybrid, hybrid-wide and compact share one); the critic starts fresh.", valueName: "path"))
    var generatorFrom: String?
    @Flag(help: "Start over even if the run folder already holds a checkpoint.") var force = false

    func validate() throws { try training.refuseUnusedSettings() }

    func makeConfig() throws -> TrainingConfig {
        var c = training.config()
        schedule.apply(to: &c)
        if training.criticWarmup == nil && generatorFrom != nil { c.criticWarmup = 500 }
        try c.validateFlags()
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
            Console.info("\(c.loss.rawValue) \(c.architecture.rawValue)\(c.conditional ? " conditional" : "")\(c.dataset == .mnist ? "" : " on \(c.dataset.rawValue)"): \(state.generator.parameterCount) generator and \(state.critic.parameterCount) critic parameters, batch \(c.batchSize), lr \(c.learningRate)\(c.decayStart.map { " (to 0 from step \($0))" } ?? ""), \(c.nCritic) critic updates, moving average \(c.emaDecay), \(c.steps) steps -> \(out)")
            return try train(run, resumeHint: "wgan-resume \(out)")
        }
        if code != 0 { throw ExitCode(code) }
    }
}
