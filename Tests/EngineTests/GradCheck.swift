import Engine
import XCTest

/// Finite-difference checks in float32.
///
/// Central differences with step h = 1e-2 on inputs of order 1, projected onto a fixed random
/// direction so that the scalar is a smooth mix of every output; `sum` accumulates in Double.
/// Truncation error is O(h^2 f''') ~ 1e-4 and rounding error ~ 1e-7 |f| / h ~ 1e-5, so a tolerance of
/// 3e-3 (absolute) + 3e-3 (relative) separates a correct rule from a wrong one (a wrong factor or
/// sign misses by O(1)). Inputs are kept 0.1 away from kinks (LeakyReLU, max pooling).
enum GradCheck {
    static let h: Float = 1e-2
    static let atol: Float = 3e-3, rtol: Float = 3e-3

    /// Random values in [-1, 1] with |x| >= 0.1.
    static func input(_ shape: [Int], _ rng: inout RandomGenerator) -> Tensor {
        let t = rng.uniform(shape: shape, low: 0.1, high: 1)
        for i in 0..<t.count where rng.uniform() < 0.5 { t.pointer[i] = -t.pointer[i] }
        return t
    }

    /// Checks d f / d inputs against central differences, for every element of every input.
    static func first(
        _ inputs: [Tensor], label: String = "", file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Tensor]) -> Tensor
    ) throws {
        for x in inputs { x.requiresGrad = true }
        var rng = RandomGenerator(seed: 99)
        let probe = f(inputs)
        let direction = rng.uniform(shape: probe.shape, low: -1, high: 1)
        let scalar = { (xs: [Tensor]) in sum(mul(f(xs), direction)) }
        let analytic = try gradients(of: scalar(inputs), wrt: inputs)
        try compare(inputs, analytic, label: label + " (first order)", file: file, line: line) {
            withoutGrad { scalar(inputs).item }
        }
    }

    /// Checks the gradient of a gradient: for s(x) = <r, df/dx . u> built with createGraph,
    /// d s / d inputs against central differences of s itself (each evaluated with first-order autodiff).
    static func second(
        _ inputs: [Tensor], label: String = "", file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Tensor]) -> Tensor
    ) throws {
        for x in inputs { x.requiresGrad = true }
        var rng = RandomGenerator(seed: 7)
        let probe = f(inputs)
        let u = rng.uniform(shape: probe.shape, low: -1, high: 1)
        let rs = inputs.map { rng.uniform(shape: $0.shape, low: -1, high: 1) }
        func s(_ create: Bool) throws -> Tensor {
            let g = try gradients(of: sum(mul(f(inputs), u)), wrt: inputs, createGraph: create)
            return zip(g, rs).map { sum(mul($0, $1)) }.reduce(Tensor.scalar(0)) { add($0, $1) }
        }
        let value = try s(true)
        // An input whose first derivative is constant gives a gradient outside the graph: its second derivative is zero.
        let analytic =
            value.tracksGradient ? try gradients(of: value, wrt: inputs) : inputs.map { Tensor(shape: $0.shape) }
        try compare(inputs, analytic, label: label + " (second order)", file: file, line: line) { try s(false).item }
    }

    static func compare(
        _ inputs: [Tensor], _ analytic: [Tensor], label: String, file: StaticString, line: UInt,
        _ value: () throws -> Float
    ) throws {
        for (k, x) in inputs.enumerated() {
            for i in 0..<x.count {
                let saved = x.pointer[i]
                x.pointer[i] = saved + h
                let up = try value()
                x.pointer[i] = saved - h
                let down = try value()
                x.pointer[i] = saved
                let numeric = (up - down) / (2 * h)
                let a = analytic[k].pointer[i]
                if abs(a - numeric) > atol + rtol * abs(numeric) {
                    XCTFail(
                        "\(label): input \(k) element \(i): analytic \(a), numeric \(numeric)", file: file, line: line)
                    return
                }
            }
        }
    }
}
