import Engine
import Foundation
import NN
import SwiftProtobuf
import WGAN

/// A generator as an ONNX model. Inputs `z` (float32 [N, latent]) and, for conditional and code models,
/// `label` (int64 [N]: the class or code value); output `image` (float32 [N, C, 28, 28] in [0, 1], the
/// values the PNGs round to bytes). The graph works in NCHW, as ONNX's Conv does: the networks' NHWC
/// reshape becomes a reshape and a transpose, their HWIO kernels OIHW, and batch norm the inference
/// form with the running statistics.
public enum GeneratorONNX {
    /// Why a network cannot be exported.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// The serialized model of `network`. `doc` and `metadata` are stored in the model.
    public static func serialized(_ network: GeneratorNetwork, doc: String, metadata: [(String, String)]) throws -> Data
    {
        var g = ONNXGraph(name: "generator")
        let spec = network.spec
        g.input("z", .float, [network.latentDim])
        if spec.generatorInputs > 0 { g.input("label", .int64, []) }
        var writer = Writer(graph: g)
        let tanh: String
        switch network {
        case let m as MediumGenerator:
            tanh = writer.medium(m)
        case let s as SmallGenerator:
            tanh = writer.small(s)
        case let d as DCGANGenerator:
            tanh = writer.dcgan(d)
        case let m as MLPGenerator:
            tanh = writer.mlp(m)
        default:
            throw Unsupported(description: "no ONNX form for the generator \(type(of: network))")
        }
        // [-1, 1] -> [0, 1]
        let half = writer.graph.constant("half", [0.5], shape: [])
        let shifted = writer.graph.node("Add", [tanh, writer.graph.constant("one", [1], shape: [])])
        let image = writer.graph.node("Mul", [shifted, half])
        writer.graph.output(image, as: "image", .float, [spec.channels, 28, 28])
        return try writer.graph.model(doc: doc, metadata: metadata).serializedData()
    }

    /// The layers of the architectures, each written as the forward pass computes it.
    struct Writer {
        var graph: ONNXGraph
        static let slope: Float = 0.2

        mutating func dense(_ x: String, _ d: Dense) -> String {
            let y = graph.node("MatMul", [x, graph.constant("kernel", d.kernel)])
            return d.bias.map { graph.node("Add", [y, graph.constant("bias", $0)]) } ?? y
        }

        /// + the row of the label layer's kernel for each label (one-hot times kernel).
        mutating func label(_ h: String, _ l: LabelInput?) -> String {
            guard let l else { return h }
            let rows = graph.node(
                "Gather", [graph.constant("label_kernel", l.kernel), "label"], [Attribute.int("axis", 0)])
            return graph.node("Add", [h, rows])
        }

        mutating func batchNorm(_ x: String, _ bn: BatchNorm) -> String {
            graph.node(
                "BatchNormalization",
                [
                    x, graph.constant("gamma", bn.gamma), graph.constant("beta", bn.beta),
                    graph.constant("mean", bn.runningMean), graph.constant("var", bn.runningVar),
                ], [Attribute.float("epsilon", bn.epsilon)])
        }

        mutating func leaky(_ x: String) -> String {
            graph.node("LeakyRelu", [x], [Attribute.float("alpha", Self.slope)])
        }

        /// [N, H W C] (NHWC order) -> [N, C, H, W].
        mutating func nchw(_ x: String, _ h: Int, _ w: Int, _ c: Int) -> String {
            let r = graph.node("Reshape", [x, graph.constant("shape", int64: [-1, Int64(h), Int64(w), Int64(c)])])
            return graph.node("Transpose", [r], [Attribute.ints("perm", [0, 3, 1, 2])])
        }

        /// Nearest-neighbour upsampling by 2: each pixel repeated in a 2x2 block.
        mutating func upsample(_ x: String) -> String {
            graph.node(
                "Resize", [x, "", graph.constant("scales", [1, 1, 2, 2], shape: [4])],
                [
                    Attribute.string("mode", "nearest"),
                    Attribute.string("coordinate_transformation_mode", "asymmetric"),
                    Attribute.string("nearest_mode", "floor"),
                ])
        }

        /// A stride-1, same-padded convolution; the kernel HWIO [KH, KW, C, OC] becomes OIHW.
        mutating func conv(_ x: String, _ c: Conv2D) -> String {
            let s = c.kernel.shape
            let (kh, kw, ci, co) = (s[0], s[1], s[2], s[3])
            var oihw = [Float](repeating: 0, count: c.kernel.count)
            let p = c.kernel.pointer
            for y in 0..<kh {
                for x in 0..<kw {
                    for i in 0..<ci {
                        for o in 0..<co { oihw[((o * ci + i) * kh + y) * kw + x] = p[((y * kw + x) * ci + i) * co + o] }
                    }
                }
            }
            var inputs = [x, graph.constant("conv_kernel", oihw, shape: [co, ci, kh, kw])]
            if let b = c.bias { inputs.append(graph.constant("conv_bias", b)) }
            return graph.node(
                "Conv", inputs,
                [
                    Attribute.ints("kernel_shape", [kh, kw]), Attribute.ints("pads", [kh / 2, kw / 2, kh / 2, kw / 2]),
                    Attribute.ints("strides", [1, 1]),
                ])
        }

        mutating func medium(_ m: MediumGenerator) -> String {
            var x = leaky(batchNorm(label(dense("z", m.dense), m.label), m.bn0))
            x = nchw(x, 7, 7, 128 * m.width)
            x = leaky(batchNorm(conv(upsample(x), m.conv1), m.bn1))
            x = leaky(batchNorm(conv(upsample(x), m.conv2), m.bn2))
            return graph.node("Tanh", [conv(x, m.conv3)])
        }

        mutating func small(_ s: SmallGenerator) -> String {
            var x = leaky(batchNorm(label(dense("z", s.dense), s.label), s.bn0))
            x = nchw(x, 7, 7, 128)
            x = leaky(batchNorm(conv(upsample(x), s.conv1), s.bn1))
            return graph.node("Tanh", [conv(upsample(x), s.conv2)])
        }

        mutating func dcgan(_ d: DCGANGenerator) -> String {
            var x = leaky(batchNorm(label(dense("z", d.dense), d.label), d.bn0))
            x = nchw(x, 4, 4, 256)
            x = leaky(batchNorm(conv(upsample(x), d.conv1), d.bn1))
            x = leaky(batchNorm(conv(upsample(x), d.conv2), d.bn2))
            x = graph.node("Tanh", [batchNorm(conv(upsample(x), d.conv3), d.bn3)])
            // 32 x 32 -> the central 28 x 28
            return graph.node(
                "Slice",
                [
                    x, graph.constant("starts", int64: [2, 2]), graph.constant("ends", int64: [30, 30]),
                    graph.constant("axes", int64: [2, 3]),
                ])
        }

        mutating func mlp(_ m: MLPGenerator) -> String {
            var h = "z"
            for (i, layer) in m.layers.enumerated() {
                h = dense(h, layer)
                if i == 0 { h = label(h, m.label) }
                h = graph.node(i < m.layers.count - 1 ? "Relu" : "Tanh", [h])
            }
            return nchw(h, 28, 28, m.spec.channels)
        }
    }
}
