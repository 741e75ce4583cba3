/// 2x2 max pooling with stride 2 on NHWC: [N, H, W, C] -> [N, H/2, W/2, C].
/// The gradient routes each output's gradient to the input that won (first one on ties).
public func maxPool2x(_ x: Tensor) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = (h / 2, w / 2)
    let y = Tensor(shape: [n, oh, ow, c], zeroed: false)
    var winners = [Int32](repeating: 0, count: y.count)
    let src = x.pointer, dst = y.pointer
    for b in 0..<n {
        for i in 0..<oh {
            for j in 0..<ow {
                let o = ((b * oh + i) * ow + j) * c
                let base = ((b * h + 2 * i) * w + 2 * j) * c
                for k in 0..<c {
                    var best = base + k
                    for off in [c, w * c, w * c + c] where src[base + k + off] > src[best] { best = base + k + off }
                    dst[o + k] = src[best]
                    winners[o + k] = Int32(best)
                }
            }
        }
    }
    return y.recorded(.maxPool2x(winners: winners), [x])
}

/// out[index[i]] += g[i]: the gradient of a gather; its own gradient is the gather.
public func scatter(_ g: Tensor, _ index: [Int32], into shape: [Int]) -> Tensor {
    let y = Tensor(shape: shape, zeroed: true)
    for i in 0..<g.count { y.pointer[Int(index[i])] += g.pointer[i] }
    return y.recorded(.scatter(index: index), [g])
}

/// out[i] = x[index[i]]
public func gather(_ x: Tensor, _ index: [Int32], shape: [Int]) -> Tensor {
    let y = Tensor(shape: shape, zeroed: false)
    for i in 0..<y.count { y.pointer[i] = x.pointer[Int(index[i])] }
    return y.recorded(.gather(index: index), [x])
}
