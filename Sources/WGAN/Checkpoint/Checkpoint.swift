import Engine
import Foundation
import IO
import NN

/// The HDF5 layout of a training checkpoint (docs/checkpoint-format.md). Every item is named by
/// the same dotted path as in memory, with slashes: `conv1.kernel` -> `/generator/conv1/kernel`.
public enum Checkpoint {
    public static let format = "wgan-swift-checkpoint"
    public static let version: Int64 = 1
    /// The group of the generator's moving average (present when /config ema_decay > 0).
    public static let averageGroup = "generator_average"

    /// Writes `state` to `path` atomically (temporary file, fsync, rename).
    public static func write(_ state: TrainingState, to path: String) throws {
        try AtomicFile.write(to: path) { tmp in
            let f = try HDF5File.create(tmp)
            defer { f.close() }
            try f.setAttribute("format", format)
            try f.setAttribute("format_version", version)
            try writeConfig(state.config, f)
            try f.write(state.generator.tensors, under: "generator")
            try f.write(state.critic.tensors, under: "critic")
            if let average = state.averageGenerator { try f.write(average.tensors, under: averageGroup) }
            for (name, opt) in [("generator", state.generatorOptimizer), ("critic", state.criticOptimizer)] {
                try f.write(opt.stateTensors, under: "optimizer/\(name)")
                try f.setAttribute("step", Int64(opt.step), on: "/optimizer/\(name)")
                for (k, v) in opt.hyperParameters.sorted(by: { $0.key < $1.key }) { try f.setAttribute(k, v, on: "/optimizer/\(name)") }
            }
            try f.makeGroup("/state")
            for (k, v) in [("step", state.step), ("critic_substep", state.criticSubStep), ("epoch", state.epoch), ("position", state.position)] {
                try f.setAttribute(k, Int64(v), on: "/state")
            }
            try f.write("/state/order", state.order.map { Int64($0) })
            try f.write("/state/rng", state.rng.stateWords)
            try f.write("/state/data_rng", state.dataRNG.stateWords)
            try f.write("/state/fixed_latent", tensor: state.fixedLatent)
            try writeHistory(state.history, f)
        }
    }

    static func writeConfig(_ c: TrainingConfig, _ f: HDF5File) throws {
        let g = "/config"
        try f.makeGroup(g)
        try f.setAttribute("loss", c.loss.rawValue, on: g)
        try f.setAttribute("arch", c.architecture.rawValue, on: g)
        for (k, v) in [("steps", c.steps), ("batch_size", c.batchSize), ("n_critic", c.nCritic), ("latent_dim", c.latentDim),
                       ("checkpoint_every", c.checkpointEvery), ("sample_every", c.sampleEvery), ("keep", c.keep)] {
            try f.setAttribute(k, Int64(v), on: g)
        }
        for (k, v) in [("learning_rate", c.learningRate), ("beta1", c.beta1), ("beta2", c.beta2), ("gp_weight", c.gpWeight), ("clip", c.clip),
                       ("ema_decay", c.emaDecay)] {
            try f.setAttribute(k, v, on: g)
        }
        try f.setAttribute("seed", c.seed, on: g)
        if let d = c.decayStart { try f.setAttribute("lr_decay_start", Int64(d), on: g) }
        if c.criticWarmup > 0 { try f.setAttribute("critic_warmup", Int64(c.criticWarmup), on: g) }
        if let source = c.generatorInit { try f.setAttribute("generator_init", source, on: g) }
    }

    static let historyColumns = ["critic_loss", "penalty", "generator_loss", "wasserstein", "seconds"]

    static func writeHistory(_ h: [StepRecord], _ f: HDF5File) throws {
        try f.makeGroup("/history")
        try f.write("/history/step", h.map { Int64($0.step) })
        let columns: [[Double]] = [h.map(\.criticLoss), h.map(\.penalty), h.map(\.generatorLoss), h.map(\.wasserstein), h.map(\.seconds)]
        for (name, col) in zip(historyColumns, columns) { try f.write("/history/\(name)", col) }
    }

    // MARK: Reading

    /// Checks that `f` is a file of `kind` and of a version this build reads.
    static func checkFormat(_ f: HDF5File, kind: String) throws {
        guard f.hasAttribute("format") else { throw IOError(f.path, "not a wgan-swift file (no format attribute on /)") }
        let found = try f.stringAttribute("format")
        guard found == kind else { throw IOError(f.path, "is a \(found) file, expected a \(kind) file") }
        let v = try f.scalarAttribute("format_version", as: Int64.self)
        guard v == version else { throw IOError(f.path, "format version \(v), this build reads version \(version)") }
    }

