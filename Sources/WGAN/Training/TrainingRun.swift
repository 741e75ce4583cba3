import Engine
import Foundation
import IO

/// The loop that fills a run folder (`RunFolder` names its parts). wgan-train and wgan-resume both
/// call `run`; there is no second path for resumed runs.
public final class TrainingRun {
    public let folder: RunFolder
    public let state: TrainingState
    public let data: MNISTSplit

    public var directory: String { folder.path }
    public var checkpointPath: String { folder.checkpoint }
    public var logPath: String { folder.log }
    public var curvesPath: String { folder.curves }

    public init(directory: String, state: TrainingState, data: MNISTSplit) throws {
        self.folder = RunFolder(directory)
        self.state = state
        self.data = data
        guard data.count == state.order.count else {
            throw IOError(
                directory, "the run was trained on \(state.order.count) images, the data folder holds \(data.count)")
        }
        guard data.count >= state.config.batchSize else {
            throw IOError(directory, "batch size \(state.config.batchSize) exceeds the \(data.count) training images")
        }
        for sub in ["", "/samples", "/checkpoints"] {
            do {
                try FileManager.default.createDirectory(atPath: directory + sub, withIntermediateDirectories: true)
            } catch {
                throw IOError(directory + sub, "cannot create folder (\(error.localizedDescription))")
            }
            removedTemporaries += AtomicFile.removeStaleTemporaries(in: directory + sub)
        }
    }

    /// The run's clock at its first step: the seconds spent before it that count as training
    /// (a time budget's measurement).
    public var clockStart = 0.0

    /// Temporary files of killed writers that opening the run removed.
    public private(set) var removedTemporaries: [String] = []

    public enum Outcome: Equatable { case finished, interrupted }

    /// Trains until `state.config.steps` generator iterations are done or `shouldStop` turns true
    /// (checked between iterations), then writes a checkpoint. `onStep` sees every step.
    /// A non-finite loss throws before anything is written: the last good checkpoint stays.
    /// Any failure (a non-finite loss, a full disk) leaves log.csv matching the last good checkpoint:
    /// the lines of steps after it are cut, and a run without any checkpoint keeps no log.
    public func run(shouldStop: () -> Bool = { false }, onStep: (StepRecord) -> Void = { _ in }) throws -> Outcome {
        try rewriteLog()
        let log = try openLogForAppend()
        defer { try? log.close() }
        var checkpointed = log.offsetInFile
        func logged(_ body: () throws -> Void) throws {
            do { try body() } catch {
                if FileManager.default.fileExists(atPath: checkpointPath) {
                    try? log.truncate(atOffset: checkpointed)
                } else {
                    unlink(logPath)
                }
                throw error
            }
        }
        func checkpointKeepingLog() throws {
            try Checkpoint.write(state, to: checkpointPath)
            checkpointed = log.offsetInFile
            try keepCopy()
        }
        let base = state.history.last?.seconds ?? clockStart
        let start = DispatchTime.now().uptimeNanoseconds
        let c = state.config
        if state.step < c.steps { state.kernels = KernelSet.current.description }
        try logged {
            while state.step < c.steps {
                if shouldStop() { break }
                let record = try state.advance(data: data) {
                    base + Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                }
                try log.write(contentsOf: Data(record.csvLine.utf8))
                if record.step % c.sampleEvery == 0 { try writePictures() }
                if record.step % c.checkpointEvery == 0 { try checkpointKeepingLog() }
                onStep(record)
            }
            if state.step % c.sampleEvery != 0 { try writePictures() }
            if state.history.last.map({ $0.step % c.checkpointEvery != 0 }) ?? true { try checkpointKeepingLog() }
        }
        return state.step >= c.steps ? .finished : .interrupted
    }

    /// checkpoints/step-NNNNNN.h5 for the checkpoint just written, pruning beyond `keep`.
    func keepCopy() throws {
        let kept = folder.keptCheckpoint(step: state.step)
        unlink(kept)
        // A hard link shares the just-written file; the next rename over checkpoint.h5 leaves it intact.
        if link(checkpointPath, kept) != 0 { try Checkpoint.write(state, to: kept) }
        let dir = folder.checkpoints
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix("step-") && $0.hasSuffix(".h5") }.sorted()
        for old in all.dropLast(max(1, state.config.keep)) { unlink(dir + "/" + old) }
    }

    public func writePictures() throws {
        let grid = Image.grid(Image.digits(state.fixedSamples()), columns: 8, border: 2, scale: 2)
        try PNG.write(grid, to: folder.sampleGrid(step: state.step))
        try PNG.write(Self.curves(state.history), to: curvesPath)
    }

    /// log.csv is rebuilt from the state's history: lines written after the last checkpoint of an
    /// interrupted run are replaced by the steps that are really redone.
    func rewriteLog() throws {
        try AtomicFile.write(Data((StepRecord.csvHeader + state.history.map(\.csvLine).joined()).utf8), to: logPath)
    }

    func openLogForAppend() throws -> FileHandle {
        guard let h = FileHandle(forWritingAtPath: logPath) else { throw IOError(logPath, "cannot open for appending") }
        h.seekToEndOfFile()
        return h
    }
}
