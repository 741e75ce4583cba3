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

    /// Writes `state` to `path` atomically (temporary file, fsync, rename); `compressed` for a file
    /// to ship (lossless: the same state, about a sixth smaller, slower to write).
    public static func write(_ state: TrainingState, to path: String, compressed: Bool = false) throws {
        try AtomicFile.write(to: path) { tmp in
            let f = try HDF5File.create(tmp, compressed: compressed)
            defer { f.close() }
            try f.writeHeader(kind: format, version: version)
            try state.config.write(to: f)
            try f.write(state.generator.tensors, under: "generator")
            try f.write(state.critic.tensors, under: "critic")
            if let average = state.averageGenerator { try f.write(average.tensors, under: averageGroup) }
            for (name, opt) in [("generator", state.generatorOptimizer), ("critic", state.criticOptimizer)] {
                try f.write(opt.stateTensors, under: "optimizer/\(name)")
                try f.setAttribute("step", Int64(opt.step), on: "/optimizer/\(name)")
                for (k, v) in opt.hyperParameters.sorted(by: { $0.key < $1.key }) {
                    try f.setAttribute(k, v, on: "/optimizer/\(name)")
                }
            }
            try f.makeGroup("/state")
            for (k, v) in [
                ("step", state.step), ("critic_substep", state.criticSubStep), ("epoch", state.epoch),
                ("position", state.position),
            ] {
                try f.setAttribute(k, Int64(v), on: "/state")
            }
            if let kernels = state.kernels { try f.setAttribute("kernels", kernels, on: "/state") }
            try f.write("/state/order", state.order.map { Int64($0) })
            try f.write("/state/rng", state.rng.stateWords)
            try f.write("/state/data_rng", state.dataRNG.stateWords)
            try f.write("/state/fixed_latent", tensor: state.fixedLatent)
            try StepRecord.write(state.history, to: f)
        }
    }

    // MARK: Reading

    /// The kernels the checkpoint at `path` was trained with, read without loading the state (to
    /// choose them before any kernel runs); nil when the file does not record them.
    public static func recordedKernels(_ path: String) throws -> KernelSet? {
        let f = try HDF5File.open(path)
        defer { f.close() }
        try f.checkHeader(accepting: [(format, version)])
        guard f.hasAttribute("kernels", on: "/state") else { return nil }
        return KernelSet(recorded: try f.stringAttribute("kernels", on: "/state"))
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
        try f.checkHeader(accepting: [(format, version)])
        let config = try TrainingConfig.read(from: f)
        let order = try f.read("/state/order", as: Int64.self)
        guard order.shape.count == 1, !order.values.isEmpty else { throw IOError(path, "/state/order is empty") }
        let n = order.values.count
        var seen = [Bool](repeating: false, count: n)
        for v in order.values {
            guard v >= 0 && v < n && !seen[Int(v)] else {
                throw IOError(path, "/state/order is not a permutation of 0..<\(n)")
            }
            seen[Int(v)] = true
        }
        let state = TrainingState(config: config, datasetSize: n)
        state.order = order.values.map { Int($0) }
        try f.read(state.generator.tensors, under: "generator", bound: HDF5File.weightBound)
        try f.read(state.critic.tensors, under: "critic", bound: HDF5File.weightBound)
        if let average = state.averageGenerator {
            try f.read(average.tensors, under: averageGroup, bound: HDF5File.weightBound)
        }
        for (name, opt) in [("generator", state.generatorOptimizer), ("critic", state.criticOptimizer)] {
            try f.read(opt.stateTensors, under: "optimizer/\(name)", bound: HDF5File.optimizerStateBound)
            opt.step = try int(f, "step", on: "/optimizer/\(name)")
        }
        state.step = try int(f, "step", on: "/state")
        state.criticSubStep = try int(f, "critic_substep", on: "/state")
        state.epoch = try int(f, "epoch", on: "/state")
        state.position = try int(f, "position", on: "/state")
        state.kernels = f.hasAttribute("kernels", on: "/state") ? try f.stringAttribute("kernels", on: "/state") : nil
        guard state.position <= n else {
            throw IOError(path, "/state position \(state.position) is past the \(n) images of the order")
        }
        // The counters obey the same rules as a running training: a value it could not have reached is refused.
        guard state.step <= 1_000_000_000, state.epoch <= 1_000_000_000 else {
            throw IOError(path, "/state step \(state.step) or epoch \(state.epoch) is beyond any run (damaged file)")
        }
        let updates = config.criticUpdates(atStep: state.step)
        guard state.criticSubStep < updates else {
            throw IOError(
                path,
                "/state critic_substep is \(state.criticSubStep), expected fewer than the \(updates) critic updates of step \(state.step + 1)"
            )
        }
        guard let rng = RandomGenerator(stateWords: try f.read("/state/rng", as: UInt64.self, expected: [4]).values),
            let dataRNG = RandomGenerator(
                stateWords: try f.read("/state/data_rng", as: UInt64.self, expected: [4]).values)
        else {
            throw IOError(path, "/state holds an all-zero random generator state")
        }
        (state.rng, state.dataRNG) = (rng, dataRNG)
        // normal draws
        try f.read([NamedTensor("fixed_latent", state.fixedLatent)], under: "state", bound: HDF5File.weightBound)
        state.history = try StepRecord.read(from: f)
        guard state.history.count == state.step else {
            throw IOError(path, "/history holds \(state.history.count) steps but /state step is \(state.step)")
        }
        for (i, r) in state.history.enumerated() where r.step != i + 1 || !r.seconds.isFinite {
            throw IOError(
                path, "/history row \(i) is step \(r.step) at \(r.seconds) s, expected step \(i + 1) at a finite time")
        }
        return state
    }

}
