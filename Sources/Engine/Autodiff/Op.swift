/// The identity of a recorded op, with what its adjoint needs beyond the op's inputs and output
/// (a scale factor, a convolution's geometry, the indices of a gather). The adjoints themselves are
/// one table, `Op+Adjoints.swift`.
public enum Op {
    // Elementwise (Ops+Elementwise.swift)
    case add, sub, mul, div
    case scale(Float), addScalar(Float)
    case square, sqrt, reciprocal, tanh, exp, sigmoid, softplus
    case leakyRelu(slope: Float)
    /// The gradient of leakyRelu, linear in its first input.
    case leakyReluGrad(slope: Float)
    /// leakyRelu(x + b) in one pass (Ops+Fused.swift); its adjoint reads the sign from the output.
    case biasLeakyRelu(slope: Float)
    // Products (Ops+MatMul.swift, Ops+Conv.swift)
    case matmul(transA: Bool, transB: Bool)
    /// `grouped`: whether the forward pass used tap groups (the layout of `patches`, the im2col it
    /// kept for the weight gradient).
    case conv2d(ConvGeometry, grouped: Bool, patches: Storage?)
    case convInputGrad(ConvGeometry)
    case convWeightGrad(ConvGeometry)
    // Reductions and broadcasts (Ops+Reduce.swift)
    case sum, expand, sumRows, expandRows, sumColumns, expandColumns, addBias, mulColumns
    // Shapes (Ops+Shape.swift)
    case reshape, pad(Padding2D), crop(Padding2D), upsample2x, sumPool2x, concatBatch, sliceBatch(start: Int)
    // The upsampling convolution's pieces (Ops+UpsampleConv.swift)
    case foldKernel(a: Int, b: Int), unfoldKernel(a: Int, b: Int), interleave2x, parityPlane(a: Int, b: Int)
    // Index ops (Ops+Pool.swift)
    case maxPool2x(winners: [Int32]), scatter(index: [Int32]), gather(index: [Int32])
    // Losses (Ops+Loss.swift)
    case softmaxCrossEntropy(probabilities: Tensor, labels: [Int])
    /// The cross-entropy's gradient: an op without an adjoint, so a second derivative of the loss is an error.
    case softmaxCrossEntropyGrad

    /// The op's name without its parameters: what errors print and what the gradient-check test iterates.
    public enum Kind: String, CaseIterable, Sendable {
        case add, sub, mul, div, scale, addScalar, square, sqrt, reciprocal, tanh, exp, sigmoid, softplus, leakyRelu,
            leakyReluGrad, biasLeakyRelu
        case matmul, conv2d, convInputGrad, convWeightGrad
        case sum, expand, sumRows, expandRows, sumColumns, expandColumns, addBias, mulColumns
        case reshape, pad, crop, upsample2x, sumPool2x, concatBatch, sliceBatch
        case foldKernel, unfoldKernel, interleave2x, parityPlane
        case maxPool2x, scatter, gather
        case softmaxCrossEntropy, softmaxCrossEntropyGrad
    }

    public var kind: Kind {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .scale: .scale
        case .addScalar: .addScalar
        case .square: .square
        case .sqrt: .sqrt
        case .reciprocal: .reciprocal
        case .tanh: .tanh
        case .exp: .exp
        case .sigmoid: .sigmoid
        case .softplus: .softplus
        case .leakyRelu: .leakyRelu
        case .leakyReluGrad: .leakyReluGrad
        case .biasLeakyRelu: .biasLeakyRelu
        case .matmul: .matmul
        case .conv2d: .conv2d
        case .convInputGrad: .convInputGrad
        case .convWeightGrad: .convWeightGrad
        case .sum: .sum
        case .expand: .expand
        case .sumRows: .sumRows
        case .expandRows: .expandRows
        case .sumColumns: .sumColumns
        case .expandColumns: .expandColumns
        case .addBias: .addBias
        case .mulColumns: .mulColumns
        case .reshape: .reshape
        case .pad: .pad
        case .crop: .crop
        case .upsample2x: .upsample2x
        case .sumPool2x: .sumPool2x
        case .concatBatch: .concatBatch
        case .sliceBatch: .sliceBatch
        case .foldKernel: .foldKernel
        case .unfoldKernel: .unfoldKernel
        case .interleave2x: .interleave2x
        case .parityPlane: .parityPlane
        case .maxPool2x: .maxPool2x
        case .scatter: .scatter
        case .gather: .gather
        case .softmaxCrossEntropy: .softmaxCrossEntropy
        case .softmaxCrossEntropyGrad: .softmaxCrossEntropyGrad
        }
    }
}
