import ArgumentParser
import CLISupport
import Foundation
import IO
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

    @Argument(help: ArgumentHelp("Run folder or checkpoint file.", valueName: "run")) var target: String
    @OptionGroup var data: DataOptions
    @OptionGroup var schedule: ScheduleOptions
    /// Accepted to refuse a change, or with --branch to change the recipe's rates and sizes.
    @OptionGroup(visibility: .hidden) var training: TrainingOptions

    @Flag(help: "Continue this state as a new run in --out that may change --lr, --critic-lr, --batch-size, --n-critic, --gp-weight or --clip and set its own schedule.")
    var branch = false

    @Option(help: ArgumentHelp("Continue in this run folder instead of the checkpoint's own (needed for a checkpoint outside a run folder, such as Models/wgan-gp-mnist.run.h5).", valueName: "dir"))
    var out: String?

    func validate() throws {
        if branch && out == nil { throw ValidationError("--branch starts a new run: give its folder with --out DIR") }
    }

    /// The checkpoint to read and the run folder to continue in: --out, or the run folder the
    /// checkpoint belongs to (RUN/checkpoint.h5 or RUN/checkpoints/step-N.h5). Any other file would
    /// make its folder a run folder, so it needs --out.
    func paths() throws -> (checkpoint: String, folder: String) {
        var isDir: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue
        let checkpoint = isFolder ? TrainingRun.checkpointPath(in: target) : target
        if let out {
            var outIsDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &outIsDir) && !outIsDir.boolValue { throw IOError(out, "exists and is not a folder") }
            let existing = TrainingRun.checkpointPath(in: out)
            if FileManager.default.fileExists(atPath: existing) && !OutputGuard.sameFile(existing, checkpoint) {
                throw IOError(out, "already holds another run (\(existing)); choose a new folder for --out")
            }
            return (checkpoint, out)
        }
        if isFolder { return (checkpoint, target) }
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent()
        if url.lastPathComponent == "checkpoint.h5" { return (target, parent.path) }
        if parent.lastPathComponent == "checkpoints" { return (target, parent.deletingLastPathComponent().path) }
        throw IOError(target, "is not inside a run folder: pass --out DIR to continue it in a new run folder (wgan-resume writes a run folder and will not write beside this file)")
    }

    func run() throws {
        let code = try reportingErrors { () throws -> Int32 in
            var isDir: ObjCBool = false
            let file = FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue ? TrainingRun.checkpointPath(in: target) : target
            let state = try Checkpoint.load(file)  // a broken file is reported before anything else
            let folder = try paths().folder
            var c = state.config
            if branch, let out {
                if OutputGuard.sameFile(TrainingRun.checkpointPath(in: out), file) { throw IOError(out, "is the run being branched: choose a new folder for --out") }
                c.decayStart = nil  // a branch's schedule is its own: constant unless --lr-decay-from
                try training.refuseUnusedSettings(of: c.loss, codes: c.codes)
            }
            training.apply(to: &c)
            schedule.apply(to: &c)
            if let problem = c.resumeProblem(from: state.config, atStep: state.step, branching: branch) { throw IOError(file, problem) }
            try c.validateFlags()
            let resumed = branch ? state.branched(to: c, source: file) : state.with(schedule: c)
            if resumed.step >= c.steps {
                Console.info("\(file) is at step \(resumed.step) of \(c.steps): nothing to do (pass --steps N to train further)")
                return 0
            }
            let mnist = try data.load()
            let training = try TrainingRun(directory: folder, state: resumed, data: mnist.train)
            let verb = branch ? "branching" : "resuming"
            Console.info("\(verb) \(c.loss.rawValue) \(c.architecture.rawValue) at step \(resumed.step) of \(c.steps) (epoch \(resumed.epoch), image \(resumed.position)) -> \(folder)")
            return try train(training, resumeHint: "wgan-resume \(folder)", resumedFrom: file)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
