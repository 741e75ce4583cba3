import Engine
import NN

/// The losses: WGAN-GP (Gulrajani et al. 2017) and the original weight-clipped WGAN (Arjovsky et
/// al. 2017), no sigmoid and no log in either; and the standard GAN's non-saturating loss (Goodfellow
/// et al. 2014), the baseline that shows what the Wasserstein losses buy.
public enum LossKind: String, CaseIterable, Sendable {
    case wganGP = "wgan-gp"
    case wganClip = "wgan-clip"
    /// Discriminator: E[softplus(-D(real))] + E[softplus(D(fake))] (sigmoid cross-entropy);
    /// generator: E[softplus(-D(G(z)))] (non-saturating).
    case gan
}

/// Figures of one critic update.
public struct CriticStats: Equatable, Sendable {
    /// What the critic minimises: E[D(fake)] - E[D(real)] (+ penalty weight * penalty for WGAN-GP), or
    /// the standard GAN's cross-entropy.
    public var loss: Float
    /// E[(||grad_x D(x_mixed)||_2 - 1)^2], 0 for the clipped WGAN.
    public var penalty: Float
    /// E[D(real)] - E[D(fake)]: the Wasserstein estimate (for the standard GAN, the logits' separation).
    public var wasserstein: Float
    /// E[-log Q(c | G(z, c))] of a run with a code (`InfoCode`), 0 without.
    public var info: Float = 0
}

/// Latent vectors z ~ N(0, 1), [n, latentDim].
public func sampleLatent(_ n: Int, _ latentDim: Int, rng: inout RandomGenerator) -> Tensor {
    rng.normal(shape: [n, latentDim])
}

/// One critic update. `real` [N, 28, 28, C] in [-1, 1], with its class vectors `labels` [N, K] for a
/// conditional pair (the fakes get the same classes). WGAN-GP: the mixing weight is epsilon ~ U[0, 1]
/// per sample, x_mixed = real + epsilon (fake - real), keeping its labels; the clipped WGAN clamps the
/// critic's weights to [-clip, clip] after the update; the standard GAN minimises the sigmoid
/// cross-entropy E[softplus(-D(real))] + E[softplus(D(fake))].
public func criticStep(
    generator: GeneratorNetwork, critic: CriticNetwork, optimizer: Optimizer,
    real: Tensor, labels: Tensor? = nil, loss kind: LossKind, gpWeight: Float, clip: Float,
    infoWeight: Float = 1, rng: inout RandomGenerator
) throws -> CriticStats {
    let n = real.shape[0], k = generator.spec.codes
    let z = sampleLatent(n, generator.latentDim, rng: &rng)
    let (inputs, codes) = InfoCode.generatorInputs(n, spec: generator.spec, labels: labels, rng: &rng)
    let fake = withoutGrad { generator(z, labels: inputs, training: true) }

    // Real and fake in one batch: one GEMM per layer instead of two.
    let (scores, logits) = InfoCode.split(
        critic(concatBatch([real, fake]), labels: labels.map { concatBatch([$0, $0]) }, training: true, rng: &rng),
        codes: k)
    let realScores = sliceBatch(scores, 0, n), fakeScores = sliceBatch(scores, n, n)
    let realMean = mean(realScores), fakeMean = mean(fakeScores)
    var loss = kind == .gan ? add(mean(softplus(neg(realScores))), mean(softplus(fakeScores))) : sub(fakeMean, realMean)
    var penalty: Float = 0, info: Float = 0
    if let codes, let logits {
        let q = softmaxCrossEntropy(sliceBatch(logits, n, n), labels: codes)
        info = q.item
        loss = add(loss, scale(q, infoWeight))
    }

    if kind == .wganGP {
        let mixed = mixSamples(real, fake, rng: &rng)
        mixed.requiresGrad = true
        let mixedScores = InfoCode.split(critic(mixed, labels: labels, training: true, rng: &rng), codes: k).scores
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
    return CriticStats(loss: loss.item, penalty: penalty, wasserstein: realMean.item - fakeMean.item, info: info)
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

/// One generator update, for fakes of classes `labels` when conditional. The Wasserstein losses
/// minimise -E[D(G(z))], the standard GAN the non-saturating E[softplus(-D(G(z)))]. Returns that
/// loss. Only the generator's gradients are computed; the critic's weights get none. With a code, the
/// loss adds infoWeight * E[-log Q(c | G(z, c))].
public func generatorStep(
    generator: GeneratorNetwork, critic: CriticNetwork, optimizer: Optimizer,
    batchSize n: Int, labels: Tensor? = nil, loss kind: LossKind = .wganGP,
    infoWeight: Float = 1, rng: inout RandomGenerator
) throws -> Float {
    let k = generator.spec.codes
    let z = sampleLatent(n, generator.latentDim, rng: &rng)
    let (inputs, codes) = InfoCode.generatorInputs(n, spec: generator.spec, labels: labels, rng: &rng)
    let out = critic(generator(z, labels: inputs, training: true), labels: labels, training: true, rng: &rng)
    let (scores, logits) = InfoCode.split(out, codes: k)
    var loss = kind == .gan ? mean(softplus(neg(scores))) : neg(mean(scores))
    if let codes, let logits { loss = add(loss, scale(softmaxCrossEntropy(logits, labels: codes), infoWeight)) }
    let grads = try gradients(of: loss, wrt: generator.parameters.map(\.tensor))
    optimizer.update(grads)
    return loss.item
}
