import Foundation
import Engine
import IO
import NN
import WGAN
import XCTest

/// wgan-train and wgan-resume as a user runs them.
final class TrainResumeCLITests: XCTestCase {
    /// A real run of one step (fully connected pair, batch 2) to take files from.
    static let run: String? = {
        guard let dir = try? Binaries.scratch("run") else { return nil }
        let r = try? Binaries.run(
            "wgan-train",
            [
                "--out", dir, "--arch", "mlp", "--steps", "1", "--batch-size", "2",
                "--n-critic", "1", "--sample-every", "1", "--checkpoint-every", "1",
            ])
        return r?.status == 0 ? dir : nil
    }()

    func realRun() throws -> String { try XCTUnwrap(Self.run, "wgan-train failed to make a run") }

    func testTrainWritesEveryFileAndResumeContinues() throws {
        let dir = try realRun()
        for f in ["checkpoint.h5", "log.csv", "curves.png", "samples/step-000001.png", "checkpoints/step-000001.h5"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/\(f)"), "missing \(f)")
        }
        let copy = try Binaries.scratch("continued")
        for f in ["checkpoint.h5"] { try FileManager.default.copyItem(atPath: "\(dir)/\(f)", toPath: "\(copy)/\(f)") }
        let r = try Binaries.run("wgan-resume", [copy, "--steps", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("resuming wgan-gp mlp at step 1 of 2"), r.stderr)
        let log = try String(contentsOfFile: "\(copy)/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.map { $0.prefix(2) }, ["st", "1,", "2,"])
        // Already done: a message, exit 0, nothing trained.
        let again = try Binaries.run("wgan-resume", [copy, "--steps", "2"])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("nothing to do"), again.stderr)
        // Starting over in a run folder needs --force.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", copy, "--steps", "1"]), mentioning: ["wgan-resume", "--force"])
    }

    /// --training-images N trains on the first N images: stored in the run, kept on resume (an
    /// interrupted run ends where an unbroken one does), and a count the data or the batch cannot
    /// give is one line with nothing written.
    func testASubsetOfTheTrainingSetIsStoredAndKeptOnResume() throws {
        let base = try Binaries.scratch("subset")
        let flags = [
            "--arch", "mlp", "--training-images", "24", "--batch-size", "8", "--n-critic", "1", "--checkpoint-every",
            "1", "--sample-every", "100",
        ]
        _ = try Binaries.succeed("wgan-train", ["--out", base + "/whole", "--steps", "6"] + flags)
        _ = try Binaries.succeed("wgan-train", ["--out", base + "/split", "--steps", "2"] + flags)
        _ = try Binaries.succeed("wgan-resume", [base + "/split", "--steps", "6"])
        let whole = try Checkpoint.load(base + "/whole/checkpoint.h5")
        let split = try Checkpoint.load(base + "/split/checkpoint.h5")
        XCTAssertEqual(whole.config.trainingImages, 24)
        XCTAssertEqual(whole.order.count, 24)
        XCTAssertEqual(split.step, 6)
        for (a, b) in zip(whole.generator.tensors, split.generator.tensors) {
            XCTAssertEqual(a.tensor.values, b.tensor.values)
        }
        for (count, words) in [("70000", ["60000 training images", "70000"]), ("5", ["batch size 8", "5 training"])] {
            var args = flags
            args[args.firstIndex(of: "24")!] = count
            Binaries.assertOneLineFailure(
                try Binaries.run("wgan-train", ["--out", base + "/bad", "--steps", "2"] + args), mentioning: words)
            XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/bad"))
        }
    }

    func testBrokenCheckpointsGiveOneLineEach() throws {
        let dir = try realRun(), tmp = try Binaries.scratch("broken")
        let good = FileManager.default.contents(atPath: "\(dir)/checkpoint.h5")!
        func variant(_ name: String, _ make: (String) throws -> Void) throws -> String {
            let p = "\(tmp)/\(name).h5"
            try make(p)
            return p
        }
        let truncated = try variant("truncated") { try good.prefix(good.count / 3).write(to: URL(fileURLWithPath: $0)) }
        let empty = try variant("empty") { try Data().write(to: URL(fileURLWithPath: $0)) }
        let foreign = try variant("foreign") { try Data("step,loss\n1,2\n".utf8).write(to: URL(fileURLWithPath: $0)) }
        let missing = try variant("missing") { p in
            try good.write(to: URL(fileURLWithPath: p))
            let f = try HDF5File.openForWriting(p)
            try f.remove("/critic/dense2/kernel")
            f.close()
        }
        let misshapen = try variant("misshapen") { p in
            try good.write(to: URL(fileURLWithPath: p))
            let f = try HDF5File.openForWriting(p)
            try f.remove("/generator/dense1/kernel")
            try f.write("/generator/dense1/kernel", [Float](repeating: 0, count: 6), shape: [2, 3])
            f.close()
        }
        let cases: [(String, [String])] = [
            (truncated, ["truncated.h5", "truncated"]), (empty, ["empty.h5", "empty"]),
            (foreign, ["foreign.h5", "not an HDF5 file"]),
            (missing, ["missing.h5", "/critic/dense2/kernel", "missing"]),
            (misshapen, ["misshapen.h5", "/generator/dense1/kernel", "[2, 3]", "[128, 512]"]),
            ("\(tmp)/absent.h5", ["absent.h5", "no such file"]),
        ]
        for (path, words) in cases {
            Binaries.assertOneLineFailure(try Binaries.run("wgan-resume", [path, "--steps", "5"]), mentioning: words)
        }
        // An HDF5 file that is not a checkpoint.
        let other = "\(tmp)/other.h5"
        let f = try HDF5File.create(other)
        try f.write("/x", [1.0, 2.0])
        f.close()
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [other]), mentioning: ["other.h5", "not a wgan-swift file"])
    }

    func testResumeRefusesFlagsThatChangeTheModelOrLoss() throws {
        let dir = try realRun()
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [dir, "--arch", "dcgan"]), mentioning: ["arch", "mlp"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [dir, "--latent-dim", "64"]), mentioning: ["latent_dim", "128"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [dir, "--loss", "wgan-clip"]), mentioning: ["loss", "wgan-gp"])
        // Flags that repeat the checkpoint's values are fine.
        XCTAssertEqual(try Binaries.run("wgan-resume", [dir, "--arch", "mlp", "--steps", "1"]).status, 0)
    }

    /// A decay may begin where the checkpoint stands; changing the rate of steps already trained is refused.
    func testResumeCanStartALearningRateDecayButNotRewriteOne() throws {
        let dir = try realRun()
        let copy = try Binaries.scratch("decay")
        try FileManager.default.copyItem(atPath: "\(dir)/checkpoint.h5", toPath: "\(copy)/checkpoint.h5")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--steps", "3", "--lr-decay-from", "0"]),
            mentioning: ["checkpoint.h5", "at step 1", "is constant"])
        let r = try Binaries.run("wgan-resume", [copy, "--steps", "3", "--lr-decay-from", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--steps", "4"]),
            mentioning: ["at step 3", "decays from step 1 to step 3", "--branch"])
        // A decay starting where the finished run stands would still rewrite the rates of steps 1-2.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--steps", "6", "--lr-decay-from", "3"]),
            mentioning: ["at step 3", "keeps its schedule"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", copy + "/new", "--steps", "5", "--lr-decay-from", "5"]),
            mentioning: ["--lr-decay-from", "before the last step"])
    }

    /// A finished, decayed run trains on as a branch in a new folder with other rates and its own decay.
    func testBranchContinuesADecayedRunInANewFolder() throws {
        let dir = try realRun()
        let copy = try Binaries.scratch("branch-source")
        try FileManager.default.copyItem(atPath: "\(dir)/checkpoint.h5", toPath: "\(copy)/checkpoint.h5")
        XCTAssertEqual(try Binaries.run("wgan-resume", [copy, "--steps", "2", "--lr-decay-from", "1"]).status, 0)
        let out = try Binaries.scratch("branch-out")
        try FileManager.default.removeItem(atPath: out)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--branch", "--steps", "4"]), mentioning: ["--branch", "--out"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--branch", "--out", copy, "--steps", "4"]),
            mentioning: ["being branched"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--branch", "--out", out, "--steps", "4", "--arch", "dcgan"]),
            mentioning: ["arch", "mlp"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--branch", "--out", out, "--steps", "4", "--lr-decay-from", "1"]),
            mentioning: ["branch starts at step 2", ">= 2"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--branch", "--out", out, "--steps", "4", "--clip", "0.1"]),
            mentioning: ["--clip", "wgan-gp"])
        // Without --branch the same rate change is refused and the message says how to branch.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [copy, "--steps", "4", "--lr", "1e-4"]),
            mentioning: ["learning_rate", "--branch --out"])
        let r = try Binaries.run(
            "wgan-resume",
            [
                copy, "--branch", "--out", out, "--steps", "4", "--lr", "1e-4", "--batch-size", "4",
                "--lr-decay-from", "3",
            ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("branching wgan-gp mlp at step 2 of 4"), r.stderr)
        let log = try String(contentsOfFile: "\(out)/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.map { $0.prefix(2) }, ["st", "1,", "2,", "3,", "4,"])
        // The source is untouched, and the branch resumes like any run.
        XCTAssertEqual(try String(contentsOfFile: "\(copy)/log.csv", encoding: .utf8).split(separator: "\n").count, 3)
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-resume", [out, "--steps", "5"]), mentioning: ["decays from step 3 to step 4"])
    }

    func testBadFlagsAndDataGiveOneLine() throws {
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--steps=0"]), mentioning: ["--steps", "1...1000000000", "got 0"])
        Binaries.assertOneLineFailure(try Binaries.run("wgan-train", ["--loss", "lsgan"]), mentioning: ["lsgan"])
        Binaries.assertOneLineFailure(try Binaries.run("wgan-train", ["--beta1=1.5"]), mentioning: ["--beta1"])
        // A negative number is read as the value and checked against its bounds, not taken for a flag.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--lr", "-1"]), mentioning: ["--lr", "(0, 1]", "got -1"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--steps", "-5"]), mentioning: ["--steps", "got -5"])
        // A bad choice names every allowed value on the one line.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--arch", "foo"]),
            mentioning: ["'foo'", "dcgan", "hybrid", "compact", "wide-compact", "wide"])
        // Settings of another loss are refused, not ignored.
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--loss", "wgan-clip", "--beta1", "0.5"]),
            mentioning: ["--beta1", "Adam", "wgan-clip"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--clip", "0.02"]), mentioning: ["--clip", "wgan-gp"])
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--loss", "gan", "--gp-weight", "5"]), mentioning: ["--gp-weight", "gan"])
        let tmp = try Binaries.scratch("nodata")
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", tmp + "/r", "--data", tmp, "--steps", "1"]),
            mentioning: ["SHA256SUMS"])
        let help = try Binaries.run("wgan-train", ["--help"])
        XCTAssertEqual(help.status, 0)
        // Every configuration field with a flag is set by wgan-train.
        for flag in ["--out", "--data", "--force"] + TrainingConfig.fields.compactMap(\.flag) {
            // The flag itself, not a longer one it begins (--lr against --lr-decay-from).
            XCTAssertNotNil(help.stdout.range(of: "\(flag)[ =<]", options: .regularExpression), "help lacks \(flag)")
        }
    }

    /// --minutes measures the step time once and stores fixed steps: the run ends, its checkpoint
    /// holds the steps and the decay --decay-share asks for, and a resume has nothing left to do.
    func testTimeBudgetBecomesFixedSteps() throws {
        let dir = try Binaries.scratch("budget")
        let r = try Binaries.run(
            "wgan-train",
            [
                "--out", dir, "--arch", "mlp", "--batch-size", "8", "--n-critic", "1", "--minutes", "0.15",
                "--decay-share", "0.25",
            ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("s a step over"), r.stderr)
        let f = try HDF5File.open(dir + "/checkpoint.h5")
        let steps = try f.scalarAttribute("steps", on: "/config", as: Int64.self)
        let decay = try f.scalarAttribute("lr_decay_start", on: "/config", as: Int64.self)
        XCTAssertEqual(try f.scalarAttribute("time_budget_minutes", on: "/config", as: Double.self), 0.15)
        XCTAssertEqual(try f.scalarAttribute("step", on: "/state", as: Int64.self), steps)
        f.close()
        XCTAssertGreaterThan(steps, 1)
        XCTAssertEqual(decay, Int64((Double(steps) * 0.75).rounded()))
        let again = try Binaries.run("wgan-resume", [dir])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("nothing to do"), again.stderr)
        for bad in ["0", "-1", "1e9", "nan"] {
            Binaries.assertOneLineFailure(
                try Binaries.run("wgan-train", ["--out", dir + "/x", "--minutes", bad]), mentioning: ["--minutes"])
        }
        Binaries.assertOneLineFailure(
            try Binaries.run("wgan-train", ["--out", dir + "/x", "--minutes", "5", "--steps", "10"]),
            mentioning: ["--minutes", "--steps"])
        for args in [["--minutes", "5", "--decay-share", "1.5"], ["--steps", "5", "--decay-share", "0.2"]] {
            Binaries.assertOneLineFailure(
                try Binaries.run("wgan-train", ["--out", dir + "/x"] + args), mentioning: ["--decay-share"])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x"))
    }

    /// With no flag but the budget, the recommended recipe trains on the budget's batch.
    func testTheBudgetedDefaultRecipeTrainsOnItsBatch() throws {
        let dir = try Binaries.scratch("budget-recipe")
        let r = try Binaries.run("wgan-train", ["--out", dir, "--minutes", "0.1", "--training-images", "64"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("wide-compact"), r.stderr)
        XCTAssertTrue(r.stderr.contains("batch \(TimeBudget.batchSize)"), r.stderr)
        let f = try HDF5File.open(dir + "/checkpoint.h5")
        defer { f.close() }
        XCTAssertEqual(try f.scalarAttribute("batch_size", on: "/config", as: Int64.self), Int64(TimeBudget.batchSize))
        XCTAssertEqual(try f.scalarAttribute("codes", on: "/config", as: Int64.self), 10)
    }

    /// A refusal is one kind of error whether it is found while parsing or while running: the same
    /// status and the same help hint.
    func testRefusalsHaveOneStatus() throws {
        let dir = try realRun()
        // found in run(): the folder holds a run
        let running = try Binaries.run("wgan-train", ["--out", dir, "--steps", "1"])
        let parsing = try Binaries.run("wgan-train", ["--steps=0"])  // found in validate()
        XCTAssertEqual(running.status, 64, running.stderr)
        XCTAssertEqual(parsing.status, 64, parsing.stderr)
        XCTAssertTrue(running.stderr.contains("(see wgan-train --help)"), running.stderr)
    }
}
