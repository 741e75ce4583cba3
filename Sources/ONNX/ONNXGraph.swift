import Engine
import Foundation
import SwiftProtobuf

/// Builds an ONNX graph one node at a time: weights become initializers (raw little-endian float32),
/// each op a node whose output name is returned, so that a network's export reads like its forward pass.
public struct ONNXGraph {
    /// The opset the nodes are written for (ONNX 1.16 and later, ONNX Runtime 1.17 and later).
    public static let opset: Int64 = 21
    /// The IR version of that opset.
    public static let irVersion: Int64 = 10

    var graph = Onnx_GraphProto()
    private var counter = 0

    public init(name: String) { graph.name = name }

    /// A fresh value name with a readable stem.
    mutating func name(_ stem: String) -> String {
        counter += 1
        return "\(stem)_\(counter)"
    }

    /// A float32 initializer of `shape` holding `values`.
    public mutating func constant(_ stem: String, _ values: [Float], shape: [Int]) -> String {
        precondition(values.count == shape.reduce(1, *), "initializer \(stem): \(values.count) values for \(shape)")
        var t = Onnx_TensorProto()
        t.name = name(stem)
        t.dims = shape.map(Int64.init)
        t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        t.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
        graph.initializer.append(t)
        return t.name
    }

    /// An int64 initializer (shapes, axes, slice bounds).
    public mutating func constant(_ stem: String, int64 values: [Int64]) -> String {
        var t = Onnx_TensorProto()
        t.name = name(stem)
        t.dims = [Int64(values.count)]
        t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        t.int64Data = values
        graph.initializer.append(t)
        return t.name
    }

    /// The values of `tensor` as an initializer of its own shape (or `shape`).
    public mutating func constant(_ stem: String, _ tensor: Tensor, shape: [Int]? = nil) -> String {
        constant(
            stem, Array(UnsafeBufferPointer(start: tensor.pointer, count: tensor.count)), shape: shape ?? tensor.shape)
    }

    /// One node of `op` on `inputs`; its single output's name.
    @discardableResult
    public mutating func node(_ op: String, _ inputs: [String], _ attributes: [Onnx_AttributeProto] = []) -> String {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = name(op)
        n.input = inputs
        n.output = [name(op.lowercased())]
        n.attribute = attributes
        graph.node.append(n)
        return n.output[0]
    }

    /// A graph input or output: a tensor of `type` with a symbolic batch axis "N" first.
    public mutating func input(_ name: String, _ type: Onnx_TensorProto.DataType, _ shape: [Int]) {
        graph.input.append(Self.valueInfo(name, type, shape))
    }

    /// Names `value` as the graph output `name` (an Identity node).
    public mutating func output(_ value: String, as name: String, _ type: Onnx_TensorProto.DataType, _ shape: [Int]) {
        var n = Onnx_NodeProto()
        (n.opType, n.name, n.input, n.output) = ("Identity", name, [value], [name])
        graph.node.append(n)
        graph.output.append(Self.valueInfo(name, type, shape))
    }

    static func valueInfo(_ name: String, _ type: Onnx_TensorProto.DataType, _ shape: [Int]) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        var t = Onnx_TypeProto.Tensor()
        t.elemType = Int32(type.rawValue)
        var s = Onnx_TensorShapeProto()
        s.dim =
            [batchDimension]
            + shape.map { d in
                var dim = Onnx_TensorShapeProto.Dimension()
                dim.dimValue = Int64(d)
                return dim
            }
        t.shape = s
        v.type.tensorType = t
        return v
    }

    static var batchDimension: Onnx_TensorShapeProto.Dimension {
        var d = Onnx_TensorShapeProto.Dimension()
        d.dimParam = "N"
        return d
    }

    /// The model around the graph: IR version, opset, producer, a doc string and metadata.
    public func model(doc: String, metadata: [(String, String)]) -> Onnx_ModelProto {
        var m = Onnx_ModelProto()
        m.irVersion = Self.irVersion
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Self.opset
        m.opsetImport = [opset]
        m.producerName = "wgan-swift"
        m.producerVersion = "1"
        m.docString = doc
        m.graph = graph
        m.metadataProps = metadata.map { key, value in
            var e = Onnx_StringStringEntryProto()
            (e.key, e.value) = (key, value)
            return e
        }
        return m
    }
}

/// Attribute constructors for the ops the exporters use.
public enum Attribute {
    public static func float(_ name: String, _ v: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        (a.name, a.type, a.f) = (name, .float, v)
        return a
    }

    public static func int(_ name: String, _ v: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        (a.name, a.type, a.i) = (name, .int, Int64(v))
        return a
    }

    public static func ints(_ name: String, _ v: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        (a.name, a.type, a.ints) = (name, .ints, v.map(Int64.init))
        return a
    }

    public static func string(_ name: String, _ v: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        (a.name, a.type, a.s) = (name, .string, Data(v.utf8))
        return a
    }
}
