import ArgumentParser
import CLISupport
import Foundation
import IO
import WGAN

@main
struct WganResume: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-resume",
        abstract: "Continue a training run exactly where its checkpoint stopped.",
        discussion: """
        RUN is a run folder (its checkpoint.h5 is used) or a checkpoint file. The configuration comes \
        from the checkpoint; only the schedule (--steps, --lr-decay-from, --checkpoint-every, --sample-every, \
        --keep) and --data may change; a learning-rate decay may start at or after the checkpoint's step. Training N steps, stopping and resuming gives the same bytes as training in one go.
        """)

    @Argument(help: ArgumentHelp("Run folder or checkpoint file.", valueName: "run")) var target: String
    @OptionGroup var data: DataOptions
    @OptionGroup var schedule: ScheduleOptions
    @Option(help: ArgumentHelp("Refused unless equal to the checkpoint's: it would change the loss.", visibility: .hidden)) var loss: LossKind?
    @Option(help: ArgumentHelp("Refused unless equal to the checkpoint's: it would change the model.", visibility: .hidden)) var arch: Architecture?
    @Option(help: ArgumentHelp("Refused unless equal to the checkpoint's: it would change the model.", visibility: .hidden)) var latentDim: Int?

    /// The checkpoint to read and the run folder to continue in.
    var paths: (checkpoint: String, folder: String) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue {
            return (TrainingRun.checkpointPath(in: target), target)
        }
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent()
        // A kept checkpoint (RUN/checkpoints/step-N.h5) continues in RUN.
        let folder = parent.lastPathComponent == "checkpoints" ? parent.deletingLastPathComponent() : parent
        return (target, folder.path)
    }

    /// The learning rates of the steps already done must stay what they were, or the resumed run
    /// would differ from one trained in one go with the new schedule.
    static func checkDecay(old: TrainingConfig, new: TrainingConfig, step: Int, file: String) throws {
        let started = { (c: TrainingConfig) in c.decayStart.map { $0 < step } ?? false }
        guard started(old) || started(new) else { return }
        if old.decayStart != new.decayStart || old.steps != new.steps {
            let was = old.decayStart.map { "decays from step \($0) to step \(old.steps)" } ?? "is constant"
            throw IOError(file, "at step \(step) the learning rate \(was); this --steps/--lr-decay-from would change the rate of steps already trained (choose a decay start >= \(step), or start a new run)")
        }
    }

    func run() throws {
        let code = try reportingErrors { () throws -> Int32 in
            let (file, folder) = paths
            let state = try Checkpoint.load(file)
            var c = state.config
            if let loss, loss != c.loss { throw IOError(file, "config field loss is \(c.loss.rawValue); --loss \(loss.rawValue) would change the loss of a running training (start a new run with wgan-train)") }
            if let arch, arch != c.architecture { throw IOError(file, "config field arch is \(c.architecture.rawValue); --arch \(arch.rawValue) would change the model (start a new run with wgan-train)") }
            if let latentDim, latentDim != c.latentDim { throw IOError(file, "config field latent_dim is \(c.latentDim); --latent-dim \(latentDim) would change the model (start a new run with wgan-train)") }
            try schedule.apply(to: &c)
            try Self.checkDecay(old: state.config, new: c, step: state.step, file: file)
            let resumed = state.with(schedule: c)
            if resumed.step >= c.steps {
                Console.info("\(file) is at step \(resumed.step) of \(c.steps): nothing to do (pass --steps N to train further)")
                return 0
            }
            let mnist = try data.load()
            let training = try TrainingRun(directory: folder, state: resumed, data: mnist.train)
            Console.info("resuming \(c.loss.rawValue) \(c.architecture.rawValue) at step \(resumed.step) of \(c.steps) (epoch \(resumed.epoch), image \(resumed.position)) -> \(folder)")
            return try train(training, resumeHint: "wgan-resume \(folder)")
        }
        if code != 0 { throw ExitCode(code) }
    }
}
