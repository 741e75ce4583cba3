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
    /// Accepted only to refuse a change: the checkpoint's configuration defines the run.
    @OptionGroup(visibility: .hidden) var training: TrainingOptions

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

    func run() throws {
        let code = try reportingErrors { () throws -> Int32 in
            let (file, folder) = paths
            let state = try Checkpoint.load(file)
            var c = state.config
            training.apply(to: &c)
            schedule.apply(to: &c)
            if let problem = c.resumeProblem(from: state.config, atStep: state.step) { throw IOError(file, problem) }
            try c.validateFlags()
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
