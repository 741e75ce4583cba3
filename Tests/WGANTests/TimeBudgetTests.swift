import Engine
import Foundation
import IO
import TestSupport
import WGAN
import XCTest

/// A time budget becomes fixed steps once; the step history has one schema for files and logs.
final class TimeBudgetTests: XCTestCase {
    func testBudgetBecomesStepsAndADecay() {
        var c = TrainingConfig()
        // One minute, 10 s of it spent measuring, 0.5 s a step: 0.95 x 50 / 0.5 = 95 steps at a
        // constant rate by default.
        TimeBudget.schedule(&c, minutes: 1, measured: .init(secondsPerStep: 0.5, timedSteps: 4, seconds: 10))
        XCTAssertEqual(c.steps, 95)
        XCTAssertNil(c.decayStart)
        XCTAssertEqual(c.learningRate(atStep: 94), c.learningRate)
        // --decay-share 0.2: the last fifth decays, from round(0.8 x 95) = 76.
        TimeBudget.schedule(
            &c, minutes: 1, measured: .init(secondsPerStep: 0.5, timedSteps: 4, seconds: 10), decayShare: 0.2)
        XCTAssertEqual(c.decayStart, 76)
        XCTAssertEqual(c.timeBudgetMinutes, 1)
        XCTAssertEqual(c.learningRate(atStep: 75), c.learningRate)
        XCTAssertEqual(c.learningRate(atStep: 94), c.learningRate / 19, accuracy: 1e-15)
        XCTAssertTrue(c.invalidFields.isEmpty, "\(c.invalidFields.map(\.key))")
        // The last quarter decays from round(71.25) = 71 of 95; 0 keeps the rate constant.
        TimeBudget.schedule(
            &c, minutes: 1, measured: .init(secondsPerStep: 0.5, timedSteps: 4, seconds: 10), decayShare: 0.25)
        XCTAssertEqual(c.decayStart, 71)
        TimeBudget.schedule(
            &c, minutes: 1, measured: .init(secondsPerStep: 0.5, timedSteps: 4, seconds: 10), decayShare: 0)
        XCTAssertNil(c.decayStart)
        // A budget the measurement used up still trains one step, at a constant rate.
        TimeBudget.schedule(&c, minutes: 0.1, measured: .init(secondsPerStep: 2, timedSteps: 3, seconds: 7))
        XCTAssertEqual(c.steps, 1)
        XCTAssertNil(c.decayStart)
    }

    func testTheBudgetedRecipeTrainsOnSmallerBatchesOnMNISTOnly() {
        XCTAssertEqual(TrainingConfig.recommended().batchSize, 64)
        XCTAssertEqual(TrainingConfig.recommended(budgeted: true).batchSize, TimeBudget.batchSize)
        XCTAssertEqual(TimeBudget.batchSize, 32)
        // Unmeasured elsewhere: the conditional and Stacked MNIST runs keep their batch under a budget.
        XCTAssertEqual(TrainingConfig.recommended(conditional: true, budgeted: true).batchSize, 64)
        XCTAssertEqual(TrainingConfig.recommended(dataset: .stackedMNIST, budgeted: true).batchSize, 64)
        // Only the batch differs.
        var budgeted = TrainingConfig.recommended(budgeted: true)
        budgeted.batchSize = 64
        XCTAssertEqual(budgeted, TrainingConfig.recommended())
    }

    func testMeasuringLeavesNothingBehindAndGivesAPositiveStepTime() throws {
        var rng = RandomGenerator(seed: 3)
        let data = MNISTSplit(
            images: (0..<(40 * 784)).map { _ in UInt8(rng.below(256)) }, labels: (0..<40).map { UInt8($0 % 10) })
        var c = TrainingConfig.defaults(for: .wganGP)
        (c.architecture, c.batchSize, c.nCritic) = (.mlp, 4, 1)
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("wgan-budget-")
        }
        let m = try TimeBudget.measure(c, data: data, warmup: 1, atLeast: 0.05, maxSteps: 3)
        XCTAssertGreaterThan(m.secondsPerStep, 0)
        XCTAssertGreaterThanOrEqual(m.seconds, m.secondsPerStep)
        XCTAssertTrue((1...3).contains(m.timedSteps))
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("wgan-budget-")
        }
        XCTAssertEqual(before, after)
    }

    func testHistoryColumnsRoundTripThroughHDF5AndTheLog() throws {
        ScratchCleanup.registered
        let withCode = [
            StepRecord(
                step: 1, criticLoss: -1.5, penalty: 0.25, generatorLoss: 2, wasserstein: 1.25, seconds: 0.5, info: 2.25),
            StepRecord(
                step: 2, criticLoss: -1, penalty: 0.125, generatorLoss: 3, wasserstein: 1, seconds: 1.0625, info: 1.5),
        ]
        var plain = withCode
        for i in plain.indices { plain[i].info = nil }
        for (name, h) in [("code", withCode), ("plain", plain)] {
            let path = NSTemporaryDirectory() + "wgan-history-\(getpid())-\(name).h5"
            let f = try HDF5File.create(path)
            try StepRecord.write(h, to: f)
            f.close()
            let g = try HDF5File.open(path)
            XCTAssertEqual(try StepRecord.read(from: g), h)
            XCTAssertEqual(g.exists("/history/info"), name == "code")
            g.close()
        }
        XCTAssertEqual(StepRecord.csvHeader, "step,critic_loss,penalty,generator_loss,wasserstein,seconds,info\n")
        XCTAssertEqual(withCode[0].csvLine, "1,-1.5,0.25,2.0,1.25,0.500,2.25\n")
        XCTAssertEqual(plain[1].csvLine, "2,-1.0,0.125,3.0,1.0,1.062,\n")
    }
}
