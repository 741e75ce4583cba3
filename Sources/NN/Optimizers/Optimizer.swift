import Foundation
import Engine

/// An optimizer over named parameters whose whole state (per-parameter slots such as Adam's
/// moments, and the step count) can be read out and put back for checkpoints.
public class Optimizer {
    public let parameters: [NamedTensor]
    /// Slot name -> one tensor per parameter, aligned with `parameters`.
    public private(set) var slots: [(name: String, tensors: [Tensor])]
    /// Updates taken so far.
    public var step: Int = 0
    public var learningRate: Float

    init(parameters: [NamedTensor], learningRate: Float, slotNames: [String]) {
        self.parameters = parameters
        self.learningRate = learningRate
        slots = slotNames.map { name in (name, parameters.map { Tensor(shape: $0.tensor.shape, zeroed: true) }) }
    }

    /// Applies one update with `grads` aligned with `parameters`.
    public func update(_ grads: [Tensor]) {
        precondition(grads.count == parameters.count)
        step += 1
        Profiler.measure("optimizer") {
            for (i, p) in parameters.enumerated() {
                precondition(grads[i].shape == p.tensor.shape, "gradient of \(p.name) has shape \(grads[i].shape)")
                // Elementwise and memory-bound: large tensors are split across the cores.
                parallelRanges(p.tensor.count, minimum: 1 << 16) { r in
                    apply(index: i, range: r, p.tensor.pointer, grads[i].pointer)
                }
            }
        }
    }

    /// Updates elements `range` of parameter `index` (p and g point at the whole tensors).
    func apply(index: Int, range: Range<Int>, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>) {
        fatalError("subclass must override")  // programming error, never user input
    }

    /// The hyper-parameters a checkpoint records beside the state.
    public var hyperParameters: [String: Double] { ["learning_rate": Double(learningRate)] }

    /// Slot tensors as "slot/parameter", the layout of a checkpoint.
    public var stateTensors: [NamedTensor] {
        slots.flatMap { slot in zip(parameters, slot.tensors).map { NamedTensor("\(slot.name)/\($0.0.name)", $0.1) } }
    }
}

/// Adam (Kingma & Ba) as PyTorch implements it:
/// m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
public final class Adam: Optimizer {
    public let beta1, beta2, epsilon: Float

    public init(
        parameters: [NamedTensor], learningRate: Float = 2e-4, beta1: Float = 0.5, beta2: Float = 0.9,
        epsilon: Float = 1e-8
    ) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
        super.init(parameters: parameters, learningRate: learningRate, slotNames: ["m", "v"])
    }

    override func apply(index: Int, range: Range<Int>, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>) {
        let m = slots[0].tensors[index].pointer, v = slots[1].tensors[index].pointer
        let t = Double(step)
        let c1 = Float(1 - pow(Double(beta1), t)), c2 = Float(1 - pow(Double(beta2), t))
        let stepSize = learningRate / c1, c2root = c2.squareRoot()
        // Sixteen lanes at a time, then the tail; each lane computes exactly what the scalar line does.
        typealias V = SIMD16<Float>
        let b1 = V(repeating: beta1), d1 = V(repeating: 1 - beta1), b2 = V(repeating: beta2),
            d2 = V(repeating: 1 - beta2)
        let size = V(repeating: stepSize), root = V(repeating: c2root), eps = V(repeating: epsilon)
        var i = range.lowerBound
        while i + 16 <= range.upperBound {
            let gi = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
            let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: V.self) + d1 * gi
            let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: V.self) + d2 * gi * gi
            let pi = UnsafeRawPointer(p + i).loadUnaligned(as: V.self) - size * mi / (vi.squareRoot() / root + eps)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
            UnsafeMutableRawPointer(p + i).storeBytes(of: pi, as: V.self)
            i += 16
        }
        for i in i..<range.upperBound {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            p[i] -= stepSize * m[i] / (v[i].squareRoot() / c2root + epsilon)
        }
    }

    public override var hyperParameters: [String: Double] {
        [
            "learning_rate": Double(learningRate), "beta1": Double(beta1), "beta2": Double(beta2),
            "epsilon": Double(epsilon),
        ]
    }
}

/// RMSProp as PyTorch implements it: v = a v + (1-a) g^2, p -= lr g / (sqrt(v) + eps).
public final class RMSProp: Optimizer {
    public let alpha, epsilon: Float

    public init(parameters: [NamedTensor], learningRate: Float = 5e-5, alpha: Float = 0.99, epsilon: Float = 1e-8) {
        (self.alpha, self.epsilon) = (alpha, epsilon)
        super.init(parameters: parameters, learningRate: learningRate, slotNames: ["v"])
    }

    override func apply(index: Int, range: Range<Int>, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>) {
        let v = slots[0].tensors[index].pointer
        for i in range {
            v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
            p[i] -= learningRate * g[i] / (v[i].squareRoot() + epsilon)
        }
    }

    public override var hyperParameters: [String: Double] {
        ["learning_rate": Double(learningRate), "alpha": Double(alpha), "epsilon": Double(epsilon)]
    }
}

/// SGD with optional momentum (PyTorch form): b = mu b + g, p -= lr b.
public final class SGD: Optimizer {
    public let momentum: Float

    public init(parameters: [NamedTensor], learningRate: Float, momentum: Float = 0) {
        self.momentum = momentum
        super.init(parameters: parameters, learningRate: learningRate, slotNames: momentum > 0 ? ["momentum"] : [])
    }

    override func apply(index: Int, range: Range<Int>, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>) {
        if momentum > 0 {
            let b = slots[0].tensors[index].pointer
            for i in range { b[i] = momentum * b[i] + g[i]; p[i] -= learningRate * b[i] }
        } else {
            for i in range { p[i] -= learningRate * g[i] }
        }
    }

    public override var hyperParameters: [String: Double] {
        ["learning_rate": Double(learningRate), "momentum": Double(momentum)]
    }
}
