import Engine
import Foundation

/// Named tensors in HDF5: each under `/GROUP/` with its dotted name as a path (`conv1.kernel` ->
/// `/generator/conv1/kernel`), the layout of checkpoints, generator and classifier files.
extension HDF5File {
    public static func item(_ group: String, _ name: String) -> String {
        "/\(group)/" + name.replacingOccurrences(of: ".", with: "/")
    }

    public func write(_ item: String, tensor t: Tensor) throws {
        try write(item, UnsafeBufferPointer(start: t.pointer, count: t.count), shape: t.shape)
    }

    /// Writes `tensors` under `/group/`.
    public func write(_ tensors: [NamedTensor], under group: String) throws {
        try makeGroup("/\(group)")
        for t in tensors { try write(Self.item(group, t.name), tensor: t.tensor) }
    }

    /// Reads `tensors` from `/group/` in place, checking presence, element type and shape of each.
    public func read(_ tensors: [NamedTensor], under group: String) throws {
        for t in tensors { try read(Self.item(group, t.name), into: t.tensor.pointer, expected: t.tensor.shape) }
    }
}
