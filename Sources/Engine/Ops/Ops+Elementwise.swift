import Foundation

// Elementwise ops on tensors of equal shape, and with a scalar. Adjoints: Op+Adjoints.swift.

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
    map2(a, b, +).recorded(.add, [a, b])
}

public func sub(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, -).recorded(.sub, [a, b])
}

public func mul(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, *).recorded(.mul, [a, b])
}

public func div(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, /).recorded(.div, [a, b])
}

public func neg(_ x: Tensor) -> Tensor { scale(x, -1) }

/// s * x
public func scale(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x) { $0 * s }.recorded(.scale(s), [x])
}

/// x + s
public func addScalar(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x) { $0 + s }.recorded(.addScalar(s), [x])
}

public func square(_ x: Tensor) -> Tensor {
    map1(x) { $0 * $0 }.recorded(.square, [x])
}

public func sqrt(_ x: Tensor) -> Tensor {
    map1(x) { $0.squareRoot() }.recorded(.sqrt, [x])
}

/// 1 / x
public func reciprocal(_ x: Tensor) -> Tensor {
    map1(x) { 1 / $0 }.recorded(.reciprocal, [x])
}

public func tanh(_ x: Tensor) -> Tensor {
    map1(x) { Foundation.tanh($0) }.recorded(.tanh, [x])
}

public func exp(_ x: Tensor) -> Tensor {
    map1(x) { Foundation.exp($0) }.recorded(.exp, [x])
}

/// 1 / (1 + e^-x), computed without overflow for either sign.
public func sigmoid(_ x: Tensor) -> Tensor {
    map1(x) { $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }.recorded(.sigmoid, [x])
}

/// log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): the logistic loss's building block (softplus(-D) is
/// -log sigmoid(D)), exact for large |x| where the naive form overflows.
public func softplus(_ x: Tensor) -> Tensor {
    map1(x) { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) }.recorded(.softplus, [x])
}

/// LeakyReLU of one float: v for v > 0, slope * v otherwise. The one formula of every pass that
/// applies the activation (leakyRelu, biasLeakyRelu, batch norm's fused sweeps), so they agree bit for bit.
@inlinable @inline(__always)
public func leakyReluValue(_ v: Float, slope: Float) -> Float { v > 0 ? v : slope * v }

/// max(x, 0) + slope * min(x, 0)
public func leakyRelu(_ x: Tensor, slope: Float) -> Tensor {
    map1(x) { leakyReluValue($0, slope: slope) }.recorded(.leakyRelu(slope: slope), [x])
}

public func relu(_ x: Tensor) -> Tensor { leakyRelu(x, slope: 0) }

/// g * (x > 0 ? 1 : slope): the gradient of leakyRelu, linear in g. Its derivative in x is zero
/// almost everywhere, so only g receives a gradient.
public func leakyReluGrad(_ g: Tensor, _ x: Tensor, slope: Float) -> Tensor {
    map2(g, x) { $1 > 0 ? $0 : slope * $0 }.recorded(.leakyReluGrad(slope: slope), [g, x])
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
