import IO
import XCTest

/// Chart axes: round ticks and labels that are never in exponent form.
final class AxisTests: XCTestCase {
    func testTicksAreRoundNumbers() {
        XCTAssertEqual(Axis(0, 16_428).ticks, [0, 5_000, 10_000, 15_000])
        XCTAssertEqual(Axis(0, 16_428).labels, ["0", "5k", "10k", "15k"])
        XCTAssertEqual(Axis(0, 8_071).labels, ["0", "2,000", "4,000", "6,000", "8,000"])
        XCTAssertEqual(Axis(-0.03, 1.03).labels, ["0", "0.5", "1.0"])
        XCTAssertEqual(Axis(-0.03, 0.83).labels, ["0", "0.2", "0.4", "0.6", "0.8"])
        XCTAssertEqual(Axis(0.0012, 0.0031).labels, ["0.0015", "0.0020", "0.0025", "0.0030"])
        XCTAssertEqual(Axis(-12.5, 3).labels, ["-10", "-5", "0"])
        XCTAssertEqual(Axis(7_850, 8_100).labels, ["7,850", "7,900", "7,950", "8,000", "8,050", "8,100"])
        XCTAssertEqual(Axis(0, 250_000).labels, ["0", "50k", "100k", "150k", "200k", "250k"])
    }

    func testEveryLabelOfManyRangesIsPlain() {
        for (lo, hi) in [(0.0, 1e6), (3.0, 9.7), (1e-5, 3e-4), (-2e4, 2e4), (0.5, 0.5000001), (100.0, 101.0)] {
            let a = Axis(lo, hi)
            XCTAssertFalse(a.ticks.isEmpty, "\(lo)...\(hi)")
            for label in a.labels {
                XCTAssertNil(label.range(of: "[eE]", options: .regularExpression), "\(lo)...\(hi): \(label)")
            }
            XCTAssertEqual(Set(a.labels).count, a.labels.count, "distinct labels for \(lo)...\(hi): \(a.labels)")
        }
    }
}
