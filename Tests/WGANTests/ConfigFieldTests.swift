import Engine
import Foundation
import TestSupport
import IO
import WGAN
import XCTest

/// The configuration table drives `/config`: every field round-trips, every bound is enforced when a
/// file is read, older files without the optional fields still load, and the format doc shows the table.
final class ConfigFieldTests: XCTestCase {
    /// A value out of bounds for each field that has bounds (a field missing here fails the test).
    let invalid: [String: Any] = [
        "steps": Int64(0), "batch_size": Int64(4097), "n_critic": Int64(1) << 40, "latent_dim": Int64(100_000_000),
        "checkpoint_every": Int64(0), "sample_every": Int64(-5), "keep": Int64(-1), "learning_rate": 0.0,
        "critic_learning_rate": 1.5, "lr_decay_start": Int64(2000),
        "beta1": 1.0, "beta2": -0.1, "gp_weight": Double.nan, "clip": 1e9, "ema_decay": 1.0, "critic_warmup": Int64(-3),
        "training_images": Int64(-1),
        "loss": "gan-of-some-kind", "arch": "resnet", "dataset": "cifar10", "conditional": Int64(2),
        "codes": Int64(1001), "info_weight": -1.0, "time_budget_minutes": 0.0,
    ]

    func writeConfigFile(_ c: TrainingConfig, _ name: String) throws -> String {
        ScratchCleanup.registered
        let path = NSTemporaryDirectory() + "wgan-config-\(getpid())-\(name).h5"
        let state = TrainingState(config: c, datasetSize: 10)
        try Checkpoint.write(state, to: path)
        return path
    }

    func testEveryFieldRoundTrips() throws {
        var c = TrainingConfig.defaults(for: .wganGP)
        (c.steps, c.batchSize, c.nCritic, c.latentDim, c.learningRate, c.decayStart) = (900, 16, 4, 32, 3e-4, 700)
        (c.beta1, c.beta2, c.gpWeight, c.emaDecay, c.criticWarmup, c.generatorInit, c.seed) = (
            0.1, 0.99, 5, 0.99, 7, "x.h5", 1 << 63
        )
        (c.checkpointEvery, c.sampleEvery, c.keep, c.architecture, c.criticLearningRate) = (11, 13, 17, .mlp, 1e-3)
        c.branchedFrom = "runs/a/checkpoint.h5 at step 3; b.h5 at step 9"
        (c.codes, c.infoWeight, c.timeBudgetMinutes) = (5, 2.5, 60)
        let path = try writeConfigFile(c, "roundtrip")
        XCTAssertEqual(try Checkpoint.load(path).config, c)
        XCTAssertTrue(c.invalidFields.isEmpty)
    }

