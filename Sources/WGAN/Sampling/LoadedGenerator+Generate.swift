import Engine
import IO
import Foundation
import NN

extension LoadedGenerator {
    /// Whether the generator takes classes (trained with --conditional).
    public var isConditional: Bool { config.conditional }
    /// Values of its unsupervised code (trained with --codes K), 0 without.
    public var codes: Int { config.codes }
    /// How many values its class or code input takes: 10 classes, K codes, 0 for neither.
    public var inputValues: Int { config.imageSpec.generatorInputs }

    /// What a generator with a code is given when none is asked for: codes drawn uniformly, as in
    /// training, from their own stream of `seed` (so the latent vectors of a seed stay those of a model
    /// without a code).
    public func drawCodes(seed: UInt64, count: Int) -> [Int]? {
        guard codes > 0 else { return nil }
        var rng = RandomGenerator(seed: seed ^ 0x636F_6465_7300_0000)
        return InfoCode.draw(count, values: codes, rng: &rng)
    }

    /// One-hot vectors of the classes or codes the generator takes, nil if it takes neither.
    public func inputVectors(_ values: [Int]?) -> Tensor? {
        inputValues > 0 ? values.map { oneHot($0, classes: inputValues) } : nil
    }

    /// Images for latent vectors `z` [N, latentDim] (and class vectors `labels` [N, 10] for a
    /// conditional generator, code vectors [N, K] for one with a code) in inference mode (running batch-norm statistics), [N, 28, 28, C] in [-1, 1].
    ///
    /// An image's pixels depend on its own latent vector only, not on the count, the order or the
    /// other images around it, so an interpolation's end frames are the endpoint images bit for bit
    /// (`Tests/WGANTests/LatentTests.swift` checks it slot by slot). Where OpenBLAS's kernels compute a
    /// row the same wherever it stands (`BLAS.rowsAreIndependent`), the latents go through the network
    /// `batch` at a time, the last chunk padded with zeros so that every forward pass has the same
    /// shape; otherwise each image is computed on its own (a batch of one). Two chunks run at a time,
    /// each with single-threaded sgemm, so that the passes between the sgemms (batch norm, activations,
    /// the upsampling scatter) use both cores too.
    public func generate(_ z: Tensor, labels: Tensor? = nil, batch: Int = 64) -> Tensor {
        precondition(z.rank == 2 && z.shape[1] == config.latentDim)
        precondition(
            (labels != nil) == (inputValues > 0) && labels.map { $0.shape == [z.shape[0], inputValues] } ?? true)
        let n = z.shape[0], c = config.imageSpec.channels
        let out = Tensor(shape: [n, 28, 28, c], zeroed: false)
        let size = BLAS.rowsAreIndependent ? batch : 1
        let starts = Array(stride(from: 0, to: n, by: size))
        BLAS.withThreads(1) {
            concurrentlyInContext(Swift.max(1, Swift.min(2, starts.count))) { w in
                for s in stride(from: w, to: starts.count, by: 2) {
                    forward(z, labels, rows: starts[s]..<Swift.min(n, starts[s] + size), padTo: size, into: out)
                }
            }
        }
        return out
    }

    /// Images `rows` of `z` through the network as one batch of `padTo` rows (zeros after them), into `out`.
    private func forward(_ z: Tensor, _ labels: Tensor?, rows: Range<Int>, padTo size: Int, into out: Tensor) {
        let dim = config.latentDim, per = MNISTSplit.pixels * config.imageSpec.channels
        withoutGrad {  // recording is per thread: each worker turns it off for itself
            let chunk = Tensor(shape: [size, dim], zeroed: true)
            chunk.pointer.update(from: z.pointer + rows.lowerBound * dim, count: rows.count * dim)
            let y = labels.map { l -> Tensor in
                let k = l.shape[1]
                let t = Tensor(shape: [size, k], zeroed: true)
                t.pointer.update(from: l.pointer + rows.lowerBound * k, count: rows.count * k)
                return t
            }
            let images = network(chunk, labels: y, training: false)
            (out.pointer + rows.lowerBound * per).update(from: images.pointer, count: rows.count * per)
        }
    }
}
