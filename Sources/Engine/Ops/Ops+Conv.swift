/// How a convolution pads its input.
public enum ConvPadding: Equatable, Sendable {
    /// TensorFlow's rule: output = ceil(input / stride), the extra pixel of an odd total at the bottom/right.
    case same
    case valid
    /// The same number of pixels on every side (PyTorch's `padding=p`).
    case symmetric(Int)
}

/// Sizes of a 2-D convolution of x [N, H, W, C] with a kernel [KH, KW, C, OC].
public struct ConvGeometry: Hashable, Sendable {
    public var n, h, w, c, kh, kw, oc, stride, padTop, padLeft, oh, ow: Int
    public var patchSize: Int { kh * kw * c }

    public init(input: [Int], kernel: [Int], stride: Int, padding: ConvPadding) {
        precondition(
            input.count == 4 && kernel.count == 4 && input[3] == kernel[2],
            "conv input \(input) does not fit kernel \(kernel)")
        (n, h, w, c) = (input[0], input[1], input[2], input[3])
        (kh, kw, oc) = (kernel[0], kernel[1], kernel[3])
        self.stride = stride
        switch padding {
        case .valid:
            (oh, ow, padTop, padLeft) = ((h - kh) / stride + 1, (w - kw) / stride + 1, 0, 0)
        case .same:
            oh = (h + stride - 1) / stride
            ow = (w + stride - 1) / stride
            padTop = max((oh - 1) * stride + kh - h, 0) / 2
            padLeft = max((ow - 1) * stride + kw - w, 0) / 2
        case .symmetric(let p):
            (oh, ow, padTop, padLeft) = ((h + 2 * p - kh) / stride + 1, (w + 2 * p - kw) / stride + 1, p, p)
        }
        precondition(oh > 0 && ow > 0, "conv output would be empty for input \(input), kernel \(kernel)")
    }

    public var inputShape: [Int] { [n, h, w, c] }
    public var outputShape: [Int] { [n, oh, ow, oc] }
    public var kernelShape: [Int] { [kh, kw, c, oc] }
    /// Multiply-adds of one forward pass.
    public var macs: Int { n * oh * ow * patchSize * oc }

    /// Images per im2col chunk, bounding the patch buffer to about 32 M floats.
    var imagesPerChunk: Int { max(1, min(n, (32 << 20) / max(1, oh * ow * patchSize))) }

    func chunks() -> [Range<Int>] {
        Swift.stride(from: 0, to: n, by: imagesPerChunk).map { $0..<min(n, $0 + imagesPerChunk) }
    }
}

/// y [N, OH, OW, OC] = conv(x [N, H, W, C], w [KH, KW, C, OC]), cross-correlation as in every framework.
///
/// One im2col and one sgemm per chunk of images: M = images * OH * OW, K = KH*KW*C, N = OC; where
/// zero padding would be a tenth of the work or more, one per group of pixels that see the same
/// taps, skipping the padding (`GroupedConv`). One output channel: direct loops.
/// The three ops conv2d, convInputGrad and convWeightGrad are each other's gradients.
public func conv2d(_ x: Tensor, _ w: Tensor, stride: Int = 1, padding: ConvPadding = .same) -> Tensor {
    let g = ConvGeometry(input: x.shape, kernel: w.shape, stride: stride, padding: padding)
    return conv2d(x, w, g)
}

/// conv2d for sampling (nothing recorded): single-output-channel kernels use a one-accumulator direct
/// loop (`DirectConv.forwardInference`); anything else is `conv2d`.
public func conv2dInference(_ x: Tensor, _ w: Tensor, stride: Int = 1, padding: ConvPadding = .same) -> Tensor {
    let g = ConvGeometry(input: x.shape, kernel: w.shape, stride: stride, padding: padding)
    guard g.oc == 1 && !GradMode.isEnabled else { return conv2d(x, w, g) }
    let y = Tensor(shape: g.outputShape, zeroed: false)
    Profiler.measure("direct conv forward (sampling)") {
        DirectConv.forwardInference(x.pointer, w.pointer, y.pointer, g)
    }
    return y
}

