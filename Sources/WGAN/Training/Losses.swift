import Engine
import NN

/// The two losses: WGAN-GP (Gulrajani et al. 2017) and the original weight-clipped WGAN
/// (Arjovsky et al. 2017). No sigmoid and no log in either.
public enum LossKind: String, CaseIterable, Sendable {
    case wganGP = "wgan-gp"
    case wganClip = "wgan-clip"
}

/// Figures of one critic update.
public struct CriticStats: Equatable, Sendable {
    /// E[D(fake)] - E[D(real)] (+ penalty weight * penalty for WGAN-GP): what the critic minimises.
    public var loss: Float
    /// E[(||grad_x D(x_mixed)||_2 - 1)^2], 0 for the clipped WGAN.
    public var penalty: Float
    /// E[D(real)] - E[D(fake)]: the Wasserstein estimate.
    public var wasserstein: Float
}

/// Latent vectors z ~ N(0, 1), [n, latentDim].
public func sampleLatent(_ n: Int, _ latentDim: Int, rng: inout RandomGenerator) -> Tensor {
    rng.normal(shape: [n, latentDim])
}

/// One critic update. `real` [N, 28, 28, 1] in [-1, 1]. For WGAN-GP the mixing weight is
/// epsilon ~ U[0, 1] per sample, x_mixed = real + epsilon (fake - real); for the clipped WGAN the
/// critic's weights are clamped to [-clip, clip] after the update.
public func criticStep(generator: GeneratorNetwork, critic: CriticNetwork, optimizer: Optimizer,
                       real: Tensor, loss kind: LossKind, gpWeight: Float, clip: Float,
                       rng: inout RandomGenerator) throws -> CriticStats {
    let n = real.shape[0]
    let z = sampleLatent(n, generator.latentDim, rng: &rng)
    let fake = withoutGrad { generator(z, training: true) }

    // Real and fake in one batch: one GEMM per layer instead of two.
    let scores = critic(concatBatch([real, fake]), training: true, rng: &rng)
    let realMean = mean(sliceBatch(scores, 0, n)), fakeMean = mean(sliceBatch(scores, n, n))
    var loss = sub(fakeMean, realMean)
    var penalty: Float = 0

    if kind == .wganGP {
        let mixed = mixSamples(real, fake, rng: &rng)
        mixed.requiresGrad = true
        let mixedScores = critic(mixed, training: true, rng: &rng)
        let gx = try gradients(of: sum(mixedScores), wrt: [mixed], createGraph: true)[0]
        let norms = sqrt(addScalar(sumRows(square(reshape(gx, [n, -1]))), 1e-12))
        let gp = mean(square(addScalar(norms, -1)))
        penalty = gp.item
        loss = add(loss, scale(gp, gpWeight))
    }
    let params = critic.parameters.map(\.tensor)
    let grads = try gradients(of: loss, wrt: params)
    optimizer.update(grads)
    if kind == .wganClip { critic.clipParameters(to: clip) }
    return CriticStats(loss: loss.item, penalty: penalty, wasserstein: realMean.item - fakeMean.item)
}

/// real + epsilon (fake - real), epsilon ~ U[0, 1] drawn once per sample.
func mixSamples(_ real: Tensor, _ fake: Tensor, rng: inout RandomGenerator) -> Tensor {
    let n = real.shape[0], per = real.count / n
    let mixed = Tensor(shape: real.shape, zeroed: false)
    for i in 0..<n {
        let e = rng.uniform()
        let r = real.pointer + i * per, f = fake.pointer + i * per, m = mixed.pointer + i * per
        for j in 0..<per { m[j] = r[j] + e * (f[j] - r[j]) }
    }
    return mixed
}

/// One generator update: minimises -E[D(G(z))]. Returns that loss. Only the generator's
/// gradients are computed; the critic's weights get none.
public func generatorStep(generator: GeneratorNetwork, critic: CriticNetwork, optimizer: Optimizer,
                          batchSize n: Int, rng: inout RandomGenerator) throws -> Float {
    let z = sampleLatent(n, generator.latentDim, rng: &rng)
    let scores = critic(generator(z, training: true), training: true, rng: &rng)
    let loss = neg(mean(scores))
    let grads = try gradients(of: loss, wrt: generator.parameters.map(\.tensor))
    optimizer.update(grads)
    return loss.item
}
