import Foundation

extension LinePlot {
    /// The panels of `render` as one inline SVG element: the same series, the same round ticks
    /// (`Axis`), in vector form that scales to the page (a viewBox, width 100%) and prints sharply.
    public static func svg(
        _ panels: [Panel], xs: [Double], xLabel: String, width: Int = 720, panelHeight: Int = 200, title: String = ""
    ) -> String {
        let margin = (left: 56.0, right: 12.0, top: 26.0, bottom: 30.0)
        let height = panelHeight * panels.count + 14
        let allX = xs + panels.flatMap { $0.series.compactMap(\.xs).joined() }
        let (x0, x1) = (allX.min() ?? 0, max(allX.max() ?? 1, (allX.min() ?? 0) + 1))
        let xAxis = Axis(x0, x1)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\""
            + " font-family=\"sans-serif\" font-size=\"11\">"
        if !title.isEmpty { out += "<title>\(escaped(title))</title>" }
        for (p, panel) in panels.enumerated() {
            let top = Double(p * panelHeight) + margin.top, bottom = Double((p + 1) * panelHeight) - margin.bottom
            let left = margin.left, right = Double(width) - margin.right
            let (lo, hi) = panel.valueRange
            func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (right - left) }
            func py(_ y: Double) -> Double { bottom - (y - lo) / (hi - lo) * (bottom - top) }
            let yAxis = Axis(lo, hi)
            out += "<g>"
            for t in yAxis.ticks {
                out += line(left, py(t), right, py(t), "#e1e1e1")
                out += text(yAxis.label(t), left - 6, py(t) + 4, anchor: "end", color: "#505050")
            }
            for t in xAxis.ticks where t >= x0 {
                out += line(px(t), top, px(t), bottom, "#ebebeb")
                out += text(xAxis.label(t), px(t), bottom + 14, anchor: "middle", color: "#505050")
            }
            if lo < 0 && hi > 0 { out += line(left, py(0), right, py(0), "#969696") }
            out += line(left, top, left, bottom, "#000") + line(left, bottom, right, bottom, "#000")
            out += text(panel.title, left, top - 10, anchor: "start", color: "#000", bold: true)
            for s in panel.series {
                guard let band = s.band else { continue }
                let points = zip(s.xs ?? xs, zip(band.low, band.high)).filter { $0.1.0.isFinite && $0.1.1.isFinite }
                guard points.count > 1 else { continue }
                let upper = points.map { "\(f(px($0.0))),\(f(py($0.1.1)))" }
                let lower = points.reversed().map { "\(f(px($0.0))),\(f(py($0.1.0)))" }
                out +=
                    "<polygon fill=\"\(hex(s.tint))\" stroke=\"none\" points=\"\((upper + lower).joined(separator: " "))\"/>"
            }
            var legendX = right
            for s in panel.series.reversed() {
                let color = hex(s.color)
                legendX -= Double(s.name.count) * 6.2 + 18
                out += "<rect x=\"\(f(legendX))\" y=\"\(f(top - 17))\" width=\"10\" height=\"4\" fill=\"\(color)\"/>"
                out += text(s.name, legendX + 13, top - 12, anchor: "start", color: "#000")
                // a polyline per finite stretch
                var runs: [[String]] = [[]]
                for (x, y) in zip(s.xs ?? xs, s.values) {
                    if y.isFinite { runs[runs.count - 1].append("\(f(px(x))),\(f(py(y)))") } else { runs.append([]) }
                }
                for r in runs where !r.isEmpty {
                    out +=
                        "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(r.joined(separator: " "))\"/>"
                }
            }
            if p == panels.count - 1 {
                out += text(xLabel, (left + right) / 2, bottom + 28, anchor: "middle", color: "#000")
            }
            out += "</g>"
        }
        return out + "</svg>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func hex(_ c: [UInt8]) -> String { String(format: "#%02x%02x%02x", c[0], c[1], c[2]) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"1\"/>"
    }

    static func text(_ s: String, _ x: Double, _ y: Double, anchor: String, color: String, bold: Bool = false)
        -> String
    {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" fill=\"\(color)\"\(bold ? " font-weight=\"bold\"" : "")>\(escaped(s))</text>"
    }

    /// Text for HTML and SVG: & < > " escaped.
    public static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
