import Engine
import NN

/// InfoGAN's categorical code (Chen et al. 2016), trained without labels: each fake gets a code
/// c ~ U{0, ..., K-1}, one-hot into the generator's class input, and the critic's extra outputs Q(c|x)
/// learn to name it. Both networks also minimise weight * E[-log Q(c | G(z, c))], a lower bound on the
/// mutual information between code and image (up to the constant H(c) = log K), so that the generator
/// makes the K values K distinct kinds of image: on MNIST, mostly the ten digits, which leaves fewer
/// images between two digits than a generator that must cut one Gaussian into ten classes.
public enum InfoCode {
    /// `n` codes drawn uniformly from `k` values.
    public static func draw(_ n: Int, values k: Int, rng: inout RandomGenerator) -> [Int] {
        (0..<n).map { _ in rng.below(k) }
    }

    /// The generator's class input for `n` fakes: the given class vectors `labels`, or with a code
    /// (`spec.codes` = K > 0) K-value codes drawn from `rng`, returned with their one-hot vectors.
    public static func generatorInputs(_ n: Int, spec: ImageSpec, labels: Tensor?, rng: inout RandomGenerator) -> (
        inputs: Tensor?, codes: [Int]?
    ) {
        guard spec.codes > 0 else { return (labels, nil) }
        let codes = draw(n, values: spec.codes, rng: &rng)
        return (labels ?? oneHot(codes, classes: spec.codes), codes)
    }

    /// Columns `range` of x [N, C], as x S with S [C, range.count] a 0/1 selector: a matmul, whose rules
    /// give the first and second derivatives the penalty needs.
    public static func columns(_ x: Tensor, _ range: Range<Int>) -> Tensor {
        let c = x.shape[1]
        let s = Tensor(shape: [c, range.count], zeroed: true)
        for (j, i) in range.enumerated() { s.pointer[i * range.count + j] = 1 }
        return matmul(x, s)
    }

    /// The critic's output [N, 1 + K] split into the scores [N, 1] and the code logits [N, K]; with no
    /// code (K = 0) the output is the scores.
    public static func split(_ out: Tensor, codes k: Int) -> (scores: Tensor, logits: Tensor?) {
        k == 0 ? (out, nil) : (columns(out, 0..<1), columns(out, 1..<(1 + k)))
    }
}
