// Shape ops on NHWC images; each pair (pad/crop, upsample/sumPool, concat/slice) is the other's adjoint.

/// The same data under another shape (no copy). One dimension may be -1.
public func reshape(_ x: Tensor, _ shape: [Int]) -> Tensor {
    var s = shape
    if let i = s.firstIndex(of: -1) {
        s[i] = x.count / s.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
    }
    precondition(s.reduce(1, *) == x.count, "cannot reshape \(x.shape) to \(shape)")
    return Tensor(shape: s, storage: x.storage).recorded(.reshape, [x])
}

/// [N, H, W, C] -> [N, H*W*C]
public func flatten(_ x: Tensor) -> Tensor { reshape(x, [x.shape[0], -1]) }

public struct Padding2D: Equatable, Sendable {
    public var top, left, bottom, right: Int
    public init(top: Int, left: Int, bottom: Int, right: Int) {
        (self.top, self.left, self.bottom, self.right) = (top, left, bottom, right)
    }
    public init(_ p: Int) { self.init(top: p, left: p, bottom: p, right: p) }
}

/// Copies `src` [N, h, w, C] into the window of `dst` [N, H, W, C] at (top, left), or back.
private func copyWindow(
    n: Int, c: Int, inner: (Int, Int), outer: (Int, Int), top: Int, left: Int,
    from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, intoOuter: Bool
) {
    let (h, w) = inner, (oh, ow) = outer
    for b in 0..<n {
        for y in 0..<h {
            let innerRow = ((b * h + y) * w) * c
            let outerRow = ((b * oh + y + top) * ow + left) * c
            if intoOuter {
                (dst + outerRow).update(from: src + innerRow, count: w * c)
            } else {
                (dst + innerRow).update(from: src + outerRow, count: w * c)
            }
        }
    }
}

/// Zero padding of an NHWC image.
public func pad(_ x: Tensor, _ p: Padding2D) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = (h + p.top + p.bottom, w + p.left + p.right)
    let y = Tensor(shape: [n, oh, ow, c], zeroed: true)
    copyWindow(
        n: n, c: c, inner: (h, w), outer: (oh, ow), top: p.top, left: p.left,
        from: x.pointer, to: y.pointer, intoOuter: true)
    return y.recorded(.pad(p), [x])
}

/// Removes `p` pixels from the sides of an NHWC image.
public func crop(_ x: Tensor, _ p: Padding2D) -> Tensor {
    let (n, oh, ow, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (h, w) = (oh - p.top - p.bottom, ow - p.left - p.right)
    precondition(h > 0 && w > 0, "cannot crop \(p) from \(x.shape)")
    let y = Tensor(shape: [n, h, w, c], zeroed: false)
    copyWindow(
        n: n, c: c, inner: (h, w), outer: (oh, ow), top: p.top, left: p.left,
        from: x.pointer, to: y.pointer, intoOuter: false)
    return y.recorded(.crop(p), [x])
}

/// Nearest-neighbour upsampling by 2: [N, H, W, C] -> [N, 2H, 2W, C].
public func upsample2x(_ x: Tensor) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let y = Tensor(shape: [n, 2 * h, 2 * w, c], zeroed: false)
    let src = x.pointer, dst = y.pointer
    for b in 0..<n {
        for i in 0..<h {
            for j in 0..<w {
                let s = src + ((b * h + i) * w + j) * c
                for (di, dj) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    (dst + ((b * 2 * h + 2 * i + di) * 2 * w + 2 * j + dj) * c).update(from: s, count: c)
                }
            }
        }
    }
    return y.recorded(.upsample2x, [x])
}

/// Sum over each 2x2 block: [N, 2H, 2W, C] -> [N, H, W, C] (the gradient of upsample2x).
public func sumPool2x(_ x: Tensor) -> Tensor {
    let (n, h2, w2, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (h, w) = (h2 / 2, w2 / 2)
    let y = Tensor(shape: [n, h, w, c], zeroed: false)
    let src = x.pointer, dst = y.pointer
    for b in 0..<n {
        for i in 0..<h {
            for j in 0..<w {
                let o = dst + ((b * h + i) * w + j) * c
                let s00 = src + ((b * h2 + 2 * i) * w2 + 2 * j) * c
                let s01 = s00 + c, s10 = s00 + w2 * c, s11 = s10 + c
                for k in 0..<c { o[k] = s00[k] + s01[k] + s10[k] + s11[k] }
            }
        }
    }
    return y.recorded(.sumPool2x, [x])
}

/// Concatenation along the first axis of tensors that agree in the others.
public func concatBatch(_ xs: [Tensor]) -> Tensor {
    let rest = Array(xs[0].shape.dropFirst())
    precondition(xs.allSatisfy { Array($0.shape.dropFirst()) == rest }, "cannot concatenate \(xs.map(\.shape))")
    let n = xs.reduce(0) { $0 + $1.shape[0] }
    let y = Tensor(shape: [n] + rest, zeroed: false)
    var offset = 0
    for x in xs { (y.pointer + offset).update(from: x.pointer, count: x.count); offset += x.count }
    return y.recorded(.concatBatch, xs)
}

/// Rows start..<start+count along the first axis.
public func sliceBatch(_ x: Tensor, _ start: Int, _ count: Int) -> Tensor {
    let rest = Array(x.shape.dropFirst())
    let per = rest.reduce(1, *)
    precondition(start >= 0 && start + count <= x.shape[0])
    let y = Tensor(shape: [count] + rest, zeroed: false)
    y.pointer.update(from: x.pointer + start * per, count: count * per)
    return y.recorded(.sliceBatch(start: start), [x])
}
