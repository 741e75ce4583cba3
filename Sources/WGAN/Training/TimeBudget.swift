import Foundation
import IO

/// A time budget turned into a fixed schedule. The step time is measured once, on a throwaway copy
/// of the run's starting state, before the run begins; the budget then becomes `steps` and a decay
/// start that the checkpoint stores like any other schedule. The run itself never looks at a clock,
/// so it stays deterministic, resumes bit for bit, and an interrupted run resumed later finishes the
/// same steps.
public enum TimeBudget {
    /// The share of a budgeted run over which the learning rate falls linearly to zero at the end.
    /// None: at the hour's steps a constant rate scores higher than a decay over the last fifth, and
    /// that higher than one over the last half (docs/recipes.md); the moving average does the smoothing.
    public static let decayShare = 0.0
    /// The batch of the recommended recipe's unconditional MNIST run under a budget. A step of 32
    /// images costs about half a step of 64, and within an hour the twice as many steps score higher
    /// than 64's (docs/recipes.md); the long-run default keeps 64, the batch of the bundled model.
    public static let batchSize = 32
    /// The share of the timed steps left out for the unforeseen: on one machine, stretches of 1,000
    /// steps have run up to 6% slower than the timing before them (docs/recipes.md).
    public static let margin = 0.05
    /// Most minutes a budget may be (a week).
    public static let maximumMinutes = 10_080.0

    public struct Measurement: Sendable {
        /// Seconds per generator iteration, timed after `warmup` untimed ones.
        public var secondsPerStep: Double
        public var timedSteps: Int
        /// Wall-clock seconds the measurement took, untimed steps and set-up included.
        public var seconds: Double

        public init(secondsPerStep: Double, timedSteps: Int, seconds: Double) {
            (self.secondsPerStep, self.timedSteps, self.seconds) = (secondsPerStep, timedSteps, seconds)
        }
    }

    /// Times generator iterations of `config` on `data` with a fresh state (nothing of the real run
    /// is touched): `warmup` untimed steps, then steps until `atLeast` seconds or `maxSteps` steps.
    public static func measure(
        _ config: TrainingConfig, data: MNISTSplit, warmup: Int = 2, atLeast: Double = 8,
        maxSteps: Int = 40
    ) throws -> Measurement {
        let begin = DispatchTime.now().uptimeNanoseconds
        func since(_ t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9 }
        var c = config
        c.steps = 1_000_000_000
        c.decayStart = nil
        let state = TrainingState(config: c, datasetSize: data.count)
        for _ in 0..<warmup { try state.advance(data: data) }
        let start = DispatchTime.now().uptimeNanoseconds
        var n = 0
        while n < maxSteps && (n == 0 || since(start) < atLeast) {
            try state.advance(data: data)
            n += 1
        }
        let stepSeconds = since(start) / Double(n)
        // What the run adds between steps: a checkpoint every checkpoint_every steps, a sample grid
        // and the curves every sample_every; timed once each and spread over their intervals.
        let t0 = DispatchTime.now().uptimeNanoseconds
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wgan-budget-\(getpid()).h5").path
        defer { unlink(scratch) }
        try Checkpoint.write(state, to: scratch)
        let checkpointSeconds = since(t0)
        let t1 = DispatchTime.now().uptimeNanoseconds
        try PNG.write(
            Image.grid(Image.digits(state.fixedSamples()), columns: 8, border: 2, scale: 2), to: scratch + ".png",
            durable: false)
        try PNG.write(TrainingRun.curves(state.history), to: scratch + ".png", durable: false)
        unlink(scratch + ".png")
        let pictureSeconds = since(t1)
        let perStep =
            stepSeconds + checkpointSeconds / Double(config.checkpointEvery) + pictureSeconds
            / Double(config.sampleEvery)
        return Measurement(secondsPerStep: perStep, timedSteps: n, seconds: since(begin))
    }

    /// Sets `steps` and the decay start of `config` so that training ends `minutes` after the
    /// measurement began: the seconds left divided by the step time, less `margin`; the
    /// last `decayShare` of the steps decay to zero. The run's clock starts at the measurement's
    /// seconds (`TrainingRun.clockStart`), so that its time left is the budget's.
    public static func schedule(
        _ config: inout TrainingConfig, minutes: Double, measured m: Measurement, decayShare: Double = decayShare
    ) {
        let left = max(0, minutes * 60 - m.seconds)
        let steps = max(1, Int(((1 - margin) * left / m.secondsPerStep).rounded(.down)))
        config.steps = steps
        config.timeBudgetMinutes = minutes
        let decay = Int((Double(steps) * (1 - decayShare)).rounded())
        config.decayStart = decay < steps ? decay : nil
    }
}