func conv2d(_ x: Tensor, _ w: Tensor, _ g: ConvGeometry) -> Tensor {
    precondition(x.shape == g.inputShape && w.shape == g.kernelShape)
    let y = Tensor(shape: g.outputShape, zeroed: false)
    let k = g.patchSize, rows = g.oh * g.ow
    // The patches of a single-chunk forward are kept for the weight gradient when it may be asked for.
    let keep = g.imagesPerChunk >= g.n && GradMode.isEnabled && w.tracksGradient
    let grouped = g.usesTapGroups  // the kept patches' layout; the switch may flip before the backward pass
    var kept: Storage?
    if g.oc == 1 {
        Profiler.measure("direct conv forward") { DirectConv.forward(x.pointer, w.pointer, y.pointer, g) }
    } else if g.usesOneDNN(.forward) && OneDNNConv.forward(x.pointer, w.pointer, y.pointer, g) {
    } else if grouped {
        kept = GroupedConv(g).forward(x.pointer, w.pointer, y.pointer, keep: keep)
    } else {
        let col = Storage(count: g.imagesPerChunk * rows * k)
        for chunk in g.chunks() {
            Profiler.measure("im2col") { im2col(x.pointer, g, images: chunk, col.pointer) }
            gemm(
                "sgemm conv forward", transA: false, transB: false, m: chunk.count * rows, n: g.oc, k: k,
                a: col.pointer, lda: k, b: w.pointer, ldb: g.oc, c: y.pointer + chunk.lowerBound * rows * g.oc,
                ldc: g.oc)
        }
        if keep { kept = col }
    }
    return y.recorded(.conv2d(g, grouped: grouped, patches: kept), [x, w])
}

/// dx [N, H, W, C] = col2im(gy [M, OC] x w^T): the transposed convolution.
public func convInputGrad(_ gy: Tensor, _ w: Tensor, _ g: ConvGeometry) -> Tensor {
    precondition(gy.shape == g.outputShape && w.shape == g.kernelShape)
    if g.usesOneDNN(.inputGrad) {
        let dx = Tensor(shape: g.inputShape, zeroed: false)
        if OneDNNConv.inputGrad(gy.pointer, w.pointer, dx.pointer, g) {
            return dx.recorded(.convInputGrad(g), [gy, w])
        }
    }
    let dx = Tensor(shape: g.inputShape, zeroed: true)
    let k = g.patchSize, rows = g.oh * g.ow
    if g.oc == 1 {
        Profiler.measure("direct conv input-grad") { DirectConv.inputGrad(gy.pointer, w.pointer, dx.pointer, g) }
    } else if g.usesTapGroups {
        GroupedConv(g).inputGrad(gy.pointer, w.pointer, dx.pointer)
    } else {
        let col = Storage(count: g.imagesPerChunk * rows * k)
        for chunk in g.chunks() {
            gemm(
                "sgemm conv input-grad", transA: false, transB: true, m: chunk.count * rows, n: k, k: g.oc,
                a: gy.pointer + chunk.lowerBound * rows * g.oc, lda: g.oc, b: w.pointer, ldb: g.oc, c: col.pointer,
                ldc: k)
            Profiler.measure("col2im") { col2im(col.pointer, g, images: chunk, dx.pointer) }
        }
    }
    return dx.recorded(.convInputGrad(g), [gy, w])
}

/// dw [KH, KW, C, OC] = im2col(x)^T [K, M] x gy [M, OC]. `patches`: im2col(x) of the whole batch,
/// when the forward pass kept it.
public func convWeightGrad(_ x: Tensor, _ gy: Tensor, _ g: ConvGeometry, patches: Storage? = nil) -> Tensor {
    precondition(x.shape == g.inputShape && gy.shape == g.outputShape)
    let dw = Tensor(shape: g.kernelShape, zeroed: false)
    let k = g.patchSize, rows = g.oh * g.ow
    if g.oc == 1 {
        Profiler.measure("direct conv weight-grad") { DirectConv.weightGrad(x.pointer, gy.pointer, dw.pointer, g) }
    } else if g.usesOneDNN(.weightGrad) && OneDNNConv.weightGrad(x.pointer, gy.pointer, dw.pointer, g) {
    } else if g.usesTapGroups {
        GroupedConv(g).weightGrad(x.pointer, gy.pointer, dw.pointer, patches: patches)
    } else {
        let col = patches ?? Storage(count: g.imagesPerChunk * rows * k)
        for (i, chunk) in g.chunks().enumerated() {
            if patches == nil { Profiler.measure("im2col") { im2col(x.pointer, g, images: chunk, col.pointer) } }
            if k <= 64 && chunk.count * rows >= 8192 {
                gemmLongK(
                    "sgemm conv weight-grad", m: k, n: g.oc, k: chunk.count * rows, a: col.pointer, lda: k,
                    b: gy.pointer + chunk.lowerBound * rows * g.oc, ldb: g.oc, beta: i == 0 ? 0 : 1, c: dw.pointer,
                    ldc: g.oc)
            } else {
                gemm(
                    "sgemm conv weight-grad", transA: true, transB: false, m: k, n: g.oc, k: chunk.count * rows,
                    a: col.pointer, lda: k, b: gy.pointer + chunk.lowerBound * rows * g.oc, ldb: g.oc,
                    beta: i == 0 ? 0 : 1, c: dw.pointer, ldc: g.oc)
            }
        }
    }
    return dw.recorded(.convWeightGrad(g), [x, gy])
}
