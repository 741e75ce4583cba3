import ArgumentParser
import CLISupport
import Foundation
import IO
import Engine
import WGAN

@main
struct WganResume: Command {
    static let stopsOnSignal = true
    static let configuration = CommandConfiguration(
        commandName: "wgan-resume",
        abstract: "Continue a training run exactly where its checkpoint stopped.",
        discussion: """
            RUN is a run folder (its checkpoint.h5 is used) or a checkpoint file. The configuration comes \
            from the checkpoint; only the schedule (--steps, --lr-decay-from, --checkpoint-every, --sample-every, \
            --keep) and --data may change; a learning-rate decay may start at or after the checkpoint's step. Training N steps, stopping and resuming gives the same bytes as training in one go.

            --branch --out DIR continues the whole state (both networks, the moving average, both optimizers' \
            moments, the RNGs, the data position, the history) as a new run that may also change --lr, \
            --critic-lr, --batch-size, --n-critic, --gp-weight or --clip and has a schedule of its own (a \
            constant rate unless --lr-decay-from is given): a finished, decayed run can train on with a new \
            decay, keeping the critic it trained with. The branch records where it came from \
            (config field branched_from) and resumes exactly like any run.
            """)

    @Argument(help: ArgumentHelp("Run folder or checkpoint file.", valueName: "run")) var target: ModelPath
    @OptionGroup var data: DataOptions
    @OptionGroup var schedule: ScheduleOptions
    /// Accepted to refuse a change, or with --branch to change the recipe's rates and sizes.
    @OptionGroup(visibility: .hidden) var training: TrainingOptions

    @Flag(
        help:
            "Continue this state as a new run in --out that may change --lr, --critic-lr, --batch-size, --n-critic, --gp-weight or --clip and set its own schedule."
    )
    var branch = false

    @Option(
        help: ArgumentHelp(
            "Continue in this run folder instead of the checkpoint's own (needed for a checkpoint outside a run folder, such as Models/wgan-gp-mnist.run.h5).",
            valueName: "dir"))
    var out: RunFolder?

    @Flag(help: "With --out: write into a folder that holds files of no run.") var force = false

    func validate() throws {
        if branch && out == nil { throw ValidationError("--branch starts a new run: give its folder with --out DIR") }
    }

    /// The run folder to continue in: --out, or the run folder the checkpoint belongs to
    /// (`ModelPath.runFolder`). Any other file would make its folder a run folder, so it needs --out.
    func folder() throws -> RunFolder {
        if let out { return out }
        guard let folder = target.runFolder else {
            throw IOError(
                target.given,
                "is not inside a run folder: pass --out DIR to continue it in a new run folder (wgan-resume writes a run folder and will not write beside this file)"
            )
        }
        return folder
    }

    func run() throws {
        let file = target.file
        // A broken file is reported before anything else; its kernels are chosen before any kernel runs.
        let recorded = try Checkpoint.recordedKernels(file)
        let folder: RunFolder
        do { folder = try self.folder() } catch {
            _ = try Checkpoint.load(file)  // a damaged file says so first, even where it could not be continued
            throw error
        }
        if branch, let out, OutputGuard.sameFile(out.checkpoint, file) {
            throw IOError(out.path, "is the run being branched: choose a new folder for --out")
        }
        let hint = "wgan-resume \(folder)"
        // A run's own folder is owned before its checkpoint is read, so that no other process writes
        // it meanwhile; a branch's new folder once the branch is known to train.
        if branch {
            try RunFolderClaim.checkNew(folder, force: force, resumeHint: hint)
        } else {
            try RunFolderClaim.claimContinuation(folder, of: file, force: force)
        }
        // The kernels the run trained with, so that it goes on with the same bytes.
        if let recorded { KernelTuning.adopt(recorded) }
        let state = try Checkpoint.load(file)
        var c = state.config
        if branch {
            c.decayStart = nil  // a branch's schedule is its own: constant unless --lr-decay-from
            try training.refuseUnusedSettings(of: c.loss, codes: c.codes)
        }
        training.apply(to: &c)
        schedule.apply(to: &c)
        // The budget's record describes the steps it fitted; other steps are the user's own.
        if c.steps != state.config.steps || c.decayStart != state.config.decayStart { c.timeBudgetMinutes = nil }
        if let problem = c.resumeProblem(from: state.config, atStep: state.step, branching: branch) {
            throw IOError(file, problem)
        }
        try c.validateFlags()
        let resumed = branch ? state.branched(to: c, source: file) : state.with(schedule: c)
        if resumed.step >= c.steps {
            if branch {
                throw ValidationError(
                    "a branch trains on from step \(resumed.step): give --steps N with N > \(resumed.step) (it is \(c.steps))"
                )
            }
            Console.info(
                "\(file) is at step \(resumed.step) of \(c.steps): nothing to do (pass --steps N to train further)")
            return
        }
        if branch { try RunFolderClaim.claimNew(folder, force: force, resumeHint: hint) }
        let mnist = try data.load()
        let training = try TrainingRun(
            directory: folder.path, state: resumed,
            data: try resumed.config.trainingSet(mnist.train, source: data.resolved))
        if let recorded, !recorded.roundsLike(.current) {
            let why =
                KernelTuning.userSet.sgemm || KernelTuning.userSet.conv
                ? "as WGAN_SGEMM/WGAN_CONV ask" : "as this machine has"
            Console.info(
                "\(file) trained with \(recorded); this run goes on with \(KernelSet.current) \(why): it rounds differently from an unbroken run"
            )
        }
        let verb = branch ? "branching" : "resuming"
        Console.info(
            "\(verb) \(c.loss.rawValue) \(c.architecture.rawValue) at step \(resumed.step) of \(c.steps) (epoch \(resumed.epoch), image \(resumed.position)) -> \(folder)"
        )
        try train(training, resumeHint: "wgan-resume \(folder)", resumedFrom: file)
    }
}
