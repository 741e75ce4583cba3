import Engine
import Foundation
import TestSupport
import IO
import NN
import WGAN
import XCTest

/// Training 2N steps in one go and N steps, stop, resume for N more give the same bytes.
final class ExactResumeTests: XCTestCase {
    /// Ten random "images": with batch 4 and 2 critic updates per step, every step crosses into a new
    /// epoch at a different position, so a stop always falls in the middle of one.
    let data: MNISTSplit = {
        var rng = RandomGenerator(seed: 9)
        return MNISTSplit(
            images: (0..<(10 * 784)).map { _ in UInt8(rng.below(256)) }, labels: (0..<10).map { UInt8($0) })
    }()

    func scratch(_ name: String) throws -> String {
        ScratchCleanup.registered
        let dir = NSTemporaryDirectory() + "wgan-resume-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    func config(
        _ loss: LossKind, _ arch: Architecture, steps: Int, ema: Double = 0, decayStart: Int? = nil,
        dataset: DatasetKind = .mnist, conditional: Bool = false, criticLR: Double? = nil, codes: Int = 0
    ) -> TrainingConfig {
        var c = TrainingConfig.defaults(for: loss)
        c.criticLearningRate = criticLR
        (c.architecture, c.steps, c.batchSize, c.nCritic, c.seed, c.emaDecay) = (arch, steps, 4, 2, 77, ema)
        (c.dataset, c.conditional, c.codes) = (dataset, conditional, codes)
        c.decayStart = decayStart
        (c.checkpointEvery, c.sampleEvery, c.keep) = (2, 2, 2)
        return c
    }

    /// Every tensor and counter of a state, and the loss columns of its history.
    func fingerprint(_ s: TrainingState) -> [String: [Double]] {
        var f: [String: [Double]] = [:]
        for t in s.generator.parameters + s.generator.buffers { f["g." + t.name] = t.tensor.values.map(Double.init) }
        if let avg = s.averageGenerator {
            for t in avg.parameters + avg.buffers { f["ga." + t.name] = t.tensor.values.map(Double.init) }
        }
        for t in s.critic.parameters { f["d." + t.name] = t.tensor.values.map(Double.init) }
        for t in s.generatorOptimizer.stateTensors { f["og." + t.name] = t.tensor.values.map(Double.init) }
        for t in s.criticOptimizer.stateTensors { f["od." + t.name] = t.tensor.values.map(Double.init) }
        f["counters"] = [
            s.step, s.criticSubStep, s.epoch, s.position, s.generatorOptimizer.step, s.criticOptimizer.step,
        ].map(Double.init)
        f["order"] = s.order.map(Double.init)
        f["rng"] = (s.rng.stateWords + s.dataRNG.stateWords).map { Double($0 >> 11) }
        f["history"] = s.history.flatMap {
            [Double($0.step), $0.criticLoss, $0.penalty, $0.generatorLoss, $0.wasserstein]
                + ($0.info.map { [$0] } ?? [])
        }
        return f
    }

