import Foundation

/// An axis of about five ticks at round numbers (1, 2 or 5 times a power of ten) and their labels,
/// for the PNG and the SVG charts alike. Labels carry the decimals the step needs and no more, and
/// an axis reaching 10,000 counts in thousands ("15k"), so no label is ever in exponent form.
public struct Axis: Equatable, Sendable {
    public let ticks: [Double]
    public let step: Double

    public init(_ lo: Double, _ hi: Double, count: Int = 5) {
        let raw = max((hi - lo) / Double(count), 1e-12)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw * (1 - 1e-9) } ?? raw
        var ticks: [Double] = []
        var k = ceil(lo / step - 1e-9)
        while k * step <= hi + step * 1e-9 {
            ticks.append(abs(k) < 1e-9 ? 0 : k * step)
            k += 1
        }
        (self.ticks, self.step) = (ticks, step)
    }

    /// Whether labels count in thousands.
    var inThousands: Bool { (ticks.map(abs).max() ?? 0) >= 10_000 && step >= 1_000 }

    /// The label of tick `v`: "0", "0.25", "800", "5,000", "15k".
    public func label(_ v: Double) -> String {
        if abs(v) < step * 1e-9 { return "0" }
        let (value, unit, step) = inThousands ? (v / 1000, "k", self.step / 1000) : (v, "", self.step)
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        var text = String(format: "%.\(decimals)f", abs(value) < step * 1e-9 ? 0 : value)
        if decimals == 0 && abs(value) >= 1000 {
            // thousands separators
            let digits = Array(text.replacingOccurrences(of: "-", with: ""))
            var grouped = ""
            for (i, d) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(d)
            }
            text = (value < 0 ? "-" : "") + grouped
        }
        return text + unit
    }

    public var labels: [String] { ticks.map(label) }
}
