import Engine
import IO
import NN

public enum TrainingError: Error, CustomStringConvertible {
    case nonFinite(step: Int, what: String)
    public var description: String {
        switch self {
        case .nonFinite(let step, let what):
            return "\(what) became non-finite at step \(step + 1): training stopped, the last good checkpoint is kept"
        }
    }
}

/// Everything that decides the future of a run, in one value: configuration, both networks,
/// both optimizers, counters, the data order and position, every RNG state and the history.
/// A checkpoint is exactly this written out; resuming reads it back and calls the same `step()`.
public final class TrainingState {
    public internal(set) var config: TrainingConfig
    public let generator: GeneratorNetwork
    public let critic: CriticNetwork
    /// The exponential moving average of the generator's weights and batch-norm statistics, when
    /// `config.emaDecay` > 0: what samples, exports and evaluations use. Averaging irons out the
    /// oscillation of adversarial training (Yazici et al. 2019, as in ProGAN and BigGAN).
    public let averageGenerator: GeneratorNetwork?
    public let generatorOptimizer: Optimizer
    public let criticOptimizer: Optimizer
    /// Completed generator iterations.
    public var step = 0
    /// Critic updates done inside the current generator iteration (0 between iterations).
    public var criticSubStep = 0
    public var epoch = 0
    /// Index into `order` of the next training image.
    public var position = 0
    /// The current epoch's shuffled order of training images.
    public var order: [Int] = []
    /// Draws of the training step: latent vectors, penalty mixing weights, dropout.
    public var rng: RandomGenerator
    /// Draws of the data order.
    public var dataRNG: RandomGenerator
    /// The latent batch of the sample grids, fixed for the whole run.
    public let fixedLatent: Tensor
    public var history: [StepRecord] = []
    /// The kernels the run last trained with (`KernelSet.description`), as its checkpoint records
    /// them; nil for a state that has not trained or was read from a file without the record.
    public var kernels: String?

    public init(config: TrainingConfig, datasetSize: Int) {
        self.config = config
        var initRNG = RandomGenerator(seed: config.seed)
        let spec = config.imageSpec
        generator = config.architecture.makeGenerator(latentDim: config.latentDim, spec: spec, rng: &initRNG)
        critic = config.architecture.makeCritic(spec: spec, rng: &initRNG)
        if config.emaDecay > 0 {
            var unused = RandomGenerator(seed: 0)
            let average = config.architecture.makeGenerator(latentDim: config.latentDim, spec: spec, rng: &unused)
            Self.copy(generator, into: average)
            averageGenerator = average
        } else {
            averageGenerator = nil
        }
        fixedLatent = initRNG.normal(shape: [64, config.latentDim])
        rng = RandomGenerator(seed: config.seed &+ 1)
        dataRNG = RandomGenerator(seed: config.seed &+ 2)
        (generatorOptimizer, criticOptimizer) = Self.makeOptimizers(config, generator: generator, critic: critic)
        order = dataRNG.permutation(datasetSize)
    }

    /// The same state with another schedule (steps, learning-rate decay, checkpoint and sample intervals, keep); the
    /// fields that define the model, the loss and the optimizers stay as they are.
    public func with(schedule c: TrainingConfig) -> TrainingState { adopting(c, [.schedule]) }

    /// The same state continued as a new run (`wgan-resume --branch`): the schedule and the `branch`
    /// fields of `c` (rates, batch size, critic updates, penalty or clip), recorded in `branchedFrom`
    /// as `source` at this step; networks, optimizers' moments, RNGs, data position and history stay.
    public func branched(to c: TrainingConfig, source: String) -> TrainingState {
        _ = adopting(c, [.schedule, .branch])
        let here = "\(source) at step \(step)"
        config.branchedFrom = config.branchedFrom.map { "\($0); \(here)" } ?? here
        return self
    }

    /// The fields of `c` whose class is in `classes` (`TrainingConfig.fields`), the others as they are.
    private func adopting(_ c: TrainingConfig, _ classes: [ConfigField.Resume]) -> TrainingState {
        for field in TrainingConfig.fields where classes.contains(field.resume) { field.adopt(&config, c) }
        return self
    }

    /// Parameters and batch-norm statistics of `source` into `target`, a network of the same layout.
    static func copy(_ source: Module, into target: Module) {
        for (t, s) in zip(target.parameters + target.buffers, source.parameters + source.buffers) {
            t.tensor.pointer.update(from: s.tensor.pointer, count: s.tensor.count)
        }
    }

    /// The optimizers of `c.loss` for both networks, each at its configured learning rate (the critic's
    /// own with `--critic-lr`): Adam for WGAN-GP, RMSProp for the clipped WGAN.
    public static func makeOptimizers(_ c: TrainingConfig, generator: Module, critic: Module) -> (
        generator: Optimizer, critic: Optimizer
    ) {
        (
            makeOptimizer(c, generator.parameters, learningRate: c.learningRate),
            makeOptimizer(c, critic.parameters, learningRate: c.criticLearningRate ?? c.learningRate)
        )
    }

