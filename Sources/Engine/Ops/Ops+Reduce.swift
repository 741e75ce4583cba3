// Reductions and their broadcasting twins: each is the other's gradient.

/// Sum of all elements, shape [1]. Accumulates in Double.
public func sum(_ x: Tensor) -> Tensor {
    var s = 0.0
    let p = x.pointer
    for i in 0..<x.count { s += Double(p[i]) }
    return Tensor.scalar(Float(s)).recorded(.sum, [x])
}

public func mean(_ x: Tensor) -> Tensor { scale(sum(x), 1 / Float(x.count)) }

/// A one-element tensor repeated into `shape`.
public func expand(_ s: Tensor, to shape: [Int]) -> Tensor {
    precondition(s.count == 1)
    let y = Tensor(shape: shape, repeating: s.item)
    return y.recorded(.expand, [s])
}

/// x [R, C] -> [R]: the sum of each row (per sample, after a reshape).
public func sumRows(_ x: Tensor) -> Tensor {
    precondition(x.rank == 2)
    let (r, c) = (x.shape[0], x.shape[1])
    let y = Tensor(shape: [r], zeroed: false)
    let a = x.pointer
    for i in 0..<r {
        var s: Float = 0
        let row = a + i * c
        for j in 0..<c { s += row[j] }
        y.pointer[i] = s
    }
    return y.recorded(.sumRows, [x])
}

/// v [R] -> [R, C] with v[i] along row i.
public func expandRows(_ v: Tensor, columns c: Int) -> Tensor {
    precondition(v.rank == 1)
    let r = v.shape[0]
    let y = Tensor(shape: [r, c], zeroed: false)
    for i in 0..<r { (y.pointer + i * c).update(repeating: v.pointer[i], count: c) }
    return y.recorded(.expandRows, [v])
}

/// x [..., C] -> [C]: the sum over every leading index (per channel in NHWC).
public func sumColumns(_ x: Tensor) -> Tensor {
    let c = x.shape.last!
    let r = x.count / c
    let y = Tensor(shape: [c], zeroed: true)
    let a = x.pointer, o = y.pointer
    for i in 0..<r {
        let row = a + i * c
        for j in 0..<c { o[j] += row[j] }
    }
    return y.recorded(.sumColumns, [x])
}

/// v [C] -> `shape` [..., C], repeated over every leading index.
public func expandColumns(_ v: Tensor, to shape: [Int]) -> Tensor {
    let c = v.count
    precondition(shape.last == c, "cannot expand [\(c)] to \(shape)")
    let y = Tensor(shape: shape, zeroed: false)
    for i in 0..<(y.count / c) { (y.pointer + i * c).update(from: v.pointer, count: c) }
    return y.recorded(.expandColumns, [v])
}

/// x [..., C] + b [C]
public func addBias(_ x: Tensor, _ b: Tensor) -> Tensor {
    let c = b.count
    precondition(x.shape.last == c, "bias [\(c)] does not fit \(x.shape)")
    let y = Tensor(shape: x.shape, zeroed: false)
    let a = x.pointer, o = y.pointer, bp = b.pointer
    for i in 0..<(x.count / c) {
        let base = i * c
        for j in 0..<c { o[base + j] = a[base + j] + bp[j] }
    }
    return y.recorded(.addBias, [x, b])
}

/// x [..., C] * v [C]
public func mulColumns(_ x: Tensor, _ v: Tensor) -> Tensor {
    let c = v.count
    precondition(x.shape.last == c, "[\(c)] does not fit \(x.shape)")
    let y = Tensor(shape: x.shape, zeroed: false)
    let a = x.pointer, o = y.pointer, vp = v.pointer
    for i in 0..<(x.count / c) {
        let base = i * c
        for j in 0..<c { o[base + j] = a[base + j] * vp[j] }
    }
    return y.recorded(.mulColumns, [x, v])
}
