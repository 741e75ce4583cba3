/// A recorded op: what it was and its inputs. Its adjoint is `Op.adjoint`, written with tensor ops,
/// so when those ops are recorded (`createGraph`) a gradient can be differentiated again: the
/// gradient penalty of WGAN-GP needs exactly that. An op without an adjoint cannot be differentiated;
/// reaching it is an error, never a silent zero.
public final class Node {
    public let op: Op
    public let inputs: [Tensor]

    init(op: Op, inputs: [Tensor]) {
        self.op = op
        self.inputs = inputs
    }
}

/// Whether ops record themselves for differentiation (on by default).
///
/// A task-local value, so each thread or task has its own: `with` scopes a change to its body, and
/// workers started inside it (Dispatch) start from the default and set their own.
public enum GradMode {
    @TaskLocal public static var isEnabled = true

    /// Runs `body` with recording set to `enabled`.
    public static func with<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        try $isEnabled.withValue(enabled, operation: body)
    }
}

/// Runs `body` without recording any graph (inference, optimizer updates).
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R { try GradMode.with(false, body) }

extension Tensor {
    /// Records `self` as the result of `op` on `inputs`, when recording is on and some input
    /// carries a gradient.
    @discardableResult
    func recorded(_ op: @autoclosure () -> Op, _ inputs: [Tensor]) -> Tensor {
        if GradMode.isEnabled, inputs.contains(where: { $0.tracksGradient }) {
            node = Node(op: op(), inputs: inputs)
        }
        return self
    }
}
