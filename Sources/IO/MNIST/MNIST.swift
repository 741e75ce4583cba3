import Engine
import Foundation

/// One split of MNIST: `count` images of 28x28 bytes and their labels.
public struct MNISTSplit: Sendable {
    public let images: [UInt8]
    public let labels: [UInt8]
    public var count: Int { labels.count }
    public static let side = 28, pixels = 784

    public init(images: [UInt8], labels: [UInt8]) {
        self.images = images
        self.labels = labels
    }

    /// How pixel bytes become floats.
    public enum Scale: Sendable {
        /// [-1, 1], the range of the generator's tanh.
        case symmetric
        /// [0, 1], for the classifier.
        case unit
    }

    /// Images `indices` as [n, 28, 28, 1].
    public func batch<C: Collection>(_ indices: C, scale: Scale = .symmetric) -> Tensor where C.Element == Int {
        let t = Tensor(shape: [indices.count, 28, 28, 1], zeroed: false)
        let (mul, add): (Float, Float) = scale == .symmetric ? (2 / 255, -1) : (1 / 255, 0)
        images.withUnsafeBufferPointer { src in
            for (row, i) in indices.enumerated() {
                let s = src.baseAddress! + i * Self.pixels, d = t.pointer + row * Self.pixels
                for j in 0..<Self.pixels { d[j] = Float(s[j]) * mul + add }
            }
        }
        return t
    }

    public func labels<C: Collection>(_ indices: C) -> [Int] where C.Element == Int { indices.map { Int(labels[$0]) } }
}

/// The MNIST training and test sets, read from the four gzip IDX files of a folder and checked
/// against its `SHA256SUMS`.
public struct MNIST: Sendable {
    public let train: MNISTSplit
    public let test: MNISTSplit
    /// The copy the project carries, relative to the repository root.
    public static let defaultDirectory = "Data/mnist"

    static let files = (
        trainImages: "train-images.idx3-ubyte", trainLabels: "train-labels.idx1-ubyte",
        testImages: "t10k-images.idx3-ubyte", testLabels: "t10k-labels.idx1-ubyte"
    )

    public static func load(from directory: String = defaultDirectory) throws -> MNIST {
        let sums = try readSums(directory)
        func split(_ imageName: String, _ labelName: String) throws -> MNISTSplit {
            let images = try readIDX(directory, imageName, sums: sums, magic: 2051)
            let labels = try readIDX(directory, labelName, sums: sums, magic: 2049)
            guard images.count == labels.count else {
                throw IOError(
                    "\(directory)/\(imageName).gz",
                    "holds \(images.count) images but \(labelName).gz has \(labels.count) labels")
            }
            if let bad = labels.payload.firstIndex(where: { $0 > 9 }) {
                throw IOError(
                    "\(directory)/\(labelName).gz", "label \(labels.payload[bad]) at index \(bad) is not a digit")
            }
            return MNISTSplit(images: images.payload, labels: labels.payload)
        }
        return MNIST(
            train: try split(files.trainImages, files.trainLabels), test: try split(files.testImages, files.testLabels))
    }

    /// name -> hex digest, from `SHA256SUMS` ("<hex>  <name>" per line).
    static func readSums(_ directory: String) throws -> [String: String] {
        let path = "\(directory)/SHA256SUMS"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IOError(path, "missing or unreadable: the MNIST folder needs its SHA256SUMS")
        }
        var sums: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2 {
                sums[String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "*"))] = String(parts[0])
                    .lowercased()
            }
        }
        return sums
    }

    struct IDX { var count: Int; var payload: [UInt8] }

    /// Reads `name`.gz, checks its SHA-256, magic number, dimensions and size.
    static func readIDX(_ directory: String, _ name: String, sums: [String: String], magic: UInt32) throws -> IDX {
        let path = "\(directory)/\(name).gz"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IOError(path, "missing or unreadable")
        }
        let bytes = try Gzip.decompress(data, path: path)
        guard let expected = sums[name] else { throw IOError("\(directory)/SHA256SUMS", "has no line for \(name)") }
        let digest = SHA256.hex(bytes)
        guard digest == expected else {
            throw IOError(path, "SHA-256 of the content is \(digest), SHA256SUMS says \(expected)")
        }
        func word(_ i: Int) -> UInt32 { bytes[i..<i + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        guard bytes.count >= 8, word(0) == magic else {
            throw IOError(
                path,
                "not an IDX file of the expected kind (magic \(bytes.count >= 4 ? String(word(0)) : "missing"), expected \(magic))"
            )
        }
        let count = Int(word(4))
        let header = magic == 2051 ? 16 : 8
        if magic == 2051 {
            guard bytes.count >= 16, word(8) == 28, word(12) == 28 else { throw IOError(path, "images are not 28x28") }
        }
        let expectedSize = header + count * (magic == 2051 ? MNISTSplit.pixels : 1)
        guard bytes.count == expectedSize else {
            throw IOError(path, "holds \(bytes.count) bytes, expected \(expectedSize) for \(count) items")
        }
        return IDX(count: count, payload: Array(bytes[header...]))
    }
}

extension MNISTSplit {
    /// The first `n` images and their labels.
    public func prefix(_ n: Int) -> MNISTSplit {
        MNISTSplit(images: Array(images.prefix(n * Self.pixels)), labels: Array(labels.prefix(n)))
    }
}
