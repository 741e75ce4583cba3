/// A recorded op: its inputs and its gradient rule.
///
/// The rule maps the gradient of the output to the gradients of the inputs using tensor ops
/// themselves, so when those ops are recorded (`createGraph`), a gradient can be differentiated
/// again: the gradient penalty of WGAN-GP needs exactly that. A node without a rule is an op
/// that cannot be differentiated; reaching it is an error, never a silent zero.
public final class Node {
    public let op: String
    public let inputs: [Tensor]
    /// (gradient of the output, which inputs need a gradient) -> gradient per input (nil: none).
    let rule: ((Tensor, [Bool]) -> [Tensor?])?

    init(op: String, inputs: [Tensor], rule: ((Tensor, [Bool]) -> [Tensor?])?) {
        self.op = op
        self.inputs = inputs
        self.rule = rule
    }
}

/// Whether ops record themselves for differentiation (on by default).
public enum GradMode {
    nonisolated(unsafe) public private(set) static var isEnabled = true

    /// Runs `body` with recording set to `enabled`, restoring the previous mode after.
    public static func with<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        let saved = isEnabled
        isEnabled = enabled
        defer { isEnabled = saved }
        return try body()
    }
}

/// Runs `body` without recording any graph (inference, optimizer updates).
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R { try GradMode.with(false, body) }

extension Tensor {
    /// Attaches `rule` to `self` as the result of `op` on `inputs`, when recording is on and some
    /// input carries a gradient.
    @discardableResult
    func recorded(_ op: String, _ inputs: [Tensor], rule: ((Tensor, [Bool]) -> [Tensor?])?) -> Tensor {
        if GradMode.isEnabled, inputs.contains(where: { $0.tracksGradient }) {
            node = Node(op: op, inputs: inputs, rule: rule)
        }
        return self
    }
}
