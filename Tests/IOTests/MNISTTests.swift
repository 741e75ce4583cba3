import Engine
import Foundation
import IO
import XCTest

final class MNISTTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Fed in pieces of every size across block boundaries: the same digest.
        let bytes = (0..<1000).map { UInt8($0 % 251) }
        var s = SHA256()
        var i = 0, step = 1
        while i < bytes.count {
            let j = min(bytes.count, i + step); s.update(Array(bytes[i..<j])); i = j; step = step % 97 + 13
        }
        XCTAssertEqual(s.finalize().map { String(format: "%02x", $0) }.joined(), SHA256.hex(bytes))
    }

    func testBundledMNISTIsTheRealDataSet() throws {
        let m = try MNIST.load(from: Fixtures.mnist)
        XCTAssertEqual(m.train.count, 60_000)
        XCTAssertEqual(m.test.count, 10_000)
        func counts(_ s: MNISTSplit) -> [Int] { (0..<10).map { d in s.labels.filter { $0 == d }.count } }
        // The label counts and pixel statistics that Data/mnist/README.md gives for the real set.
        XCTAssertEqual(counts(m.train), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(counts(m.test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        let mean = m.train.images.reduce(0.0) { $0 + Double($1) } / Double(m.train.images.count) / 255
        XCTAssertEqual(mean, 0.13066, accuracy: 5e-5)
        let b = m.test.batch([0, 1], scale: .symmetric)
        XCTAssertEqual(b.shape, [2, 28, 28, 1])
        XCTAssertEqual(b.values.min(), -1)
        XCTAssertEqual(b.values.max(), 1)
        XCTAssertEqual(m.test.batch([0], scale: .unit).values.max(), 1)
    }

    /// A copy of the bundled folder in which `damage` changes one thing.
    func damagedCopy(_ name: String = #function, _ damage: (String) throws -> Void) throws -> String {
        let dir = try Fixtures.scratch(name)
        for f in try FileManager.default.contentsOfDirectory(atPath: Fixtures.mnist) {
            try FileManager.default.copyItem(atPath: "\(Fixtures.mnist)/\(f)", toPath: "\(dir)/\(f)")
        }
        try damage(dir)
        return dir
    }

    func assertLoadFails(_ dir: String, mentioning words: [String], file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertThrowsError(try MNIST.load(from: dir), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), "not one line: \(text)", file: file, line: line)
            for w in words {
                XCTAssertTrue(text.contains(w), "'\(text)' does not mention \(w)", file: file, line: line)
            }
        }
    }

    func testMissingTruncatedForeignAndTamperedFilesAreNamed() throws {
        let labels = "t10k-labels.idx1-ubyte.gz"
        assertLoadFails(
            try damagedCopy { try FileManager.default.removeItem(atPath: "\($0)/\(labels)") },
            mentioning: [labels, "missing"])
        assertLoadFails(
            try damagedCopy { d in
                let data = FileManager.default.contents(atPath: "\(d)/\(labels)")!
                try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: "\(d)/\(labels)"))
            }, mentioning: [labels, "truncated"])
        assertLoadFails(
            try damagedCopy { d in
                try Data("hello, not gzip".utf8).write(to: URL(fileURLWithPath: "\(d)/\(labels)"))
            }, mentioning: [labels, "gzip"])
        assertLoadFails(
            try damagedCopy { d in
                try Data().write(to: URL(fileURLWithPath: "\(d)/\(labels)"))
            }, mentioning: [labels, "empty"])
        assertLoadFails(
            try damagedCopy { d in
                var text = try String(contentsOfFile: "\(d)/SHA256SUMS", encoding: .utf8)
                text = text.replacingOccurrences(of: "ff7bcfd4", with: "00000000")
                try text.write(toFile: "\(d)/SHA256SUMS", atomically: true, encoding: .utf8)
            }, mentioning: [labels, "SHA-256"])
        assertLoadFails(
            try damagedCopy { try FileManager.default.removeItem(atPath: "\($0)/SHA256SUMS") },
            mentioning: ["SHA256SUMS"])
    }
}
