import Engine

/// A tensor under its dotted path ("conv1.kernel"), the name it has everywhere: in memory,
/// in checkpoints and in error messages.
public struct NamedTensor {
    public var name: String
    public var tensor: Tensor
    public init(_ name: String, _ tensor: Tensor) { (self.name, self.tensor) = (name, tensor) }
}

/// Something with trainable parameters and non-trainable buffers (batch-norm statistics).
public protocol Module: AnyObject {
    var parameters: [NamedTensor] { get }
    var buffers: [NamedTensor] { get }
}

public extension Module {
    var buffers: [NamedTensor] { [] }
    var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
}

/// Names of a child's tensors under the child's own name.
public func scoped(_ prefix: String, _ items: [NamedTensor]) -> [NamedTensor] {
    items.map { NamedTensor("\(prefix).\($0.name)", $0.tensor) }
}

/// Children listed by name; a container's parameters are theirs, scoped.
public protocol Container: Module {
    var children: [(String, Module)] { get }
}

public extension Container {
    var parameters: [NamedTensor] { children.flatMap { scoped($0.0, $0.1.parameters) } }
    var buffers: [NamedTensor] { children.flatMap { scoped($0.0, $0.1.buffers) } }
}

public extension Module {
    /// Clamps every parameter into [-c, c] (the original WGAN's weight clipping).
    func clipParameters(to c: Float) {
        for p in parameters {
            let v = p.tensor.pointer
            for i in 0..<p.tensor.count { v[i] = min(max(v[i], -c), c) }
        }
    }
}
