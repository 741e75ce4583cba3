import Engine
import IO

/// What a run trains on.
public enum DatasetKind: String, CaseIterable, Sendable {
    /// MNIST digits, one channel.
    case mnist
    /// Three MNIST digits drawn independently, stacked as the red, green and blue channels
    /// (Metz et al. 2017, VEEGAN, PacGAN): 1,000 modes, the usual test of mode dropping.
    case stackedMNIST = "stacked-mnist"

    public var channels: Int { self == .mnist ? 1 : 3 }
    /// Modes of the data distribution: the 10 digits, or the 1,000 ordered triples.
    public var modes: Int { self == .mnist ? 10 : 1000 }
}

extension MNISTSplit {
    /// Images of the stacked form: image i has channel c = MNIST image `indices[c][i]`,
    /// [n, 28, 28, channels] scaled like `batch`.
    public func stackedBatch(_ indices: [[Int]], scale: Scale = .symmetric) -> Tensor {
        let channels = indices.count, n = indices[0].count
        let t = Tensor(shape: [n, 28, 28, channels], zeroed: false)
        let (mul, add): (Float, Float) = scale == .symmetric ? (2 / 255, -1) : (1 / 255, 0)
        images.withUnsafeBufferPointer { src in
            for c in 0..<channels {
                for (row, i) in indices[c].enumerated() {
                    let s = src.baseAddress! + i * Self.pixels, d = t.pointer + row * Self.pixels * channels + c
                    for j in 0..<Self.pixels { d[j * channels] = Float(s[j]) * mul + add }
                }
            }
        }
        return t
    }
}

/// One-hot class vectors [n, classes] of `labels`.
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    let t = Tensor(shape: [labels.count, classes], zeroed: true)
    for (i, l) in labels.enumerated() { t.pointer[i * classes + l] = 1 }
    return t
}
