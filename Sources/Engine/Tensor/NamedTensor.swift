/// A tensor under its dotted path ("conv1.kernel"), the name it has everywhere: in memory,
/// in checkpoints and in error messages.
public struct NamedTensor {
    public var name: String
    public var tensor: Tensor
    public init(_ name: String, _ tensor: Tensor) { (self.name, self.tensor) = (name, tensor) }
}
