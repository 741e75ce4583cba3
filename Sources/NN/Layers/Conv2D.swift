import Engine

/// 2-D convolution on NHWC images with an HWIO kernel [KH, KW, C, OC].
public final class Conv2D: Module {
    public let kernel: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: ConvPadding

    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize k: Int, stride: Int = 1,
        padding: ConvPadding = .same, bias: Bool = true, rng: inout RandomGenerator
    ) {
        kernel = glorotUniform(
            [k, k, inChannels, outChannels], fanIn: k * k * inChannels,
            fanOut: k * k * outChannels, rng: &rng)
        self.bias = bias ? Tensor(shape: [outChannels], zeroed: true) : nil
        self.stride = stride
        self.padding = padding
        kernel.requiresGrad = true
        self.bias?.requiresGrad = true
    }

    public var parameters: [NamedTensor] {
        [NamedTensor("kernel", kernel)] + (bias.map { [NamedTensor("bias", $0)] } ?? [])
    }

    /// self(upsample2x(x)) for a 3x3, stride-1, same-padded kernel, in 16/36 of the multiply-adds
    /// (`upsampleConv3x3`).
    /// With `inference` and no gradient recording (sampling), the transposed form: one wide sgemm and
    /// a scatter (`upsampleConv3x3Scatter`); otherwise the differentiable parity form.
    public func upsampled(_ x: Tensor, inference: Bool = false) -> Tensor {
        precondition(
            kernel.shape[0] == 3 && kernel.shape[1] == 3 && stride == 1 && padding == .same,
            "upsampled needs a 3x3 stride-1 same convolution")
        let y = inference && !GradMode.isEnabled ? upsampleConv3x3Scatter(x, kernel) : upsampleConv3x3(x, kernel)
        return bias.map { addBias(y, $0) } ?? y
    }

    /// With `inference` and no gradient recording (sampling), `conv2dInference`.
    public func callAsFunction(_ x: Tensor, inference: Bool = false) -> Tensor {
        let y = convolved(x, inference)
        return bias.map { addBias(y, $0) } ?? y
    }

    /// leakyRelu(self(x), slope), the bias and the activation in one pass (`biasLeakyRelu`).
    public func callAsFunction(_ x: Tensor, leakySlope slope: Float, inference: Bool = false) -> Tensor {
        let y = convolved(x, inference)
        return bias.map { biasLeakyRelu(y, $0, slope: slope) } ?? leakyRelu(y, slope: slope)
    }

    private func convolved(_ x: Tensor, _ inference: Bool) -> Tensor {
        inference
            ? conv2dInference(x, kernel, stride: stride, padding: padding)
            : conv2d(x, kernel, stride: stride, padding: padding)
    }
}
