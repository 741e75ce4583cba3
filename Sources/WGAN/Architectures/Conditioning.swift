import Engine
import NN

/// The class input of a conditional generator: y [N, K] kernel [K, F], added to the output of the
/// generator's first dense layer. The same as concatenating the one-hot y to z (Mirza and Osindero's
/// CGAN), and linear in y, so a mix of two one-hot vectors morphs one class into the other.
public final class LabelInput: Module {
    public let kernel: Tensor

    public init(classes: Int, features: Int, rng: inout RandomGenerator) {
        let a = (6 / Float(classes + features)).squareRoot()
        kernel = rng.uniform(shape: [classes, features], low: -a, high: a)
        kernel.requiresGrad = true
    }

    public var parameters: [NamedTensor] { [NamedTensor("kernel", kernel)] }

    /// h [N, F] + y [N, K] kernel.
    public func add(to h: Tensor, labels y: Tensor?) -> Tensor {
        // the tools always pass them
        guard let y else { preconditionFailure("a conditional generator needs class vectors") }
        return Engine.add(h, matmul(y, kernel))
    }
}

/// The projection critic of Miyato and Koyama (2018): score(x, y) = head(phi(x)) + <E y, phi(x)>,
/// with phi the critic's last features and E [K, F] a learned class embedding, zero at the start (the
/// critic starts as an unconditional one). The penalty's interpolates keep their labels, so its
/// gradient in x includes the projection term.
public final class LabelProjection: Module {
    public let kernel: Tensor

    public init(classes: Int, features: Int) {
        kernel = Tensor(shape: [classes, features], zeroed: true)
        kernel.requiresGrad = true
    }

    public var parameters: [NamedTensor] { [NamedTensor("kernel", kernel)] }

    /// score [N, 1] + rowwise <y kernel, features>.
    public func add(to score: Tensor, features f: Tensor, labels y: Tensor?) -> Tensor {
        guard let y else { preconditionFailure("a conditional critic needs class vectors") }
        let n = f.shape[0]
        return Engine.add(score, reshape(sumRows(mul(f, matmul(y, kernel))), [n, 1]))
    }
}

extension ImageSpec {
    /// The generator's class (or code) input for a first layer of `features` outputs, when it has one.
    func labelInput(features: Int, rng: inout RandomGenerator) -> LabelInput? {
        generatorInputs > 0 ? LabelInput(classes: generatorInputs, features: features, rng: &rng) : nil
    }

    /// The critic's projection for features of size `features`, when conditional.
    func projection(features: Int) -> LabelProjection? {
        isConditional ? LabelProjection(classes: classes, features: features) : nil
    }
}

/// Children with the optional class layer last, under its own name.
func withLabels(_ children: [(String, Module)], _ name: String, _ layer: Module?) -> [(String, Module)] {
    children + (layer.map { [(name, $0)] } ?? [])
}