    func testEveryBoundIsEnforcedOnLoad() throws {
        let bounded = TrainingConfig.fields.filter { !$0.valid.hasPrefix("any") }
        XCTAssertEqual(
            Set(bounded.map(\.key)), Set(invalid.keys),
            "a bounded field has no out-of-bounds case here, or a case names no field")
        var c = TrainingConfig.defaults(for: .wganGP)
        c.architecture = .mlp
        let good = try writeConfigFile(c, "bounds")
        for field in bounded {
            let path = good + ".\(field.key).h5"
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: good, toPath: path)
            let f = try HDF5File.openForWriting(path)
            switch invalid[field.key] {
            case let v as Int64: try f.setAttribute(field.key, v, on: "/config")
            case let v as Double: try f.setAttribute(field.key, v, on: "/config")
            case let v as String: try f.setAttribute(field.key, v, on: "/config")
            default: XCTFail("no value for \(field.key)")
            }
            f.close()
            XCTAssertThrowsError(try Checkpoint.load(path), field.key) { error in
                XCTAssertTrue("\(error)".contains("/config \(field.key) is "), "\(error)")
            }
            XCTAssertThrowsError(try GeneratorFile.load(path), field.key)
        }
    }

    /// Files written before a field existed: the field's documented default.
    func testOptionalFieldsMayBeAbsent() throws {
        var c = TrainingConfig.defaults(for: .wganGP)
        c.architecture = .mlp
        let path = try writeConfigFile(c, "absent")
        let f = try HDF5File.openForWriting(path)
        for key in ["ema_decay", "critic_warmup"] { try f.removeAttribute(key, from: "/config") }
        f.close()
        let read = try Checkpoint.load(path).config
        XCTAssertEqual(read.emaDecay, 0)
        XCTAssertEqual(read.criticWarmup, 0)
        XCTAssertNil(read.decayStart)
        XCTAssertNil(read.generatorInit)
        XCTAssertNil(read.criticLearningRate)
        XCTAssertNil(read.timeBudgetMinutes)
        for field in TrainingConfig.fields where field.absent == nil {
            let g = try HDF5File.openForWriting(path)
            guard g.hasAttribute(field.key, on: "/config") else {
                XCTFail("\(field.key) is required but not written"); continue
            }
            g.close()
        }
    }

    func testResumeKeepsFrozenFieldsAndAllowsTheSchedule() {
        let old = TrainingConfig.defaults(for: .wganGP)
        for field in TrainingConfig.fields {
            XCTAssertEqual(
                field.resume == .schedule,
                ["steps", "checkpoint_every", "sample_every", "keep", "lr_decay_start", "time_budget_minutes"].contains(
                    field.key), field.key)
        }
        var schedule = old
        (schedule.steps, schedule.keep, schedule.checkpointEvery) = (5000, 9, 50)
        XCTAssertNil(schedule.resumeProblem(from: old, atStep: 10))
        var frozen = old
        frozen.nCritic = 5
        XCTAssertEqual(
            frozen.resumeProblem(from: old, atStep: 10)?.hasPrefix("config field n_critic is 3; --n-critic 5"), true)
    }

    func testABranchMayChangeTheRecipeButNotTheNetworks() {
        let old = TrainingConfig.defaults(for: .wganGP)
        let branchable = TrainingConfig.fields.filter { $0.resume == .branch }.map(\.key)
        XCTAssertEqual(
            branchable,
            ["batch_size", "n_critic", "learning_rate", "critic_learning_rate", "gp_weight", "clip", "info_weight"])
        var recipe = old
        (recipe.batchSize, recipe.nCritic, recipe.learningRate, recipe.criticLearningRate, recipe.gpWeight) = (
            128, 2, 1e-4, 3e-4, 5
        )
        (recipe.steps, recipe.decayStart) = (20, 12)
        XCTAssertNil(recipe.resumeProblem(from: old, atStep: 10, branching: true))
        XCTAssertEqual(recipe.resumeProblem(from: old, atStep: 10)?.contains("--branch --out DIR"), true)
        recipe.decayStart = 9
        XCTAssertEqual(
            recipe.resumeProblem(from: old, atStep: 10, branching: true)?.contains("choose a step >= 10"), true)
        for change in [
            { (c: inout TrainingConfig) in c.architecture = .mlp }, { $0.latentDim = 64 }, { $0.seed = 1 },
            { $0.emaDecay = 0.9 }, { $0.beta1 = 0 },
        ] {
            var c = old
            change(&c)
            XCTAssertEqual(
                c.resumeProblem(from: old, atStep: 10, branching: true)?.contains("start a new run with wgan-train"),
                true)
        }
    }

    /// docs/checkpoint-format.md shows `TrainingConfig.markdownTable` between its markers.
    func testFormatDocShowsTheTable() throws {
        if let problem = try DocTable.mismatch(
            doc: "docs/checkpoint-format.md", name: "config table", source: "TrainingConfig.fields",
            table: TrainingConfig.markdownTable)
        {
            XCTFail(problem)
        }
    }

    /// docs/checkpoint-format.md shows `StepRecord.markdownTable` between its markers.
    func testFormatDocShowsTheHistoryColumns() throws {
        if let problem = try DocTable.mismatch(
            doc: "docs/checkpoint-format.md", name: "history table", source: "StepRecord.columns",
            table: StepRecord.markdownTable)
        {
            XCTFail(problem)
        }
    }

    /// docs/env_vars.md shows `EnvironmentVariable.markdownTable` between its markers.
    func testEnvironmentDocShowsTheTable() throws {
        if let problem = try DocTable.mismatch(
            doc: "docs/env_vars.md", name: "environment table", source: "EnvironmentVariable",
            table: EnvironmentVariable.markdownTable)
        {
            XCTFail(problem)
        }
    }
}
