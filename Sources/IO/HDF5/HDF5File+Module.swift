import Engine
import NN

/// Modules and tensors in HDF5: every parameter and buffer under `/GROUP/` with its dotted name as a
/// path (`conv1.kernel` -> `/generator/conv1/kernel`), the layout of checkpoints, generator and classifier files.
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

    public func writeModule(_ m: Module, under group: String) throws { try write(m.parameters + m.buffers, under: group) }
    public func readModule(_ m: Module, under group: String) throws { try read(m.parameters + m.buffers, under: group) }
}