    private static func makeOptimizer(_ c: TrainingConfig, _ p: [NamedTensor], learningRate: Double) -> Optimizer {
        let lr = Float(learningRate)
        switch c.loss {
        case .wganGP, .gan: return Adam(parameters: p, learningRate: lr, beta1: Float(c.beta1), beta2: Float(c.beta2))
        case .wganClip: return RMSProp(parameters: p, learningRate: lr)
        }
    }

    /// The next real batch [n, 28, 28, C] and, for a conditional run, its one-hot classes. A Stacked-MNIST
    /// image takes its red channel from the data order and its green and blue from two more images
    /// drawn uniformly (from `dataRNG`, so resuming draws the same ones).
    func realBatch(_ data: MNISTSplit) -> (images: Tensor, labels: Tensor?) {
        let c = config, first = Array(nextBatch(c.batchSize))
        switch c.dataset {
        case .mnist:
            return (data.batch(first, scale: .symmetric), c.conditional ? oneHot(data.labels(first), classes: 10) : nil)
        case .stackedMNIST:
            let others = (1..<c.dataset.channels).map { _ in first.map { _ in dataRNG.below(data.count) } }
            return (data.stackedBatch([first] + others), nil)
        }
    }

    /// The next `n` image indices; a new shuffled epoch starts when fewer than `n` remain.
    func nextBatch(_ n: Int) -> ArraySlice<Int> {
        if position + n > order.count {
            epoch += 1
            position = 0
            order = dataRNG.permutation(order.count)
        }
        defer { position += n }
        return order[position..<(position + n)]
    }

    /// One generator iteration: the critic updates of this step's schedule, then a generator update.
    /// `clock` gives the training seconds so far, read when the step is done.
    @discardableResult
    public func advance(data: MNISTSplit, clock: () -> Double = { 0 }) throws -> StepRecord {
        let c = config
        var last = CriticStats(loss: 0, penalty: 0, wasserstein: 0)
        generatorOptimizer.learningRate = Float(c.learningRate(atStep: step))
        criticOptimizer.learningRate = Float(c.criticLearningRate(atStep: step))
        var labels: Tensor?
        while criticSubStep < c.criticUpdates(atStep: step) {
            let real: Tensor
            (real, labels) = realBatch(data)
            last = try criticStep(
                generator: generator, critic: critic, optimizer: criticOptimizer, real: real, labels: labels,
                loss: c.loss, gpWeight: Float(c.gpWeight), clip: Float(c.clip), infoWeight: Float(c.infoWeight),
                rng: &rng)
            criticSubStep += 1
        }
        // A conditional generator draws its classes as the data gives them: those of the last real batch.
        let gLoss = try generatorStep(
            generator: generator, critic: critic, optimizer: generatorOptimizer,
            batchSize: c.batchSize, labels: labels, loss: c.loss, infoWeight: Float(c.infoWeight), rng: &rng)
        for (v, name) in [(last.loss, "critic loss"), (last.penalty, "gradient penalty"), (gLoss, "generator loss")]
        where !v.isFinite {
            throw TrainingError.nonFinite(step: step, what: name)
        }
        updateAverage()
        criticSubStep = 0
        let record = StepRecord(
            step: step + 1, criticLoss: Double(last.loss), penalty: Double(last.penalty),
            generatorLoss: Double(gLoss), wasserstein: Double(last.wasserstein), seconds: clock(),
            info: c.codes > 0 ? Double(last.info) : nil)
        step += 1
        history.append(record)
        return record
    }

    /// a <- a + (1 - d)(w - a) over parameters and batch-norm statistics, with the decay warmed up as
    /// d = min(decay, (1 + t) / (10 + t)) so that the first steps' random weights fade fast.
    func updateAverage() {
        guard let average = averageGenerator else { return }
        let t = Float(step)
        let w = 1 - min(Float(config.emaDecay), (1 + t) / (10 + t))
        for (a, g) in zip(average.parameters + average.buffers, generator.parameters + generator.buffers) {
            let pa = a.tensor.pointer, pg = g.tensor.pointer
            for i in 0..<a.tensor.count { pa[i] += w * (pg[i] - pa[i]) }
        }
    }

    /// The generator people should use: the moving average when there is one.
    public var sampleGenerator: GeneratorNetwork { averageGenerator ?? generator }

    /// The classes (or codes) of the sample grids of a conditional run (or one with a code): 0, 1, ..., K-1, 0, ...
    /// over the fixed latent batch.
    public var fixedLabels: Tensor? {
        let k = config.imageSpec.generatorInputs
        return k > 0 ? oneHot((0..<fixedLatent.shape[0]).map { $0 % k }, classes: k) : nil
    }

    /// Images from the fixed latent batch, in inference mode, by `sampleGenerator`.
    public func fixedSamples() -> Tensor {
        withoutGrad { sampleGenerator(fixedLatent, labels: fixedLabels, training: false) }
    }
}
