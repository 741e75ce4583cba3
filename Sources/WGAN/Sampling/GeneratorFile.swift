import Engine
import Foundation
import IO
import NN

/// A generator read from a training checkpoint or from a generator-only file, with its configuration.
public struct LoadedGenerator {
    public let network: GeneratorNetwork
    public let config: TrainingConfig
    /// Generator iterations it was trained for.
    public let step: Int
    public let path: String
    /// Extra attributes of a generator file (evaluation figures and the like), as text.
    public let notes: [String: String]
    /// Wall-clock seconds of training that made it, when known.
    public let trainingSeconds: Double?
    /// The loss history of the training, when the file holds it.
    public var history: [StepRecord] = []

    public init(
        network: GeneratorNetwork, config: TrainingConfig, step: Int, path: String, notes: [String: String] = [:],
        trainingSeconds: Double? = nil
    ) {
        (self.network, self.config, self.step, self.path, self.notes) = (network, config, step, path, notes)
        self.trainingSeconds = trainingSeconds
    }
}

/// Generator-only files: `/generator/...` and `/config` exactly as in a checkpoint, the root
/// attributes `format` = `wgan-swift-generator`, `format_version`, `step`, and any notes. Small
/// enough to share and to ship in `Models/`.
public enum GeneratorFile {
    public static let format = "wgan-swift-generator"
    /// The bundled model, used when no --model is given.
    public static let bundled = "Models/wgan-gp-mnist.h5"

    public static func write(
        _ generator: GeneratorNetwork, config: TrainingConfig, step: Int, trainingSeconds: Double? = nil,
        history: [StepRecord] = [], notes: [String: String] = [:], to path: String
    ) throws {
        try AtomicFile.write(to: path) { tmp in
            let f = try HDF5File.create(tmp)
            defer { f.close() }
            try f.writeHeader(kind: format, version: Checkpoint.version)
            try f.setAttribute("step", Int64(step))
            if let trainingSeconds { try f.setAttribute("training_seconds", trainingSeconds) }
            for (k, v) in notes.sorted(by: { $0.key < $1.key }) { try f.setAttribute(k, v) }
            try config.write(to: f)
            try f.write(generator.tensors, under: "generator")
            if !history.isEmpty { try StepRecord.write(history, to: f) }
        }
    }

    /// Reads the generator of a checkpoint or a generator file, validating every tensor. From a
    /// checkpoint of a run with a moving average, that average unless `average` is false.
    public static func load(_ path: String, average: Bool = true) throws -> LoadedGenerator {
        let f = try HDF5File.open(path)
        defer { f.close() }
        let kind = try f.checkHeader(accepting: [(format, Checkpoint.version), (Checkpoint.format, Checkpoint.version)])
        let config = try TrainingConfig.read(from: f)
        var rng = RandomGenerator(seed: 0)
        let g = config.architecture.makeGenerator(latentDim: config.latentDim, spec: config.imageSpec, rng: &rng)
        let averaged = kind == Checkpoint.format && average && config.emaDecay > 0
        try f.read(g.tensors, under: averaged ? Checkpoint.averageGroup : "generator", bound: HDF5File.weightBound)
        let step = kind == format ? try Checkpoint.int(f, "step", on: "/") : try Checkpoint.int(f, "step", on: "/state")
        var notes: [String: String] = [:]
        var seconds: Double?
        if kind == format {
            for key in ["evaluation", "trained_by", "time_to_quality", "weights", "code_digits", "code_purities"]
            where f.hasAttribute(key) {
                notes[key] = try f.stringAttribute(key)
            }
            if f.hasAttribute("training_seconds") {
                seconds = try f.scalarAttribute("training_seconds", as: Double.self)
            }
        } else if step > 0 {
            seconds = try f.read("/history/seconds", as: Double.self).values.last
        }
        if kind == Checkpoint.format {
            notes["weights"] = averaged ? "moving average (decay \(config.emaDecay))" : "training weights"
        }
        var loaded = LoadedGenerator(
            network: g, config: config, step: step, path: path, notes: notes, trainingSeconds: seconds)
        if f.exists("/history") { loaded.history = try StepRecord.read(from: f) }
        return loaded
    }
}