    func assertExactResume(
        _ loss: LossKind, _ arch: Architecture, n: Int, ema: Double = 0, decayStart: Int? = nil,
        dataset: DatasetKind = .mnist, conditional: Bool = false, criticLR: Double? = nil, codes: Int = 0,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let tag =
            "\(loss.rawValue)-\(arch.rawValue)-\(ema)-\(decayStart ?? -1)-\(dataset.rawValue)-\(conditional)-\(criticLR ?? 0)-\(codes)"
        let whole = try scratch(tag + "-whole"), split = try scratch(tag + "-split")
        let c = config(
            loss, arch, steps: 2 * n, ema: ema, decayStart: decayStart, dataset: dataset, conditional: conditional,
            criticLR: criticLR, codes: codes)
        let a = TrainingState(config: c, datasetSize: data.count)
        XCTAssertEqual(try TrainingRun(directory: whole, state: a, data: data).run(), .finished)

        // The same run stopped after n steps (as SIGINT would stop it), then resumed from its file.
        let b = TrainingState(config: c, datasetSize: data.count)
        let first = try TrainingRun(directory: split, state: b, data: data)
        XCTAssertEqual(try first.run(shouldStop: { b.step >= n }), .interrupted)
        XCTAssertGreaterThan(b.position, 0, "stop should fall inside an epoch", file: file, line: line)
        let loaded = try Checkpoint.load(split + "/checkpoint.h5")
        XCTAssertEqual(
            fingerprint(loaded), fingerprint(b), "checkpoint does not hold the whole state", file: file, line: line)
        XCTAssertEqual(try TrainingRun(directory: split, state: loaded, data: data).run(), .finished)

        let fa = fingerprint(a), fb = fingerprint(loaded)
        XCTAssertEqual(fa.keys.sorted(), fb.keys.sorted(), file: file, line: line)
        for k in fa.keys.sorted() where fa[k] != fb[k] { XCTFail("\(k) differs after resume", file: file, line: line) }
        XCTAssertGreaterThan(a.epoch, 0, file: file, line: line)
        // The log of the resumed run is the history, one line per step.
        let log = try String(contentsOfFile: split + "/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.count, 2 * n + 1, file: file, line: line)
    }

    func testWGANGPResumesBitForBit() throws { try assertExactResume(.wganGP, .dcgan, n: 3) }
    func testClippedWGANResumesBitForBit() throws { try assertExactResume(.wganClip, .mlp, n: 2) }
    func testSmallConvolutionalPairResumesBitForBit() throws { try assertExactResume(.wganGP, .small, n: 2) }
    func testMovingAverageResumesBitForBit() throws { try assertExactResume(.wganGP, .small, n: 2, ema: 0.999) }
    /// The decay starts before the stop, so the resumed steps need the stored start and end.
    func testLearningRateDecayResumesBitForBit() throws { try assertExactResume(.wganGP, .mlp, n: 3, decayStart: 1) }
    func testRunWithACodeResumesBitForBit() throws { try assertExactResume(.wganGP, .mlp, n: 2, ema: 0.99, codes: 3) }
    func testConditionalRunResumesBitForBit() throws {
        try assertExactResume(.wganGP, .compact, n: 2, ema: 0.99, conditional: true)
    }
    func testStackedMNISTRunResumesBitForBit() throws {
        try assertExactResume(.wganGP, .mlp, n: 2, dataset: .stackedMNIST)
    }
    func testStandardGANResumesBitForBit() throws { try assertExactResume(.gan, .small, n: 2) }
    /// The critic's own rate under a decay that starts before the stop.
    func testCriticLearningRateResumesBitForBit() throws {
        try assertExactResume(.wganGP, .mlp, n: 2, decayStart: 1, criticLR: 2e-3)
    }

    /// lr, lr, lr * 3/4, lr * 2/4, lr * 1/4 for steps 0...4 of a 5-step run decaying from step 1;
    /// the optimizers use the rate of the step they are in.
    /// A finished, decayed run branched with other rates, batch size and critic updates and a decay of
    /// its own: the branch keeps every tensor and counter of the state, follows its new settings, and
    /// stopped and resumed gives the bytes of the branch trained in one go.
    func testBranchKeepsTheStateAndResumesBitForBit() throws {
        let source = try scratch("branch-source")
        let c = config(.wganGP, .mlp, steps: 2, ema: 0.99, decayStart: 1)
        XCTAssertEqual(
            try TrainingRun(directory: source, state: TrainingState(config: c, datasetSize: data.count), data: data)
                .run(), .finished)
        var b = c
        (b.steps, b.decayStart, b.learningRate, b.criticLearningRate, b.batchSize, b.nCritic, b.gpWeight) = (
            6, 4, 1e-3, 2e-3, 3, 1, 5
        )
        XCTAssertNil(b.resumeProblem(from: c, atStep: 2, branching: true))
        XCTAssertNotNil(b.resumeProblem(from: c, atStep: 2), "a plain resume may not change the recipe")

        func branch() throws -> TrainingState {
            try Checkpoint.load(source + "/checkpoint.h5").branched(to: b, source: "src.h5")
        }
        let before = try Checkpoint.load(source + "/checkpoint.h5"), fresh = try branch()
        XCTAssertEqual(fingerprint(fresh), fingerprint(before), "branching changed the state")
        XCTAssertEqual(fresh.config.branchedFrom, "src.h5 at step 2")
        XCTAssertEqual(fresh.config.learningRate(atStep: 3), 1e-3)
        XCTAssertEqual(fresh.config.criticLearningRate(atStep: 5), 2e-3 / 2, accuracy: 1e-15)
        XCTAssertEqual(fresh.config.decayStart, 4)
        XCTAssertEqual(fresh.config.generatorInit, c.generatorInit)
        XCTAssertEqual(fresh.config.architecture, c.architecture)

        // One branched step uses the new batch size and one critic update: 2 batches of 3 images.
        let position = fresh.position
        try fresh.advance(data: data)
        XCTAssertEqual(
            fresh.position, position + 3 > data.count ? 3 : position + 3,
            "one critic batch of 3 (the generator draws no data)")

        let whole = try scratch("branch-whole"), split = try scratch("branch-split")
        let a = try branch()
        XCTAssertEqual(try TrainingRun(directory: whole, state: a, data: data).run(), .finished)
        let s = try branch()
        XCTAssertEqual(
            try TrainingRun(directory: split, state: s, data: data).run(shouldStop: { s.step >= 4 }), .interrupted)
        let loaded = try Checkpoint.load(split + "/checkpoint.h5")
        XCTAssertEqual(loaded.config, s.config, "the branch's settings and record are stored")
        XCTAssertEqual(try TrainingRun(directory: split, state: loaded, data: data).run(), .finished)
        let fa = fingerprint(a), fb = fingerprint(loaded)
        for k in fa.keys.sorted() where fa[k] != fb[k] { XCTFail("\(k) differs after resuming the branch") }
        XCTAssertEqual(a.history.count, 6)

        // A branch of a branch keeps the chain.
        XCTAssertEqual(
            loaded.branched(to: b, source: "again.h5").config.branchedFrom, "src.h5 at step 2; again.h5 at step 6")
    }

    func testLearningRateDecaysLinearlyToTheLastStep() throws {
        var c = config(.wganGP, .mlp, steps: 5, decayStart: 1)
        c.learningRate = 1e-3
        XCTAssertEqual((0..<5).map { c.learningRate(atStep: $0) }, [1e-3, 1e-3, 0.75e-3, 0.5e-3, 0.25e-3])
        c.decayStart = nil
        XCTAssertEqual((0..<5).map { c.learningRate(atStep: $0) }, [Double](repeating: 1e-3, count: 5))
        c.decayStart = 1
        let s = TrainingState(config: c, datasetSize: data.count)
        for expected in [1e-3, 1e-3, 0.75e-3] {
            try s.advance(data: data)
            XCTAssertEqual(s.generatorOptimizer.learningRate, Float(expected))
            XCTAssertEqual(s.criticOptimizer.learningRate, Float(expected))
        }
    }

    /// With `--critic-lr` the critic's optimizer has its own rate, decayed by the same factor; the
    /// generator keeps `learningRate`.
    func testCriticLearningRateDecaysWithTheGenerators() throws {
        var c = config(.wganGP, .mlp, steps: 5, decayStart: 1, criticLR: 4e-3)
        c.learningRate = 1e-3
        XCTAssertEqual((0..<5).map { c.criticLearningRate(atStep: $0) }, [4e-3, 4e-3, 3e-3, 2e-3, 1e-3])
        XCTAssertEqual((0..<5).map { c.learningRate(atStep: $0) }, [1e-3, 1e-3, 0.75e-3, 0.5e-3, 0.25e-3])
        let s = TrainingState(config: c, datasetSize: data.count)
        for (g, d) in [(1e-3, 4e-3), (1e-3, 4e-3), (0.75e-3, 3e-3)] {
            try s.advance(data: data)
            XCTAssertEqual(s.generatorOptimizer.learningRate, Float(g))
            XCTAssertEqual(s.criticOptimizer.learningRate, Float(d))
        }
        c.criticLearningRate = nil
        XCTAssertEqual((0..<5).map { c.criticLearningRate(atStep: $0) }, (0..<5).map { c.learningRate(atStep: $0) })
    }

    /// a_t = a_{t-1} + (1 - d_t)(w_t - a_{t-1}) with d_t = min(decay, (1 + t) / (10 + t)), t = steps before.
    func testMovingAverageFollowsItsFormula() throws {
        let s = TrainingState(config: config(.wganGP, .small, steps: 2, ema: 0.999), datasetSize: data.count)
        let avg = try XCTUnwrap(s.averageGenerator)
        let tensors = { (m: Module) in (m.parameters + m.buffers).map { $0.tensor.values.map(Double.init) } }
        var expected = tensors(s.generator)
        XCTAssertEqual(tensors(avg), expected, "the average starts at the initial weights")
        for (t, weight) in [(0, 1 - 1.0 / 10), (1, 1 - 2.0 / 11)] {
            try s.advance(data: data)
            let w = tensors(s.generator)
            for i in expected.indices {
                for j in expected[i].indices { expected[i][j] += weight * (w[i][j] - expected[i][j]) }
            }
            for (a, e) in zip(tensors(avg), expected) {
                for (x, y) in zip(a, e) { XCTAssertEqual(x, y, accuracy: 1e-6 + 1e-5 * abs(y), "step \(t + 1)") }
            }
        }
        XCTAssertNotEqual(tensors(avg), tensors(s.generator))
    }

    /// Checkpoints of an averaged run give the average to sampling unless asked for the training weights.
    func testCheckpointGivesTheAverageToSampling() throws {
        let dir = try scratch("average")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let s = TrainingState(config: config(.wganGP, .small, steps: 2, ema: 0.99), datasetSize: data.count)
        try s.advance(data: data)
        try Checkpoint.write(s, to: dir + "/c.h5")
        let values = { (m: Module) in (m.parameters + m.buffers).flatMap { $0.tensor.values } }
        let averaged = try GeneratorFile.load(dir + "/c.h5"),
            raw = try GeneratorFile.load(dir + "/c.h5", average: false)
        XCTAssertEqual(values(averaged.network), values(try XCTUnwrap(s.averageGenerator)))
        XCTAssertEqual(values(raw.network), values(s.generator))
        XCTAssertNotEqual(values(averaged.network), values(raw.network))
        XCTAssertEqual(averaged.config.emaDecay, 0.99)
    }

    func testCheckpointRoundTripIsBitForBit() throws {
        let dir = try scratch("roundtrip")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let s = TrainingState(config: config(.wganGP, .dcgan, steps: 2, decayStart: 1), datasetSize: data.count)
        try s.advance(data: data) { 1.5 }
        try Checkpoint.write(s, to: dir + "/c.h5")
        let t = try Checkpoint.load(dir + "/c.h5")
        XCTAssertEqual(t.config, s.config)
        XCTAssertEqual(t.history, s.history)
        XCTAssertEqual(t.fixedLatent.values, s.fixedLatent.values)
        XCTAssertEqual(fingerprint(t), fingerprint(s))
        // No temporary file is left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["c.h5"])
        // The compressed form (wgan-export --training-state) holds the same state, in fewer bytes.
        try Checkpoint.write(s, to: dir + "/z.h5", compressed: true)
        XCTAssertEqual(fingerprint(try Checkpoint.load(dir + "/z.h5")), fingerprint(s))
        let size = { (p: String) in (try FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        XCTAssertLessThan(try size(dir + "/z.h5"), try size(dir + "/c.h5"))
    }

    func testNonFiniteLossStopsWithoutWritingACheckpoint() throws {
        let dir = try scratch("nan")
        var c = config(.wganGP, .mlp, steps: 3)
        c.learningRate = 1e30  // blows the weights up within a step
        let s = TrainingState(config: c, datasetSize: data.count)
        let run = try TrainingRun(directory: dir, state: s, data: data)
        XCTAssertThrowsError(try run.run()) { XCTAssertTrue("\($0)".contains("non-finite"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/checkpoint.h5"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/log.csv"), "a log without any checkpoint")
    }

    /// A failure while writing (here the kept copy: checkpoints/ has become a file) leaves log.csv
    /// matching the checkpoint that was written, line for line.
    func testAFailedWriteLeavesTheLogMatchingTheCheckpoint() throws {
        let dir = try scratch("failed-write")
        let s = TrainingState(config: config(.wganGP, .mlp, steps: 6), datasetSize: data.count)
        let run = try TrainingRun(directory: dir, state: s, data: data)
        XCTAssertThrowsError(
            try run.run(onStep: { r in
                if r.step == 3 {
                    try? FileManager.default.removeItem(atPath: dir + "/checkpoints")
                    _ = FileManager.default.createFile(atPath: dir + "/checkpoints", contents: Data())
                }
            }))
        let saved = try Checkpoint.load(dir + "/checkpoint.h5")
        let log = try String(contentsOfFile: dir + "/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(saved.step, 4)
        XCTAssertEqual(log.count, 1 + saved.step, "log.csv is not the checkpoint's history")
        XCTAssertEqual(log.last.map { String($0.split(separator: ",")[0]) }, "4")
    }

    /// Counters a running training could not reach are refused on load, naming the item.
    func testImpossibleStateIsRefused() throws {
        let dir = try scratch("state")
        let s = TrainingState(config: config(.wganGP, .mlp, steps: 2), datasetSize: data.count)
        _ = try TrainingRun(directory: dir, state: s, data: data).run()
        let good = dir + "/checkpoint.h5"
        let cases: [(String, String, (HDF5File) throws -> Void)] = [
            (
                "substep", "critic_substep",
                { try $0.setAttribute("critic_substep", Int64(1_000_000_000), on: "/state") }
            ),
            (
                "order", "not a permutation",
                { f in
                    let n = try f.shape(of: "/state/order", as: Int64.self)[0]
                    try f.remove("/state/order")
                    try f.write("/state/order", [Int64](repeating: 3, count: n))
                }
            ),
            ("position", "past the", { try $0.setAttribute("position", Int64(1_000_000), on: "/state") }),
            (
                "history", "/history",
                { f in
                    let steps = try f.read("/history/step", as: Int64.self).values
                    try f.remove("/history/step")
                    try f.write("/history/step", Array(steps.dropLast()))
                }
            ),
            ("bounds", "n_critic", { try $0.setAttribute("n_critic", Int64(1) << 40, on: "/config") }),
        ]
        for (name, words, edit) in cases {
            let path = dir + "/\(name).h5"
            try FileManager.default.copyItem(atPath: good, toPath: path)
            let f = try HDF5File.openForWriting(path)
            try edit(f)
            f.close()
            XCTAssertThrowsError(try Checkpoint.load(path), name) {
                XCTAssertTrue("\($0)".contains(words) && "\($0)".contains("\(name).h5"), "\(name): \($0)")
            }
        }
    }

    /// The original WGAN's critic schedule: 100 updates for the first 25 generator iterations and every
    /// 500th, n_critic otherwise (Arjovsky et al.); WGAN-GP keeps n_critic throughout.
    func testClippedWGANCriticSchedule() {
        let clip = TrainingConfig.defaults(for: .wganClip), gp = TrainingConfig.defaults(for: .wganGP)
        XCTAssertEqual(clip.nCritic, 5)
        XCTAssertEqual(
            [0, 1, 24, 25, 26, 499, 500, 501, 1000, 1001].map(clip.criticUpdates(atStep:)),
            [100, 100, 100, 5, 5, 5, 100, 5, 100, 5])
        XCTAssertEqual(
            [0, 24, 25, 500].map(gp.criticUpdates(atStep:)), [gp.nCritic, gp.nCritic, gp.nCritic, gp.nCritic])
    }

    /// Kept copies are pruned to the last `keep`, and a run resumed from a kept copy (as
    /// `wgan-resume RUN/checkpoints/step-N.h5` does) reaches the same state as the run that went on.
    func testKeptCopiesArePrunedAndResumeBitForBit() throws {
        let dir = try scratch("keep")
        var c = config(.wganGP, .mlp, steps: 6)
        (c.checkpointEvery, c.keep) = (1, 3)
        let a = TrainingState(config: c, datasetSize: data.count)
        XCTAssertEqual(try TrainingRun(directory: dir, state: a, data: data).run(), .finished)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/checkpoints").sorted(),
            ["step-000004.h5", "step-000005.h5", "step-000006.h5"])
        let other = try scratch("keep-from-copy")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let fromCopy = try Checkpoint.load(dir + "/checkpoints/step-000004.h5")
        XCTAssertEqual(fromCopy.step, 4)
        XCTAssertEqual(try TrainingRun(directory: other, state: fromCopy, data: data).run(), .finished)
        let fa = fingerprint(a), fb = fingerprint(fromCopy)
        for k in fa.keys.sorted() where fa[k] != fb[k] { XCTFail("\(k) differs after resuming from a kept copy") }
    }
}

/// A run can start its generator from another run's (the same generator architecture), with a fresh critic.
final class WarmStartTests: XCTestCase {
    let data: MNISTSplit = {
        var rng = RandomGenerator(seed: 4)
        return MNISTSplit(images: (0..<(8 * 784)).map { _ in UInt8(rng.below(256)) }, labels: (0..<8).map { UInt8($0) })
    }()

    func config(_ arch: Architecture, ema: Double) -> TrainingConfig {
        var c = TrainingConfig.defaults(for: .wganGP)
        (c.architecture, c.steps, c.batchSize, c.nCritic, c.emaDecay, c.seed) = (arch, 3, 4, 1, ema, 11)
        return c
    }

    func testGeneratorComesFromTheFileAndTheCriticStaysFresh() throws {
        let dir = NSTemporaryDirectory() + "wgan-warm-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let source = TrainingState(config: config(.hybrid, ema: 0.9), datasetSize: data.count)
        try source.advance(data: data)
        try source.advance(data: data)
        try Checkpoint.write(source, to: dir + "/source.h5")

        let values = { (m: Module) in (m.parameters + m.buffers).map(\.tensor.values) }
        var warmConfig = config(.compact, ema: 0.999)
        warmConfig.criticWarmup = 5
        let warm = TrainingState(config: warmConfig, datasetSize: data.count)
        let cold = TrainingState(config: config(.compact, ema: 0.999), datasetSize: data.count)
        try warm.warmStartGenerator(from: ModelPath(dir + "/source.h5"))
        XCTAssertEqual(values(warm.generator), values(source.generator))
        XCTAssertEqual(values(try XCTUnwrap(warm.averageGenerator)), values(try XCTUnwrap(source.averageGenerator)))
        XCTAssertNotEqual(values(warm.generator), values(cold.generator))
        XCTAssertEqual(values(warm.critic), values(cold.critic), "the critic is the fresh one of the run's seed")
        XCTAssertEqual(warm.config.generatorInit, dir + "/source.h5")

        // The provenance and the warm-up survive a checkpoint.
        try Checkpoint.write(warm, to: dir + "/warm.h5")
        let back = try Checkpoint.load(dir + "/warm.h5").config
        XCTAssertEqual(back.generatorInit, dir + "/source.h5")
        XCTAssertEqual(back.criticWarmup, 5)

        // A generator of another shape is refused, naming the file and the first tensor that differs.
        let mlp = TrainingState(config: config(.mlp, ema: 0), datasetSize: data.count)
        try Checkpoint.write(mlp, to: dir + "/mlp.h5")
        XCTAssertThrowsError(try warm.warmStartGenerator(from: ModelPath(dir + "/mlp.h5"))) { error in
            XCTAssertTrue("\(error)".contains("mlp.h5") && "\(error)".contains("does not match"), "\(error)")
        }
        // Only before the first step.
        try warm.advance(data: data)
        XCTAssertThrowsError(try warm.warmStartGenerator(from: ModelPath(dir + "/source.h5")))
    }

    /// The warm-up replaces the first iteration's critic updates; the schedule goes on as configured.
    func testCriticWarmupCountsOnlyForTheFirstIteration() {
        var c = config(.compact, ema: 0)
        c.criticWarmup = 7
        XCTAssertEqual((0..<3).map(c.criticUpdates(atStep:)), [7, 1, 1])
        c.criticWarmup = 0
        XCTAssertEqual((0..<3).map(c.criticUpdates(atStep:)), [1, 1, 1])
    }
}
