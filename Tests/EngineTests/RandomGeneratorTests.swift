import Engine
import XCTest

final class RandomGeneratorTests: XCTestCase {
    func testSameSeedSameStreamAndStateRestores() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42)
        XCTAssertEqual((0..<10).map { _ in a.next() }, (0..<10).map { _ in b.next() })
        let saved = a.stateWords
        let expected = (0..<5).map { _ in a.uniform() }
        var restored = RandomGenerator(stateWords: saved)!
        XCTAssertEqual((0..<5).map { _ in restored.uniform() }, expected)
        XCTAssertNil(RandomGenerator(stateWords: [0, 0, 0, 0]))
        XCTAssertNil(RandomGenerator(stateWords: [1, 2]))
        XCTAssertNotEqual(RandomGenerator(seed: 1).stateWords, RandomGenerator(seed: 2).stateWords)
    }

    func testDistributions() {
        var r = RandomGenerator(seed: 7)
        let n = 200_000
        let u = r.uniform(shape: [n])
        XCTAssertTrue(u.values.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Double(u.values.reduce(0, +)) / Double(n), 0.5, accuracy: 0.005)
        let z = r.normal(shape: [n]).values.map(Double.init)
        let mean = z.reduce(0, +) / Double(n)
        let std = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(std, 1, accuracy: 0.01)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[r.below(7)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    }

    func testPermutation() {
        var r = RandomGenerator(seed: 3)
        let p = r.permutation(1000)
        XCTAssertEqual(p.sorted(), Array(0..<1000))
        XCTAssertNotEqual(p, Array(0..<1000))
        XCTAssertEqual(r.permutation(1), [0])
        XCTAssertEqual(r.permutation(0), [])
    }
}
