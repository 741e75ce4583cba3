import Engine

/// Batch normalization over every axis but the last (channels in NHWC, features in [N, F]).
///
/// Training: y = gamma (x - mean) / sqrt(var + eps) + beta with the batch's mean and biased
/// variance, and running = (1 - momentum) running + momentum batch (unbiased variance), as PyTorch.
/// Inference: the running statistics. Built from differentiable ops, so it differentiates to any order.
public final class BatchNorm: Module {
    public let gamma, beta: Tensor
    public let runningMean, runningVar: Tensor
    public let momentum: Float
    public let epsilon: Float

    public init(_ channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        gamma = Tensor(shape: [channels], repeating: 1)
        beta = Tensor(shape: [channels], zeroed: true)
        runningMean = Tensor(shape: [channels], zeroed: true)
        runningVar = Tensor(shape: [channels], repeating: 1)
        (self.momentum, self.epsilon) = (momentum, epsilon)
        gamma.requiresGrad = true
        beta.requiresGrad = true
    }

    public var parameters: [NamedTensor] { [NamedTensor("gamma", gamma), NamedTensor("beta", beta)] }
    public var buffers: [NamedTensor] {
        [NamedTensor("running_mean", runningMean), NamedTensor("running_var", runningVar)]
    }

    public func callAsFunction(_ x: Tensor, training: Bool) -> Tensor { normalize(x, training: training, slope: nil) }

    /// leakyRelu(self(x), slope); without recording, the activation is applied in the same sweep
    /// that writes y (the same bits as the two ops).
    public func callAsFunction(_ x: Tensor, training: Bool, leakySlope slope: Float) -> Tensor {
        normalize(x, training: training, slope: slope)
    }

    private func normalize(_ x: Tensor, training: Bool, slope: Float?) -> Tensor {
        let c = gamma.count
        precondition(x.shape.last == c, "batch norm of \(c) channels applied to \(x.shape)")
        let rows = Float(x.count / c)
        // leakyRelu with slope 1 is the identity bit for bit (1 * v == v), so unfused callers pass 1.
        let s = slope ?? 1
        func activated(_ y: Tensor) -> Tensor { slope.map { leakyRelu(y, slope: $0) } ?? y }
        if !training {
            let inv = withoutGrad { reciprocal(sqrt(addScalar(runningVar, epsilon))) }
            let shift = withoutGrad { neg(mul(runningMean, inv)) }
            if !GradMode.isEnabled { return Self.inference(x, inv, shift, gamma, beta, slope: s) }
            return activated(addBias(mulColumns(addBias(mulColumns(x, inv), shift), gamma), beta))
        }
        if !GradMode.isEnabled { return trainingWithoutGrad(x, rows: rows, slope: s) }
        let mean = scale(sumColumns(x), 1 / rows)
        let centered = sub(x, expandColumns(mean, to: x.shape))
        let variance = scale(sumColumns(square(centered)), 1 / rows)
        let inv = reciprocal(sqrt(addScalar(variance, epsilon)))
        let y = addBias(mulColumns(mulColumns(centered, inv), gamma), beta)
        updateRunning(mean: mean, variance: variance, rows: rows)
        return activated(y)
    }

    /// ((x inv + shift) gamma) + beta per channel in one pass: the four ops of the recorded form, in the
    /// same order, so the same bits (sampling reads the activations once instead of four times).
    static func inference(_ x: Tensor, _ inv: Tensor, _ shift: Tensor, _ gamma: Tensor, _ beta: Tensor, slope: Float)
        -> Tensor
    {
        let c = gamma.count, rows = x.count / c
        let y = Tensor(shape: x.shape, zeroed: false)
        let (xp, yp, ip, sp, gp, bp) = (x.pointer, y.pointer, inv.pointer, shift.pointer, gamma.pointer, beta.pointer)
        for r in 0..<rows {
            let xr = xp + r * c, yr = yp + r * c
            for k in 0..<c { yr[k] = leakyReluValue((xr[k] * ip[k] + sp[k]) * gp[k] + bp[k], slope: slope) }
        }
        return y
    }

    /// The training branch above when nothing records (the fakes of a critic update): the same float
    /// operations in the same order, so the same bits, in three sweeps over x (two for the
    /// statistics, one for y) instead of eight and without the five intermediate tensors.
    private func trainingWithoutGrad(_ x: Tensor, rows: Float, slope: Float) -> Tensor {
        let c = gamma.count, n = x.count / c, s = 1 / rows
        let mean = Tensor(shape: [c], zeroed: true), variance = Tensor(shape: [c], zeroed: true)
        let inv = Tensor(shape: [c], zeroed: false), y = Tensor(shape: x.shape, zeroed: false)
        let (xp, yp, mp, vp, ip) = (x.pointer, y.pointer, mean.pointer, variance.pointer, inv.pointer)
        let (gp, bp) = (gamma.pointer, beta.pointer)
        Profiler.measure("batch norm") {
            for r in 0..<n { let xr = xp + r * c; for k in 0..<c { mp[k] += xr[k] } }
            for k in 0..<c { mp[k] *= s }
            for r in 0..<n {
                let xr = xp + r * c
                for k in 0..<c { let d = xr[k] - mp[k]; vp[k] += d * d }
            }
            for k in 0..<c { vp[k] *= s; ip[k] = 1 / (vp[k] + epsilon).squareRoot() }
            for r in 0..<n {
                let xr = xp + r * c, yr = yp + r * c
                for k in 0..<c { yr[k] = leakyReluValue((xr[k] - mp[k]) * ip[k] * gp[k] + bp[k], slope: slope) }
            }
        }
        updateRunning(mean: mean, variance: variance, rows: rows)
        return y
    }

    private func updateRunning(mean: Tensor, variance: Tensor, rows: Float) {
        let unbias = rows > 1 ? rows / (rows - 1) : 1
        for i in 0..<gamma.count {
            runningMean.pointer[i] = (1 - momentum) * runningMean.pointer[i] + momentum * mean.pointer[i]
            runningVar.pointer[i] = (1 - momentum) * runningVar.pointer[i] + momentum * variance.pointer[i] * unbias
        }
    }
}
