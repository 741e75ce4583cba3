import Engine
import IO
import WGAN

/// Samples of a generator as the evaluator scores them: [N, 28, 28, C] in [0, 1], quantised to
/// bytes as a PNG would be (so scoring a model and scoring its PNGs agree), with the classes asked
/// of a conditional model (0-9 in turn: uniform); a model with a code draws its codes as in training.
public struct GeneratorSamples {
    public var images: Tensor
    public var asked: [Int]?
    /// The code values drawn for a model with a code.
    public var codes: [Int]?

    /// `count` samples from `seed` (default: 10,000, or 26,000 for Stacked MNIST, the papers' protocol).
    public init(_ g: LoadedGenerator, count: Int?, seed: UInt64) {
        let n = count ?? (g.config.dataset == .stackedMNIST ? 26_000 : 10_000)
        asked = g.isConditional ? (0..<n).map { $0 % 10 } : nil
        codes = g.drawCodes(seed: seed, count: n)
        let inputs = g.inputVectors(asked ?? codes)
        let digits = g.generate(Latents.draw(seed: seed, count: n, dim: g.config.latentDim), labels: inputs)
        images = Tensor(shape: digits.shape, values: Image.digits(digits).flatMap { $0.pixels.map { Float($0) / 255 } })
    }
}
