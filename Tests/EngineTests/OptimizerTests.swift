import Foundation
import Engine
import NN
import XCTest

/// Optimizer updates against the formulas evaluated by hand, in Double.
final class OptimizerTests: XCTestCase {
    func param(_ v: Float) -> NamedTensor { NamedTensor("p", Tensor(shape: [1], values: [v])) }

    func testAdamTwoStepsWithBiasCorrection() {
        let p = param(1)
        let adam = Adam(parameters: [p], learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        adam.update([Tensor(shape: [1], values: [0.5])])
        // m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25; p = 1 - 0.1 * 0.5 / 0.5
        XCTAssertEqual(p.tensor.item, 0.9, accuracy: 1e-6)
        adam.update([Tensor(shape: [1], values: [-1])])
        let m = 0.9 * 0.05 - 0.1, v = 0.999 * 0.00025 + 0.001
        let mh = m / (1 - 0.81), vh = v / (1 - 0.999 * 0.999)
        XCTAssertEqual(Double(p.tensor.item), 0.9 - 0.1 * mh / (vh.squareRoot() + 1e-8), accuracy: 1e-6)
        XCTAssertEqual(adam.step, 2)
        // float32: 1 - 0.999 is 0.00100005 there, so v carries a relative error of about 5e-5.
        XCTAssertEqual(Double(adam.slots[0].tensors[0].item), m, accuracy: 1e-7)
        XCTAssertEqual(Double(adam.slots[1].tensors[0].item), v, accuracy: 1e-4 * v)
    }

    /// The vector lanes (16 at a time) and the tail compute the scalar formula's float32 operations in
    /// its order: every element equals it exactly, over two steps.
    func testAdamLanesEqualTheScalarFormula() {
        var rng = RandomGenerator(seed: 4)
        let p = NamedTensor("p", rng.uniform(shape: [37], low: -1, high: 1))
        var (w, m, v) = (p.tensor.values, [Float](repeating: 0, count: 37), [Float](repeating: 0, count: 37))
        let (lr, b1, b2, eps): (Float, Float, Float, Float) = (2e-4, 0.5, 0.9, 1e-8)
        let adam = Adam(parameters: [p], learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
        for t in 1...2 {
            let g = rng.uniform(shape: [37], low: -1, high: 1)
            adam.update([g])
            let c1 = Float(1 - pow(Double(b1), Double(t))), c2 = Float(1 - pow(Double(b2), Double(t)))
            let size = lr / c1, root = c2.squareRoot()
            for i in 0..<37 {
                m[i] = b1 * m[i] + (1 - b1) * g.values[i]
                v[i] = b2 * v[i] + (1 - b2) * g.values[i] * g.values[i]
                w[i] -= size * m[i] / (v[i].squareRoot() / root + eps)
            }
            XCTAssertEqual(p.tensor.values, w, "step \(t)")
            XCTAssertEqual(adam.slots[0].tensors[0].values, m)
            XCTAssertEqual(adam.slots[1].tensors[0].values, v)
        }
    }

    func testRMSPropAndSGD() {
        let p = param(1)
        let rms = RMSProp(parameters: [p], learningRate: 0.01, alpha: 0.9, epsilon: 0)
        rms.update([Tensor(shape: [1], values: [2])])
        // v = 0.1 * 4 = 0.4; p = 1 - 0.01 * 2 / sqrt(0.4)
        XCTAssertEqual(Double(p.tensor.item), 1 - 0.02 / 0.4.squareRoot(), accuracy: 1e-6)
        let q = param(1)
        let sgd = SGD(parameters: [q], learningRate: 0.5, momentum: 0.9)
        sgd.update([Tensor(shape: [1], values: [1])])
        sgd.update([Tensor(shape: [1], values: [1])])
        // b = 1, then 1.9: p = 1 - 0.5 - 0.95
        XCTAssertEqual(q.tensor.item, -0.45, accuracy: 1e-6)
    }

    func testStateCanBeReadOutAndPutBack() {
        var rng = RandomGenerator(seed: 1)
        let p0 = rng.normal(shape: [3])
        let gs = (0..<4).map { _ in rng.normal(shape: [3]) }
        // Four updates in one go.
        let whole = NamedTensor("p", p0.copy())
        let a = Adam(parameters: [whole], learningRate: 0.01)
        for g in gs { a.update([g]) }
        // Two updates, state read out into a fresh optimizer, two more.
        let first = NamedTensor("p", p0.copy())
        let b = Adam(parameters: [first], learningRate: 0.01)
        for g in gs[0..<2] { b.update([g]) }
        let second = NamedTensor("p", first.tensor.copy())
        let c = Adam(parameters: [second], learningRate: 0.01)
        for (dst, src) in zip(c.stateTensors, b.stateTensors) { dst.tensor.assign(src.tensor) }
        c.step = b.step
        for g in gs[2..<4] { c.update([g]) }
        XCTAssertEqual(second.tensor.values, whole.tensor.values)
        XCTAssertEqual(c.stateTensors.map(\.tensor.values), a.stateTensors.map(\.tensor.values))
        XCTAssertEqual(c.stateTensors.map(\.name), ["m/p", "v/p"])
    }
}
