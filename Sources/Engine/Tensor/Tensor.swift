/// A float32 tensor in contiguous row-major storage.
///
/// Tensors are values in all but name: ops never write into their inputs. The one exception is a
/// parameter, which optimizers update in place between steps (no graph holds it then).
/// Images are NHWC and convolution kernels HWIO ([KH, KW, C, OC]).
public final class Tensor {
    public let shape: [Int]
    public let storage: Storage
    /// The op that produced this tensor, when it was recorded for differentiation.
    public internal(set) var node: Node?
    /// Leaves whose gradient may be asked for (parameters, the penalty's mixed images).
    public var requiresGrad: Bool

    public init(shape: [Int], storage: Storage, requiresGrad: Bool = false) {
        precondition(shape.reduce(1, *) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// Uninitialised (or zeroed) tensor of the given shape.
    public convenience init(shape: [Int], zeroed: Bool = true) {
        self.init(shape: shape, storage: Storage(count: shape.reduce(1, *), zeroed: zeroed))
    }

    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape, zeroed: false)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: count) }
    }

    public convenience init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, zeroed: false)
        storage.pointer.update(repeating: value, count: count)
    }

    public static func scalar(_ v: Float) -> Tensor { Tensor(shape: [1], values: [v]) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }
    public var pointer: UnsafeMutablePointer<Float> { storage.pointer }
    public var values: [Float] { Array(storage.buffer) }
    /// The single value of a one-element tensor.
    public var item: Float { storage.pointer[0] }

    /// True when gradients can flow through this tensor.
    public var tracksGradient: Bool { requiresGrad || node != nil }

    public func copy() -> Tensor {
        let t = Tensor(shape: shape, zeroed: false)
        t.pointer.update(from: pointer, count: count)
        return t
    }

    /// Overwrites the content in place (parameters and optimizer state only).
    public func assign(_ other: Tensor) {
        precondition(other.count == count)
        pointer.update(from: other.pointer, count: count)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = values.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(count > 8 ? ", ..." : "")])"
    }
}
