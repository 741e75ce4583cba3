import Engine

/// y [N, out] = x [N, in] kernel [in, out] + bias [out]
public final class Dense: Module {
    public let kernel: Tensor
    public let bias: Tensor?

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, rng: inout RandomGenerator) {
        kernel = glorotUniform([inputs, outputs], fanIn: inputs, fanOut: outputs, rng: &rng)
        self.bias = bias ? Tensor(shape: [outputs], zeroed: true) : nil
        kernel.requiresGrad = true
        self.bias?.requiresGrad = true
    }

    public var parameters: [NamedTensor] {
        [NamedTensor("kernel", kernel)] + (bias.map { [NamedTensor("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = matmul(x, kernel)
        return bias.map { addBias(y, $0) } ?? y
    }

    /// leakyRelu(self(x), slope), the bias and the activation in one pass (`biasLeakyRelu`).
    public func callAsFunction(_ x: Tensor, leakySlope slope: Float) -> Tensor {
        let y = matmul(x, kernel)
        return bias.map { biasLeakyRelu(y, $0, slope: slope) } ?? leakyRelu(y, slope: slope)
    }
}

/// Glorot (Xavier) uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)), the Keras default.
func glorotUniform(_ shape: [Int], fanIn: Int, fanOut: Int, rng: inout RandomGenerator) -> Tensor {
    let a = (6 / Float(fanIn + fanOut)).squareRoot()
    return rng.uniform(shape: shape, low: -a, high: a)
}
