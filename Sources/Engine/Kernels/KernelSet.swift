import Foundation

/// The kernels a process computes with, as a checkpoint records them: the same set gives the same
/// bytes; another set rounds differently in the last bits.
public struct KernelSet: Equatable, Sendable, CustomStringConvertible {
    /// `WGAN_SGEMM`'s value: "openblas" or "onednn".
    public var sgemm: String
    /// `WGAN_CONV`'s value: "ours" or "onednn".
    public var conv: String
    /// What decides the rounding within them: OpenBLAS's kernel family, oneDNN's version and ISA.
    public var detail: String

    public init(sgemm: String, conv: String, detail: String) {
        (self.sgemm, self.conv, self.detail) = (sgemm, conv, detail)
    }

    /// The kernels of this process.
    public static var current: KernelSet {
        KernelSet(
            sgemm: BLAS.backend == .oneDNN ? "onednn" : "openblas",
            conv: OneDNNConv.enabledByDefault ? "onednn" : "ours",
            detail: "OpenBLAS \(BLAS.coreName), \(BLAS.oneDNNName) \(BLAS.oneDNNISA)")
    }

    /// "sgemm=onednn conv=onednn (OpenBLAS Cooperlake, oneDNN 2.6.3 avx512_core_bf16)".
    public var description: String { "sgemm=\(sgemm) conv=\(conv) (\(detail))" }

    /// Whether `other` computes the same bytes: the same choices, and the same kernel family of each
    /// library they use (OpenBLAS's for its sgemm, oneDNN's version and ISA for its sgemm or convolutions).
    public func roundsLike(_ other: KernelSet) -> Bool {
        guard sgemm == other.sgemm, conv == other.conv else { return false }
        let mine = detail.components(separatedBy: ", "), theirs = other.detail.components(separatedBy: ", ")
        guard mine.count == 2, theirs.count == 2 else { return detail == other.detail }
        let openBLASUsed = sgemm == "openblas", oneDNNUsed = sgemm == "onednn" || conv == "onednn"
        return (!openBLASUsed || mine[0] == theirs[0]) && (!oneDNNUsed || mine[1] == theirs[1])
    }

    /// Reads `description` back; nil for text of another form.
    public init?(recorded text: String) {
        let head = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard head.count == 3, head[0].hasPrefix("sgemm="), head[1].hasPrefix("conv="), head[2].hasPrefix("("),
            head[2].hasSuffix(")")
        else { return nil }
        let sgemm = String(head[0].dropFirst(6)), conv = String(head[1].dropFirst(5))
        guard ["openblas", "onednn"].contains(sgemm), ["ours", "onednn"].contains(conv) else { return nil }
        self.init(sgemm: sgemm, conv: conv, detail: String(head[2].dropFirst().dropLast()))
    }
}
