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
        abstract:
            "Train a Wasserstein GAN on MNIST or Stacked MNIST (WGAN-GP, the weight-clipped WGAN, or the standard GAN as a baseline), unconditional or class-conditional.",
        discussion: """
            Writes into the run folder: checkpoint.h5 (every --checkpoint-every steps and at the end), \
            checkpoints/step-NNNNNN.h5 (the last --keep), log.csv, samples/step-NNNNNN.png and curves.png. \
            Ctrl-C finishes the current generator iteration, writes a checkpoint and tells how to resume.
            """)

    @Option(help: ArgumentHelp("Run folder.", valueName: "dir")) var out = RunFolder("runs/wgan-gp")
    @OptionGroup var data: DataOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var schedule: ScheduleOptions
    @Option(
        help: ArgumentHelp(
            "Start the generator and its moving average from this checkpoint, run folder or generator file (the same generator architecture: medium, hybrid, hybrid-wide and compact share one); the critic starts fresh.",
            valueName: "path"))
    var generatorFrom: ModelPath?
    @Option(
        help: ArgumentHelp(
            "Train for this many minutes: the step time is measured once before the run (a few seconds), then fixed as --steps at a constant rate (--decay-share adds a decay at the end); the run resumes bit for bit like any other. The recommended recipe on MNIST trains on batches of \(TimeBudget.batchSize) then.",
            valueName: "minutes"))
    var minutes: Double?
    @Option(
        help: ArgumentHelp(
            "With --minutes: the share of the steps over which the learning rate falls linearly to zero, at the end (0: a constant rate; default \(TimeBudget.decayShare)).",
            valueName: "share"))
    var decayShare: Double?
    @Flag(
        help:
            "Start over in a folder that holds a run or part of one (its files are removed), or write beside other files."
    ) var force = false

    func validate() throws {
        try training.refuseUnusedSettings()
        if let minutes {
            if let field = TrainingConfig.field("time_budget_minutes"),
                !(minutes.isFinite && minutes >= 0.1 && minutes <= TimeBudget.maximumMinutes)
            {
                throw ValidationError("--minutes must be \(field.valid), got \(minutes)")
            }
            if let decayShare, !(decayShare >= 0 && decayShare <= 1) {
                throw ValidationError("--decay-share must be a number in [0, 1], got \(decayShare)")
            }
            if schedule.steps != nil || schedule.lrDecayFrom != nil {
                throw ValidationError(
                    "--minutes sets --steps and --lr-decay-from from the measured step time; give either the budget or the steps"
                )
            }
        }
        if decayShare != nil && minutes == nil {
            throw ValidationError("--decay-share shapes a --minutes budget; with --steps give --lr-decay-from")
        }
        _ = try makeConfig()  // every field's bounds, on the configuration the run will have
    }

    func makeConfig() throws -> TrainingConfig {
        var c = training.trainingConfig(budgeted: minutes != nil)
        // A recipe's own decay belongs to its own step count.
        if schedule.steps != nil || minutes != nil { c.decayStart = nil }
        schedule.apply(to: &c)
        if training.criticWarmup == nil && generatorFrom != nil { c.criticWarmup = 500 }
        try c.validateFlags()
        return c
    }

    func run() throws {
        let hint = "wgan-resume \(out)"
        try RunFolderClaim.checkNew(out, force: force, resumeHint: hint)  // before any work
        let mnist = try data.load()
        var c = try makeConfig()
        let images = try c.trainingSet(mnist.train, source: data.resolved)
        var spent = 0.0
        if let minutes {
            Console.info("timing a few steps of this recipe to fit \(Progress.clock(minutes * 60)) of training ...")
            // at most 2% of the budget
            let m = try TimeBudget.measure(c, data: images, atLeast: min(8, minutes * 60 / 50))
            TimeBudget.schedule(&c, minutes: minutes, measured: m, decayShare: decayShare ?? TimeBudget.decayShare)
            spent = m.seconds
            Console.info(
                String(
                    format: "%.3f s a step over %d steps (%.1f s with set-up): %d steps", m.secondsPerStep,
                    m.timedSteps, m.seconds, c.steps)
                    + (c.decayStart.map { ", the learning rate decaying to zero from step \($0)" } ?? ""))
        }
        try RunFolderClaim.claimNew(out, force: force, resumeHint: hint)
        let state = TrainingState(config: c, datasetSize: images.count)
        if let generatorFrom {
            try state.warmStartGenerator(from: generatorFrom)
            Console.info(
                "generator warm-started from \(state.config.generatorInit ?? generatorFrom.given); fresh critic, \(c.criticWarmup) critic updates before the first generator update"
            )
        }
        let run = try TrainingRun(directory: out.path, state: state, data: images)
        run.clockStart = spent
        Console.info(
            "\(c.loss.rawValue) \(c.architecture.rawValue)\(c.conditional ? " conditional" : "")\(c.dataset == .mnist ? "" : " on \(c.dataset.rawValue)"): \(state.generator.parameterCount) generator and \(state.critic.parameterCount) critic parameters, batch \(c.batchSize), lr \(c.learningRate)\(c.decayStart.map { " (to 0 from step \($0))" } ?? ""), \(c.nCritic) critic updates, moving average \(c.emaDecay), \(c.steps) steps -> \(out)"
        )
        try train(run, resumeHint: "wgan-resume \(out)")
    }
}
