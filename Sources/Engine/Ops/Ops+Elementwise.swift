import Foundation

// Elementwise ops on tensors of equal shape, and with a scalar. Adjoints: Op+Adjoints.swift.

/// The float function of a one-input pass. A type rather than a closure so that each pass is
/// specialized with its function inlined into the loop, also in the half that runs on the other
/// core: a closure captured across threads is called once per element and does not vectorize.
protocol UnaryMap {
    func callAsFunction(_ v: Float) -> Float
    /// Passes at least this long are split over both cores.
    static var split: Int { get }
}

extension UnaryMap {
    static var split: Int { elementwiseSplit }
}

/// The float function of a two-input pass (see `UnaryMap`).
protocol BinaryMap { func callAsFunction(_ a: Float, _ b: Float) -> Float }

/// Passes this long are split over both cores: below it the hand-off costs more than the memory-bound
/// loop; library functions (tanh, exp) cost enough per element to split much shorter passes.
let elementwiseSplit = 1 << 17, transcendentalSplit = 1 << 12

@inline(__always)
func map1<F: UnaryMap>(_ x: Tensor, _ f: F) -> Tensor {
    Profiler.measure("elementwise") {
        let y = Tensor(shape: x.shape, zeroed: false)
        let a = x.pointer, o = y.pointer
        parallelRanges(x.count, minimum: F.split) { r in for i in r { o[i] = f(a[i]) } }
        return y
    }
}

@inline(__always)
func map2<F: BinaryMap>(_ x: Tensor, _ z: Tensor, _ f: F) -> Tensor {
    precondition(x.shape == z.shape, "shapes \(x.shape) and \(z.shape) differ")
    return Profiler.measure("elementwise") {
        let y = Tensor(shape: x.shape, zeroed: false)
        let a = x.pointer, b = z.pointer, o = y.pointer
        parallelRanges(x.count, minimum: elementwiseSplit) { r in for i in r { o[i] = f(a[i], b[i]) } }
        return y
    }
}

public func add(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, Add()).recorded(.add, [a, b])
}

public func sub(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, Sub()).recorded(.sub, [a, b])
}

public func mul(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, Mul()).recorded(.mul, [a, b])
}

public func div(_ a: Tensor, _ b: Tensor) -> Tensor {
    map2(a, b, Div()).recorded(.div, [a, b])
}

public func neg(_ x: Tensor) -> Tensor { scale(x, -1) }

/// s * x
public func scale(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x, Scale(s: s)).recorded(.scale(s), [x])
}

/// x + s
public func addScalar(_ x: Tensor, _ s: Float) -> Tensor {
    map1(x, AddScalar(s: s)).recorded(.addScalar(s), [x])
}

public func square(_ x: Tensor) -> Tensor {
    map1(x, Square()).recorded(.square, [x])
}

public func sqrt(_ x: Tensor) -> Tensor {
    map1(x, SquareRoot()).recorded(.sqrt, [x])
}

/// 1 / x
public func reciprocal(_ x: Tensor) -> Tensor {
    map1(x, Reciprocal()).recorded(.reciprocal, [x])
}

public func tanh(_ x: Tensor) -> Tensor {
    map1(x, Tanh()).recorded(.tanh, [x])
}

public func exp(_ x: Tensor) -> Tensor {
    map1(x, Exp()).recorded(.exp, [x])
}

/// 1 / (1 + e^-x), computed without overflow for either sign.
public func sigmoid(_ x: Tensor) -> Tensor {
    map1(x, Sigmoid()).recorded(.sigmoid, [x])
}

/// log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): the logistic loss's building block (softplus(-D) is
/// -log sigmoid(D)), exact for large |x| where the naive form overflows.
public func softplus(_ x: Tensor) -> Tensor {
    map1(x, Softplus()).recorded(.softplus, [x])
}

/// LeakyReLU of one float: v for v > 0, slope * v otherwise. The one formula of every pass that
/// applies the activation (leakyRelu, biasLeakyRelu, batch norm's fused sweeps), so they agree bit for bit.
@inlinable @inline(__always)
public func leakyReluValue(_ v: Float, slope: Float) -> Float { v > 0 ? v : slope * v }

/// max(x, 0) + slope * min(x, 0)
public func leakyRelu(_ x: Tensor, slope: Float) -> Tensor {
    map1(x, LeakyRelu(slope: slope)).recorded(.leakyRelu(slope: slope), [x])
}

public func relu(_ x: Tensor) -> Tensor { leakyRelu(x, slope: 0) }

/// g * (x > 0 ? 1 : slope): the gradient of leakyRelu, linear in g. Its derivative in x is zero
/// almost everywhere, so only g receives a gradient.
public func leakyReluGrad(_ g: Tensor, _ x: Tensor, slope: Float) -> Tensor {
    map2(g, x, LeakyReluGrad(slope: slope)).recorded(.leakyReluGrad(slope: slope), [g, x])
}

// The functions of the passes above.
private struct Add: BinaryMap { func callAsFunction(_ a: Float, _ b: Float) -> Float { a + b } }
private struct Sub: BinaryMap { func callAsFunction(_ a: Float, _ b: Float) -> Float { a - b } }
private struct Mul: BinaryMap { func callAsFunction(_ a: Float, _ b: Float) -> Float { a * b } }
private struct Div: BinaryMap { func callAsFunction(_ a: Float, _ b: Float) -> Float { a / b } }
private struct LeakyReluGrad: BinaryMap {
    let slope: Float
    func callAsFunction(_ g: Float, _ x: Float) -> Float { x > 0 ? g : slope * g }
}
private struct Scale: UnaryMap { let s: Float; func callAsFunction(_ v: Float) -> Float { v * s } }
private struct AddScalar: UnaryMap { let s: Float; func callAsFunction(_ v: Float) -> Float { v + s } }
private struct Square: UnaryMap { func callAsFunction(_ v: Float) -> Float { v * v } }
private struct SquareRoot: UnaryMap { func callAsFunction(_ v: Float) -> Float { v.squareRoot() } }
private struct Reciprocal: UnaryMap { func callAsFunction(_ v: Float) -> Float { 1 / v } }
private struct Tanh: UnaryMap {
    static let split = transcendentalSplit
    func callAsFunction(_ v: Float) -> Float { Foundation.tanh(v) }
}
private struct Exp: UnaryMap {
    static let split = transcendentalSplit
    func callAsFunction(_ v: Float) -> Float { Foundation.exp(v) }
}
private struct Sigmoid: UnaryMap {
    static let split = transcendentalSplit
    func callAsFunction(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + Foundation.exp(-v)) : Foundation.exp(v) / (1 + Foundation.exp(v))
    }
}
private struct Softplus: UnaryMap {
    static let split = transcendentalSplit
    func callAsFunction(_ v: Float) -> Float { max(v, 0) + Foundation.log1p(Foundation.exp(-abs(v))) }
}
private struct LeakyRelu: UnaryMap {
    let slope: Float; func callAsFunction(_ v: Float) -> Float { leakyReluValue(v, slope: slope) }
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
