import Engine
import IO
import NN

extension TrainingState {
    /// Starts the generator from a trained one of the same generator architecture (`medium`,
    /// `hybrid`, `hybrid-wide` and `compact` share theirs; checked by tensor names and shapes): its
    /// training weights into `generator`, its moving average (or the same weights, when it has none)
    /// into `averageGenerator`. The critic and both optimizers stay fresh. `path` is a checkpoint, a run
    /// folder or a generator file. Call before the first step; `config.generatorInit` records the file read.
    public func warmStartGenerator(from model: ModelPath) throws {
        let path = model.file
        guard step == 0 else { throw IOError(path, "a generator can only be warm-started before the first step") }
        let raw = try GeneratorFile.load(path, average: false), averaged = try GeneratorFile.load(path, average: true)
        let expected = Self.shapes(generator), found = Self.shapes(raw.network)
        guard expected == found else {
            let first =
                zip(expected, found).first { $0 != $1 }.map { " (first difference: \($0.1) where \($0.0) is expected)" }
                ?? ""
            throw IOError(
                path,
                "its \(raw.config.architecture.rawValue) generator (latent \(raw.config.latentDim)) does not match the \(config.architecture.rawValue) generator (latent \(config.latentDim))\(first)"
            )
        }
        Self.copy(raw.network, into: generator)
        if let average = averageGenerator { Self.copy(averaged.network, into: average) }
        config.generatorInit = path
    }

    static func shapes(_ m: Module) -> [String] { (m.parameters + m.buffers).map { "\($0.name) \($0.tensor.shape)" } }
}
