public enum AutodiffError: Error, CustomStringConvertible {
    case noGradientRule(op: String)
    case notScalar(shape: [Int])

    public var description: String {
        switch self {
        case .noGradientRule(let op): return "op '\(op)' has no gradient rule (it cannot be differentiated again)"
        case .notScalar(let shape): return "gradients need a one-element output or a seed; output has shape \(shape)"
        }
    }
}

/// Reverse-mode gradients of `output` with respect to each of `inputs`.
///
/// Only the part of the graph that lies between `inputs` and `output` is visited, so asking for the
/// gradient of the critic's output with respect to its input computes no weight gradient, and the
/// generator step computes no critic weight gradient. With `createGraph` the gradient rules are
/// recorded, and the returned gradients can be differentiated again.
/// - Parameter seed: the gradient of `output` (ones when nil; then `output` must have one element).
public func gradients(
    of output: Tensor, wrt inputs: [Tensor], seed: Tensor? = nil,
    createGraph: Bool = false
) throws -> [Tensor] {
    guard seed != nil || output.count == 1 else { throw AutodiffError.notScalar(shape: output.shape) }
    let order = topologicalOrder(from: output)
    let targets = Set(inputs.map(ObjectIdentifier.init))

    // reaches[t]: some target lies at or below t, so t's gradient is needed.
    var reaches = Set<ObjectIdentifier>()
    for t in order {
        let id = ObjectIdentifier(t)
        if targets.contains(id) || (t.node?.inputs.contains { reaches.contains(ObjectIdentifier($0)) } ?? false) {
            reaches.insert(id)
        }
    }

    var grads: [ObjectIdentifier: Tensor] = [:]
    grads[ObjectIdentifier(output)] = seed ?? Tensor(shape: output.shape, repeating: 1)
    try GradMode.with(createGraph) {
        for t in order.reversed() {
            let id = ObjectIdentifier(t)
            guard let node = t.node, reaches.contains(id), let g = grads[id] else { continue }
            let needs = node.inputs.map { reaches.contains(ObjectIdentifier($0)) }
            guard needs.contains(true) else { continue }
            guard let inputGrads = adjoint(of: node.op, g, node.inputs, t, needs) else {
                throw AutodiffError.noGradientRule(op: node.op.kind.rawValue)
            }
            for (i, input) in node.inputs.enumerated() where needs[i] {
                guard let gi = inputGrads[i] else { continue }
                let key = ObjectIdentifier(input)
                grads[key] = grads[key].map { add($0, gi) } ?? gi
            }
            if !targets.contains(id) { grads[id] = nil }  // free intermediate gradients early
        }
    }
    return inputs.map { x in grads[ObjectIdentifier(x)] ?? Tensor(shape: x.shape) }
}

/// Tensors reachable from `root` through recorded nodes, inputs before the ops that use them.
func topologicalOrder(from root: Tensor) -> [Tensor] {
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(Tensor, Bool)] = [(root, false)]
    while let (t, expanded) = stack.popLast() {
        let id = ObjectIdentifier(t)
        if expanded { order.append(t); continue }
        if visited.contains(id) { continue }
        visited.insert(id)
        stack.append((t, true))
        for input in t.node?.inputs ?? [] where !visited.contains(ObjectIdentifier(input)) {
            stack.append((input, false))
        }
    }
    return order
}
