/// The adjoint of every op, in one table: the gradient of each input (nil where `needs` says none
/// is wanted) from the gradient `g` of the output `y`, the inputs `x` and the op's parameters.
///
/// Every entry is written with the same differentiable ops as the forward passes, so a gradient
/// computed with recording on can be differentiated again (the WGAN-GP penalty needs d/dtheta of
/// d/dx). Most ops come in adjoint pairs: pad/crop, upsample2x/sumPool2x, sum/expand,
/// sumRows/expandRows, sumColumns/expandColumns, concatBatch/sliceBatch, foldKernel/unfoldKernel,
/// interleave2x/parityPlane, gather/scatter, and conv2d/convInputGrad/convWeightGrad as a triple.
/// Returns nil for an op without an adjoint (softmaxCrossEntropyGrad).
/// (A free function: inside `Op` its case names would hide the ops of the same names.)
func adjoint(of op: Op, _ g: Tensor, _ x: [Tensor], _ y: Tensor, _ needs: [Bool]) -> [Tensor?]? {
    func want(_ i: Int, _ grad: @autoclosure () -> Tensor) -> Tensor? { needs[i] ? grad() : nil }
    switch op {
    case .add: return [g, g]
    case .sub: return [g, want(1, neg(g))]
    case .mul: return [want(0, mul(g, x[1])), want(1, mul(g, x[0]))]
    case .div:  // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        let ga = div(g, x[1])
        return [want(0, ga), want(1, neg(mul(ga, div(x[0], x[1]))))]
    case .scale(let s): return [scale(g, s)]
    case .addScalar: return [g]
    case .square: return [mul(g, scale(x[0], 2))]
    case .sqrt: return [div(scale(g, 0.5), y)]
    case .reciprocal: return [neg(mul(g, square(y)))]
    case .tanh: return [mul(g, addScalar(neg(square(y)), 1))]  // 1 - tanh^2
    case .exp: return [mul(g, y)]
    case .sigmoid: return [mul(g, mul(y, addScalar(neg(y), 1)))]  // s (1 - s)
    case .softplus: return [mul(g, sigmoid(x[0]))]
    case .leakyRelu(let slope): return [leakyReluGrad(g, x[0], slope: slope)]
    // Linear in its first input; zero derivative (almost everywhere) in the second.
    case .leakyReluGrad(let slope): return [want(0, leakyReluGrad(g, x[1], slope: slope)), nil]
    // y > 0 exactly where x + b > 0 (slope >= 0), so the output carries the sign the mask needs.
    case .biasLeakyRelu(let slope):
        let gx = leakyReluGrad(g, y, slope: slope)
        return [gx, want(1, sumColumns(gx))]

    case .matmul(let ta, let tb):  // for C = A B: dA = G B^T, dB = A^T G; transposes swap roles
        let (a, b) = (x[0], x[1])
        func ga() -> Tensor {
            switch (ta, tb) {
            case (false, false): matmul(g, b, transB: true)
            case (false, true): matmul(g, b)
            case (true, false): matmul(b, g, transB: true)
            case (true, true): matmul(b, g, transA: true, transB: true)
            }
        }
        func gb() -> Tensor {
            switch (ta, tb) {
            case (false, false): matmul(a, g, transA: true)
            case (false, true): matmul(g, a, transA: true)
            case (true, false): matmul(a, g)
            case (true, true): matmul(g, a, transA: true, transB: true)
            }
        }
        return [want(0, ga()), want(1, gb())]
    case .conv2d(let geometry, let grouped, let patches):
        let kept = grouped == geometry.usesTapGroups ? patches : nil
        return [want(0, convInputGrad(g, x[1], geometry)), want(1, convWeightGrad(x[0], g, geometry, patches: kept))]
    case .convInputGrad(let geometry):  // x = (gy, w)
        return [want(0, conv2d(g, x[1], geometry)), want(1, convWeightGrad(g, x[0], geometry))]
    case .convWeightGrad(let geometry):  // x = (input, gy)
        return [want(0, convInputGrad(x[1], g, geometry)), want(1, conv2d(x[0], g, geometry))]

    case .sum: return [expand(g, to: x[0].shape)]
    case .expand: return [sum(g)]
    case .sumRows: return [expandRows(g, columns: x[0].shape[1])]
    case .expandRows: return [sumRows(g)]
    case .sumColumns: return [expandColumns(g, to: x[0].shape)]
    case .expandColumns: return [sumColumns(g)]
    case .addBias: return [g, want(1, sumColumns(g))]
    case .mulColumns: return [want(0, mulColumns(g, x[1])), want(1, sumColumns(mul(g, x[0])))]

    case .reshape: return [reshape(g, x[0].shape)]
    case .pad(let p): return [crop(g, p)]
    case .crop(let p): return [pad(g, p)]
    case .upsample2x: return [sumPool2x(g)]
    case .sumPool2x: return [upsample2x(g)]
    case .concatBatch:
        var start = 0
        return x.indices.map { i in
            defer { start += x[i].shape[0] }
            return want(i, sliceBatch(g, start, x[i].shape[0]))
        }
    case .sliceBatch(let start):
        let rest = Array(g.shape.dropFirst()), (count, total) = (g.shape[0], x[0].shape[0])
        var parts: [Tensor] = []
        if start > 0 { parts.append(Tensor(shape: [start] + rest)) }
        parts.append(g)
        if start + count < total { parts.append(Tensor(shape: [total - start - count] + rest)) }
        return [parts.count == 1 ? g : concatBatch(parts)]

    case .foldKernel(let a, let b): return [unfoldKernel(g, a, b)]
    case .unfoldKernel(let a, let b): return [foldKernel(g, a, b)]
    case .interleave2x: return (0..<4).map { want($0, parityPlane(g, $0 / 2, $0 % 2)) }
    case .parityPlane(let a, let b):
        let zero = Tensor(shape: g.shape, zeroed: true)
        return [interleave2x((0..<4).map { $0 == a * 2 + b ? g : zero })]

    case .maxPool2x(let winners): return [scatter(g, winners, into: x[0].shape)]
    case .scatter(let index): return [gather(g, index, shape: x[0].shape)]
    case .gather(let index): return [scatter(g, index, into: x[0].shape)]

    case .softmaxCrossEntropy(let p, let labels): return [softmaxCrossEntropyGradient(g, x[0], p, labels)]
    case .softmaxCrossEntropyGrad: return nil
    }
}
