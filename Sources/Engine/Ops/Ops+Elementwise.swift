import Foundation

// Elementwise ops on tensors of equal shape, and with a scalar.
//
// A rule that uses the op's own output captures it `unowned`: the output owns the node that owns
// the rule, so a strong capture would be a cycle that keeps the whole graph below alive. The rule
// only runs while its output is alive (gradients() holds it).

@inline(__always)
func map1(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
    Profiler.measure("elementwise") {
        let y = Tensor(shape: x.shape, zeroed: false)
        let a = x.pointer, o = y.pointer
        for i in 0..<x.count { o[i] = f(a[i]) }
        return y
    }
}

@inline(__always)
func map2(_ x: Tensor, _ z: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    precondition(x.shape == z.shape, "shapes \(x.shape) and \(z.shape) differ")
    return Profiler.measure("elementwise") {
        let y = Tensor(shape: x.shape, zeroed: false)
        let a = x.pointer, b = z.pointer, o = y.pointer
        for i in 0..<x.count { o[i] = f(a[i], b[i]) }
        return y
    }
}

public func add(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, +).recorded("add", [a, b]) { g, _ in [g, g] }
}

public func sub(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, -).recorded("sub", [a, b]) { g, needs in [g, needs[1] ? neg(g) : nil] }
}

public func mul(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, *).recorded("mul", [a, b]) { g, needs in
        [needs[0] ? mul(g, b) : nil, needs[1] ? mul(g, a) : nil]
    }
}

public func div(_ a: Tensor, _ b: Tensor) -> Tensor {
    let y = map2(a, b, /)
    return y.recorded("div", [a, b]) { g, needs in
        let ga = div(g, b)  // d(a/b)/da = 1/b
        return [needs[0] ? ga : nil, needs[1] ? neg(mul(ga, div(a, b))) : nil]  // -a/b^2
    }
}

public func neg(_ x: Tensor) -> Tensor { scale(x, -1) }

/// s * x
public func scale(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x) { $0 * s }.recorded("scale", [x]) { g, _ in [scale(g, s)] }
}

/// x + s
public func addScalar(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x) { $0 + s }.recorded("addScalar", [x]) { g, _ in [g] }
}

public func square(_ x: Tensor) -> Tensor {
    map1(x) { $0 * $0 }.recorded("square", [x]) { g, _ in [mul(g, scale(x, 2))] }
}

public func sqrt(_ x: Tensor) -> Tensor {
    let y = map1(x) { $0.squareRoot() }
    return y.recorded("sqrt", [x]) { [unowned y] g, _ in [div(scale(g, 0.5), y)] }
}

/// 1 / x
public func reciprocal(_ x: Tensor) -> Tensor {
    let y = map1(x) { 1 / $0 }
    return y.recorded("reciprocal", [x]) { [unowned y] g, _ in [neg(mul(g, square(y)))] }
}

public func tanh(_ x: Tensor) -> Tensor {
    let y = map1(x) { Foundation.tanh($0) }
    // d tanh = 1 - tanh^2
    return y.recorded("tanh", [x]) { [unowned y] g, _ in [mul(g, addScalar(neg(square(y)), 1))] }
}

public func exp(_ x: Tensor) -> Tensor {
    let y = map1(x) { Foundation.exp($0) }
    return y.recorded("exp", [x]) { [unowned y] g, _ in [mul(g, y)] }
}

/// max(x, 0) + slope * min(x, 0)
public func leakyRelu(_ x: Tensor, slope: Float) -> Tensor {
    map1(x) { $0 > 0 ? $0 : slope * $0 }.recorded("leakyRelu", [x]) { g, _ in [leakyReluGrad(g, x, slope: slope)] }
}

public func relu(_ x: Tensor) -> Tensor { leakyRelu(x, slope: 0) }

/// g * (x > 0 ? 1 : slope): the gradient of leakyRelu, linear in g. Its derivative in x is zero
/// almost everywhere, so only g receives a gradient.
public func leakyReluGrad(_ g: Tensor, _ x: Tensor, slope: Float) -> Tensor {
    map2(g, x) { $1 > 0 ? $0 : slope * $0 }.recorded("leakyReluGrad", [g, x]) { gg, needs in
        [needs[0] ? leakyReluGrad(gg, x, slope: slope) : nil, nil]
    }
}

public extension Tensor {
    static func + (a: Tensor, b: Tensor) -> Tensor { add(a, b) }
    static func - (a: Tensor, b: Tensor) -> Tensor { sub(a, b) }
    static func * (a: Tensor, b: Tensor) -> Tensor { mul(a, b) }
    static func / (a: Tensor, b: Tensor) -> Tensor { div(a, b) }
    static func * (a: Tensor, s: Float) -> Tensor { scale(a, s) }
    static func + (a: Tensor, s: Float) -> Tensor { addScalar(a, s) }
    static func - (a: Tensor, s: Float) -> Tensor { addScalar(a, -s) }
    static prefix func - (a: Tensor) -> Tensor { neg(a) }
}
