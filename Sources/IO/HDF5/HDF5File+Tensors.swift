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

    /// Reads `tensors` from `/group/` in place, checking presence, element type and shape of each, and
    /// that every value is finite and, when `bound` is given, within [-bound, bound] (a weight no
    /// training reaches is a damaged or doctored file, and would only give black or NaN images).
    public func read(_ tensors: [NamedTensor], under group: String, bound: Float? = nil) throws {
        for t in tensors {
            let item = Self.item(group, t.name)
            try read(item, into: t.tensor.pointer, expected: t.tensor.shape)
            let p = t.tensor.pointer, limit = bound ?? .greatestFiniteMagnitude
            for i in 0..<t.tensor.count where !(abs(p[i]) <= limit) {
                let what =
                    p[i].isFinite ? "the value \(p[i]), outside [-\(limit), \(limit)]" : "a non-finite value (\(p[i]))"
                throw IOError(path, "\(item) holds \(what) at element \(i): not a trained model")
            }
        }
    }

    /// The bound on trained weights and batch-norm statistics: Adam and RMSProp move a weight by about
    /// the learning rate a step, so no run of this project comes near it.
    public static let weightBound: Float = 1e6

    /// The bound on optimizer moments (Adam's m and v, RMSProp's mean square): v averages squared
    /// gradients, so 1e12 stands for gradients of 1e6, far beyond the O(1-100) of these losses.
    public static let optimizerStateBound: Float = 1e12
}
