import Engine
import Foundation

/// A folder of 28x28 PNG digits, as `wgan-sample` writes them and `wgan-evaluate --images` reads them.
public enum PNGFolder {
    /// Every *.png of `dir` (sorted by name), each 28x28, 8-bit, all grayscale or all RGB without
    /// alpha, as [N, 28, 28, C] in [0, 1].
    public static func read(_ dir: String, maxCount: Int) throws -> Tensor {
        let names = try pngNames(dir)
        guard names.count <= maxCount else {
            throw IOError(dir, "holds \(names.count) PNGs, more than the \(maxCount) this tool scores at once")
        }
        guard !names.isEmpty else { throw IOError(dir, "holds no PNG images") }
        return try read(files: names.map { dir + "/" + $0 })
    }

    /// The *.png files of `dir` (not folders, not hidden), sorted by name.
    public static func pngNames(_ dir: String) throws -> [String] {
        guard FileSystem.isDirectory(dir) else { throw IOError(dir, "no such folder") }
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".png") && !FileSystem.isDirectory(dir + "/" + $0)
        }.sorted()
    }

    /// The PNG files `files`, each 28x28, 8-bit, all grayscale or all RGB without alpha, as
    /// [N, 28, 28, C] in [0, 1]; a file that is not such a digit is one error naming it.
    public static func read(files: [String]) throws -> Tensor {
        var pixels: [Float] = []
        var channels: Int?
        for path in files {
            let info = try PNG.info(path)
            guard info.width == 28, info.height == 28 else {
                throw IOError(path, "is \(info.width)x\(info.height), expected a 28x28 digit")
            }
            guard !info.hasAlpha, !info.isSixteenBit else {
                throw IOError(
                    path, "is \(info.hasAlpha ? "an image with alpha" : "16-bit"), expected 8-bit grayscale or RGB")
            }
            let c = info.isColor ? 3 : 1
            if let channels, channels != c {
                throw IOError(
                    path, "is \(c == 3 ? "RGB" : "grayscale") while the first images are not: a folder holds one kind")
            }
            channels = c
            let image = try PNG.read(path, channels: c)
            pixels += image.pixels.map { Float($0) / 255 }
        }
        let c = channels ?? 1
        return Tensor(
            shape: [pixels.count / (MNISTSplit.pixels * c), MNISTSplit.side, MNISTSplit.side, c], values: pixels)
    }
}
