import Engine

/// Something with trainable parameters and non-trainable buffers (batch-norm statistics).
public protocol Module: AnyObject {
    var parameters: [NamedTensor] { get }
    var buffers: [NamedTensor] { get }
}

public extension Module {
    var buffers: [NamedTensor] { [] }
    var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
    /// Every tensor that defines the module, parameters then buffers: what a file of it holds.
    var tensors: [NamedTensor] { parameters + buffers }
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
