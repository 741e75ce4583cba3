import Foundation
import ArgumentParser
import Engine
import IO
import WGAN

/// Trains `run` to its configured end with progress on stderr, and tells the user how it ended; a
/// stop by signal, once said, is `ExitCode(StopSignal.exitCode)`.
/// `resumedFrom` names the checkpoint a resumed run was read from: a divergence right after a resume
/// may come from damaged values in it, so the error line names it.
/// SIGINT and SIGTERM stop it cleanly in a tool that declares `stopsOnSignal`: `Command.main` then
/// installs `StopSignal` before any thread starts, which a call from here would be too late for.
public func train(_ run: TrainingRun, resumeHint: String, resumedFrom: String? = nil) throws {
    if !run.removedTemporaries.isEmpty {
        Console.info(
            "removed \(run.removedTemporaries.count) temporary file(s) left by killed runs (\(run.removedTemporaries.first!)\(run.removedTemporaries.count > 1 ? ", ..." : ""))"
        )
    }
    let progress = Progress(
        total: run.state.config.steps, startingAt: run.state.step, budgetMinutes: run.state.config.timeBudgetMinutes)
    let outcome: TrainingRun.Outcome
    do {
        outcome = try run.run(shouldStop: { StopSignal.requested }, onStep: progress.update)
    } catch let error as TrainingError {
        progress.finish()
        guard let resumedFrom else { throw error }
        throw IOError(resumedFrom, "resumed from here, then \(error)")
    } catch {
        progress.finish()
        throw error
    }
    progress.finish()
    if outcome == .interrupted {
        Console.info(
            "\(StopSignal.name) received: stopped at step \(run.state.step) of \(run.state.config.steps); checkpoint written to \(run.checkpointPath)"
        )
        Console.info("resume with: \(resumeHint)")
        throw ExitCode(StopSignal.exitCode)  // the stop is said; the status tells a script it was stopped
    }
    let last = run.state.history.last
    Console.info(
        "finished \(run.state.step) step\(run.state.step == 1 ? "" : "s")"
            + (last.map { String(format: " (W estimate %.4f, %.0f s of training)", $0.wasserstein, $0.seconds) } ?? "")
            + "; checkpoint \(run.checkpointPath), samples in \(run.directory)/samples, curves \(run.curvesPath)")
}
