/// conv2d(upsample2x(x), w) for a 3x3 kernel, stride 1, same padding, without the upsampled image.
///
/// Output pixel (2i + a, 2j + b) sees input rows {i-1, i, i} (a = 0) or {i, i, i+1} (a = 1), and
/// the same for columns: each of the four parities is a 2x2 convolution of x with a kernel made by
/// summing rows and columns of w. Four sgemms with K = 4C on H x W pixels replace one with K = 9C on
/// 2H x 2W: 16/36 of the multiply-adds. Built from differentiable ops (conv2d with an offset
/// geometry, kernel folding, interleaving), so it differentiates to any order.
/// x [N, H, W, C], w [3, 3, C, OC] -> [N, 2H, 2W, OC].
public func upsampleConv3x3(_ x: Tensor, _ w: Tensor) -> Tensor {
    precondition(
        x.rank == 4 && w.shape.count == 4 && w.shape[0] == 3 && w.shape[1] == 3 && w.shape[2] == x.shape[3],
        "upsampleConv3x3 of \(x.shape) with kernel \(w.shape)")
    var planes: [Tensor] = []
    for a in 0..<2 {
        for b in 0..<2 {
            var g = ConvGeometry(
                input: x.shape, kernel: [2, 2, w.shape[2], w.shape[3]], stride: 1, padding: .symmetric(1))
            (g.oh, g.ow, g.padTop, g.padLeft) = (x.shape[1], x.shape[2], 1 - a, 1 - b)
            planes.append(conv2d(x, foldKernel(w, a, b), g))
        }
    }
    return interleave2x(planes)
}

/// Rows (or columns) of the 3x3 kernel that fall on tap d of parity p's 2x2 kernel.
private func taps(_ p: Int, _ d: Int) -> ClosedRange<Int> {
    p == 0 ? (d == 0 ? 0...0 : 1...2) : (d == 0 ? 0...1 : 2...2)
}

/// [3, 3, C, OC] -> [2, 2, C, OC]: k[dy, dx] = sum of w[ky, kx] over the taps of parity (a, b).
public func foldKernel(_ w: Tensor, _ a: Int, _ b: Int) -> Tensor {
    let per = w.shape[2] * w.shape[3]
    let k = Tensor(shape: [2, 2, w.shape[2], w.shape[3]], zeroed: true)
    for dy in 0..<2 {
        for dx in 0..<2 {
            let dst = k.pointer + (dy * 2 + dx) * per
            for ky in taps(a, dy) {
                for kx in taps(b, dx) {
                    let src = w.pointer + (ky * 3 + kx) * per
                    for i in 0..<per { dst[i] += src[i] }
                }
            }
        }
    }
    return k.recorded(.foldKernel(a: a, b: b), [w])
}

/// The adjoint of `foldKernel`: [2, 2, C, OC] -> [3, 3, C, OC], each 3x3 tap a copy of its 2x2 tap.
public func unfoldKernel(_ k: Tensor, _ a: Int, _ b: Int) -> Tensor {
    let per = k.shape[2] * k.shape[3]
    let w = Tensor(shape: [3, 3, k.shape[2], k.shape[3]], zeroed: false)
    for dy in 0..<2 {
        for dx in 0..<2 {
            for ky in taps(a, dy) {
                for kx in taps(b, dx) {
                    (w.pointer + (ky * 3 + kx) * per).update(from: k.pointer + (dy * 2 + dx) * per, count: per)
                }
            }
        }
    }
    return w.recorded(.unfoldKernel(a: a, b: b), [k])
}

/// Four [N, H, W, C] planes (parities 00, 01, 10, 11) -> [N, 2H, 2W, C] with y[2i + a, 2j + b] = plane_ab[i, j].
public func interleave2x(_ planes: [Tensor]) -> Tensor {
    let (n, h, w, c) = (planes[0].shape[0], planes[0].shape[1], planes[0].shape[2], planes[0].shape[3])
    let y = Tensor(shape: [n, 2 * h, 2 * w, c], zeroed: false)
    parallelRanges(n * h) { rows in
        for r in rows {
            let (img, i) = (r / h, r % h)
            for (p, plane) in planes.enumerated() {
                let (a, b) = (p / 2, p % 2)
                for j in 0..<w {
                    (y.pointer + ((img * 2 * h + 2 * i + a) * 2 * w + 2 * j + b) * c)
                        .update(from: plane.pointer + ((img * h + i) * w + j) * c, count: c)
                }
            }
        }
    }
    return y.recorded(.interleave2x, planes)
}

/// Pixels (2i + a, 2j + b) of [N, 2H, 2W, C] -> [N, H, W, C].
public func parityPlane(_ x: Tensor, _ a: Int, _ b: Int) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1] / 2, x.shape[2] / 2, x.shape[3])
    let y = Tensor(shape: [n, h, w, c], zeroed: false)
    parallelRanges(n * h) { rows in
        for r in rows {
            let (img, i) = (r / h, r % h)
            for j in 0..<w {
                (y.pointer + ((img * h + i) * w + j) * c)
                    .update(from: x.pointer + ((img * 2 * h + 2 * i + a) * 2 * w + 2 * j + b) * c, count: c)
            }
        }
    }
    return y.recorded(.parityPlane(a: a, b: b), [x])
}