    public static func readConfig(_ f: HDF5File) throws -> TrainingConfig {
        let g = "/config"
        var c = TrainingConfig()
        func int(_ k: String) throws -> Int {
            let v = try f.scalarAttribute(k, on: g, as: Int64.self)
            return Int(v)
        }
        func double(_ k: String) throws -> Double { try f.scalarAttribute(k, on: g, as: Double.self) }
        let loss = try f.stringAttribute("loss", on: g)
        guard let l = LossKind(rawValue: loss) else { throw IOError(f.path, "/config loss is '\(loss)', not one of wgan-gp, wgan-clip") }
        let arch = try f.stringAttribute("arch", on: g)
        guard let a = Architecture(rawValue: arch) else { throw IOError(f.path, "/config arch is '\(arch)', not one of \(Architecture.allCases.map(\.rawValue).joined(separator: ", "))") }
        (c.loss, c.architecture) = (l, a)
        (c.steps, c.batchSize, c.nCritic, c.latentDim) = (try int("steps"), try int("batch_size"), try int("n_critic"), try int("latent_dim"))
        (c.checkpointEvery, c.sampleEvery, c.keep) = (try int("checkpoint_every"), try int("sample_every"), try int("keep"))
        (c.learningRate, c.beta1, c.beta2) = (try double("learning_rate"), try double("beta1"), try double("beta2"))
        (c.gpWeight, c.clip) = (try double("gp_weight"), try double("clip"))
        c.seed = try f.scalarAttribute("seed", on: g, as: UInt64.self)
        // Files written before the moving average existed have no ema_decay: none.
        c.emaDecay = f.hasAttribute("ema_decay", on: g) ? try double("ema_decay") : 0
        // Absent: a constant learning rate.
        c.decayStart = f.hasAttribute("lr_decay_start", on: g) ? try int("lr_decay_start") : nil
        c.criticWarmup = f.hasAttribute("critic_warmup", on: g) ? try int("critic_warmup") : 0
        c.generatorInit = f.hasAttribute("generator_init", on: g) ? try f.stringAttribute("generator_init", on: g) : nil
        if c.criticWarmup < 0 { throw IOError(f.path, "/config critic_warmup is \(c.criticWarmup), expected a count >= 0") }
        if let d = c.decayStart, d < 0 { throw IOError(f.path, "/config lr_decay_start is \(d), expected a step >= 0") }
        guard c.emaDecay >= 0 && c.emaDecay < 1 else { throw IOError(f.path, "/config ema_decay is \(c.emaDecay), expected a number in [0, 1)") }
        for (k, v) in [("steps", c.steps), ("batch_size", c.batchSize), ("n_critic", c.nCritic), ("latent_dim", c.latentDim)] where v <= 0 {
            throw IOError(f.path, "/config \(k) is \(v), expected a positive number")
        }
        // Sizes that decide allocations are bounded before anything is built from them.
        for (k, v, limit) in [("latent_dim", c.latentDim, 1 << 16), ("batch_size", c.batchSize, 1 << 20)] where v > limit {
            throw IOError(f.path, "/config \(k) is \(v), more than the \(limit) this build accepts")
        }
        return c
    }

    static func int(_ f: HDF5File, _ k: String, on g: String) throws -> Int {
        let v = try f.scalarAttribute(k, on: g, as: Int64.self)
        guard v >= 0 else { throw IOError(f.path, "\(g) \(k) is \(v), expected a count") }
        return Int(v)
    }

    /// Reads a whole training state, validating presence, types and shapes of every item.
    public static func load(_ path: String) throws -> TrainingState {
        let f = try HDF5File.open(path)
        defer { f.close() }
        try checkFormat(f, kind: format)
        let config = try readConfig(f)
        let order = try f.read("/state/order", as: Int64.self)
        guard order.shape.count == 1, !order.values.isEmpty else { throw IOError(path, "/state/order is empty") }
        let n = order.values.count
        guard order.values.allSatisfy({ $0 >= 0 && $0 < n }) else { throw IOError(path, "/state/order is not a permutation") }
        let state = TrainingState(config: config, datasetSize: n)
        state.order = order.values.map { Int($0) }
        try f.read(state.generator.tensors, under: "generator")
        try f.read(state.critic.tensors, under: "critic")
        if let average = state.averageGenerator { try f.read(average.tensors, under: averageGroup) }
        for (name, opt) in [("generator", state.generatorOptimizer), ("critic", state.criticOptimizer)] {
            try f.read(opt.stateTensors, under: "optimizer/\(name)")
            opt.step = try int(f, "step", on: "/optimizer/\(name)")
        }
        state.step = try int(f, "step", on: "/state")
        state.criticSubStep = try int(f, "critic_substep", on: "/state")
        state.epoch = try int(f, "epoch", on: "/state")
        state.position = try int(f, "position", on: "/state")
        guard state.position <= n else { throw IOError(path, "/state position \(state.position) is past the \(n) images of the order") }
        guard let rng = RandomGenerator(stateWords: try f.read("/state/rng", as: UInt64.self, expected: [4]).values),
              let dataRNG = RandomGenerator(stateWords: try f.read("/state/data_rng", as: UInt64.self, expected: [4]).values) else {
            throw IOError(path, "/state holds an all-zero random generator state")
        }
        (state.rng, state.dataRNG) = (rng, dataRNG)
        try f.read("/state/fixed_latent", into: state.fixedLatent.pointer, expected: state.fixedLatent.shape)
        state.history = try readHistory(f)
        guard state.history.count == state.step else {
            throw IOError(path, "/history holds \(state.history.count) steps but /state step is \(state.step)")
        }
        return state
    }

    static func readHistory(_ f: HDF5File) throws -> [StepRecord] {
        let steps = try f.read("/history/step", as: Int64.self).values
        let cols = try historyColumns.map { name -> [Double] in
            let c = try f.read("/history/\(name)", as: Double.self).values
            guard c.count == steps.count else { throw IOError(f.path, "/history/\(name) has \(c.count) rows, /history/step has \(steps.count)") }
            return c
        }
        return steps.indices.map { i in
            StepRecord(step: Int(steps[i]), criticLoss: cols[0][i], penalty: cols[1][i], generatorLoss: cols[2][i],
                       wasserstein: cols[3][i], seconds: cols[4][i])
        }
    }
}
