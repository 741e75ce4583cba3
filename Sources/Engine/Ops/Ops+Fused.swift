// Passes that do in one sweep what two recorded ops would do in two, with their own adjoints
// (Op+Adjoints.swift) built from the unfused ops, so they differentiate to any order as before.

/// leakyRelu(x + b, slope): x [..., C], b [C]; the same floats as addBias then leakyRelu, with one
/// read of the activations and one write instead of two of each. `slope` must be >= 0 (the adjoint
/// reads the sign of x + b from the output).
public func biasLeakyRelu(_ x: Tensor, _ b: Tensor, slope: Float) -> Tensor {
    let c = b.count
    precondition(x.shape.last == c, "bias [\(c)] does not fit \(x.shape)")
    precondition(slope >= 0, "biasLeakyRelu needs a slope >= 0, got \(slope)")
    return Profiler.measure("elementwise") {
        let y = Tensor(shape: x.shape, zeroed: false)
        let a = x.pointer, o = y.pointer, bp = b.pointer
        let rows = x.count / c
        parallelRanges(rows, minimum: (elementwiseSplit + c - 1) / c) { r in  // split from elementwiseSplit floats
            for i in r {
                let base = i * c
                for j in 0..<c { o[base + j] = leakyReluValue(a[base + j] + bp[j], slope: slope) }
            }
        }
        return y.recorded(.biasLeakyRelu(slope: slope), [x, b])
    }
}
