import Foundation

/// Line charts rendered straight into RGB pixels: one panel per group of series, a shared x axis,
/// tick labels and a legend in the 5x7 font.
public struct LinePlot {
    public struct Series {
        public var name: String
        public var values: [Double]
        public var color: [UInt8]
        /// The series' own x values (nil: the chart's).
        public var xs: [Double]?
        /// An interval around each value, drawn as a light band.
        public var band: (low: [Double], high: [Double])?
        public init(
            _ name: String, _ values: [Double], color: [UInt8], xs: [Double]? = nil,
            band: (low: [Double], high: [Double])? = nil
        ) {
            (self.name, self.values, self.color, self.xs, self.band) = (name, values, color, xs, band)
        }

        /// The colour mixed with white, for bands.
        public var tint: [UInt8] { color.map { UInt8((Int($0) + 3 * 255) / 4) } }
    }

    /// More colours for charts with several runs.
    public static let palette: [[UInt8]] = [
        blue, orange, green, red, [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127],
    ]

    public struct Panel {
        public var title: String
        public var series: [Series]
        public init(_ title: String, _ series: [Series]) { (self.title, self.series) = (title, series) }

        /// The y range drawn: every finite value and band edge, 5% of room above and below.
        var valueRange: (lo: Double, hi: Double) {
            let finite = series.flatMap { $0.values + ($0.band.map { $0.low + $0.high } ?? []) }.filter(\.isFinite)
            var (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)
            if hi - lo < 1e-9 { (lo, hi) = (lo - 1, hi + 1) }
            let pad = (hi - lo) * 0.05
            return (lo - pad, hi + pad)
        }
    }

    public static let blue: [UInt8] = [31, 119, 180], orange: [UInt8] = [255, 127, 14], green: [UInt8] = [44, 160, 44],
        red: [UInt8] = [214, 39, 40]

    /// Renders `panels` stacked, against x = `xs`.
    public static func render(_ panels: [Panel], xs: [Double], xLabel: String, width: Int = 900, panelHeight: Int = 260)
        -> Image
    {
        let margin = (left: 70, right: 20, top: 24, bottom: 34)
        var img = Image(width: width, height: panelHeight * panels.count, channels: 3, fill: 255)
        let allX = xs + panels.flatMap { $0.series.compactMap(\.xs).joined() }
        let (x0, x1) = (allX.min() ?? 0, max(allX.max() ?? 1, (allX.min() ?? 0) + 1))
        for (p, panel) in panels.enumerated() {
            let top = p * panelHeight + margin.top, bottom = (p + 1) * panelHeight - margin.bottom
            let left = margin.left, right = width - margin.right
            let (lo, hi) = panel.valueRange
            func px(_ x: Double) -> Int { left + Int((x - x0) / (x1 - x0) * Double(right - left)) }
            func py(_ y: Double) -> Int { bottom - Int((y - lo) / (hi - lo) * Double(bottom - top)) }
            // Grid and ticks.
            let yAxis = Axis(lo, hi), xAxis = Axis(x0, x1)
            for t in yAxis.ticks {
                img.fill(x: left, y: py(t), width: right - left, height: 1, color: [225, 225, 225])
                let label = yAxis.label(t)
                img.draw(text: label, x: left - 6 - Image.textWidth(label), y: py(t) - 3, color: [80, 80, 80])
            }
            for t in xAxis.ticks where t >= x0 {
                img.fill(x: px(t), y: top, width: 1, height: bottom - top, color: [235, 235, 235])
                let label = xAxis.label(t)
                img.draw(text: label, x: px(t) - Image.textWidth(label) / 2, y: bottom + 6, color: [80, 80, 80])
            }
            if lo < 0 && hi > 0 { img.fill(x: left, y: py(0), width: right - left, height: 1, color: [150, 150, 150]) }
            img.fill(x: left, y: top, width: 1, height: bottom - top, color: [0, 0, 0])
            img.fill(x: left, y: bottom, width: right - left, height: 1, color: [0, 0, 0])
            img.draw(text: panel.title, x: left, y: top - 16, color: [0, 0, 0])
            for s in panel.series {
                guard let band = s.band else { continue }
                let points = zip(s.xs ?? xs, zip(band.low, band.high)).filter { $0.1.0.isFinite && $0.1.1.isFinite }
                for (a, b) in zip(points, points.dropFirst()) {
                    let (xa, xb) = (px(a.0), px(b.0))
                    for x in xa...max(xa, xb) {
                        let t = xb == xa ? 0 : Double(x - xa) / Double(xb - xa)
                        let lo = py(a.1.0 + t * (b.1.0 - a.1.0)), hi = py(a.1.1 + t * (b.1.1 - a.1.1))
                        img.fill(x: x, y: min(lo, hi), width: 1, height: abs(lo - hi) + 1, color: s.tint)
                    }
                }
            }
            var legendX = right
            for s in panel.series.reversed() {
                legendX -= Image.textWidth(s.name) + 18
                img.fill(x: legendX, y: top - 14, width: 10, height: 5, color: s.color)
                img.draw(text: s.name, x: legendX + 13, y: top - 16, color: [0, 0, 0])
                var last: (Int, Int)?
                for (x, y) in zip(s.xs ?? xs, s.values) where y.isFinite {
                    let point = (px(x), py(y))
                    if let l = last { img.line(from: l, to: point, color: s.color) }
                    last = point
                }
            }
            if p == panels.count - 1 {
                img.draw(
                    text: xLabel, x: (left + right) / 2 - Image.textWidth(xLabel) / 2, y: bottom + 18, color: [0, 0, 0])
            }
        }
        return img
    }
}

extension Image {
    /// A straight line (Bresenham).
    mutating func line(from a: (Int, Int), to b: (Int, Int), color: [UInt8]) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y), sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        while true {
            fill(x: x, y: y, width: 1, height: 1, color: color)
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
