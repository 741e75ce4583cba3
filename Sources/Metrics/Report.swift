import Foundation
import Engine
import IO

/// The pictures of `wgan-evaluate --report`.
public enum Report {
    /// Bars of each class's share of the samples, with the uniform 10% as a line.
    public static func histogram(_ counts: [Int], title: String) -> Image {
        let (w, h) = (640, 360), (left, right, top, bottom) = (60, 20, 40, 40)
        var img = Image(width: w, height: h, channels: 3, fill: 255)
        let total = Double(max(counts.reduce(0, +), 1))
        let shares = counts.map { Double($0) / total }
        let ceiling = max(0.2, (shares.max() ?? 0) * 1.1)
        func y(_ v: Double) -> Int { h - bottom - Int(v / ceiling * Double(h - top - bottom)) }
        let slot = (w - left - right) / counts.count
        for t in stride(from: 0.0, through: ceiling, by: 0.05) {
            img.fill(x: left, y: y(t), width: w - left - right, height: 1, color: [230, 230, 230])
            img.draw(text: String(format: "%.0f%%", 100 * t), x: left - 34, y: y(t) - 3, color: [80, 80, 80])
        }
        for (c, s) in shares.enumerated() {
            let x = left + c * slot + slot / 6
            img.fill(x: x, y: y(s), width: slot * 2 / 3, height: y(0) - y(s), color: LinePlot.blue)
            img.draw(text: "\(c)", x: x + slot / 3 - 3, y: h - bottom + 8, color: [0, 0, 0])
        }
        img.fill(x: left, y: y(0.1), width: w - left - right, height: 2, color: LinePlot.red)
        img.draw(
            text: "UNIFORM 10%", x: w - right - Image.textWidth("UNIFORM 10%"), y: y(0.1) - 10, color: LinePlot.red)
        img.fill(x: left, y: top, width: 1, height: h - top - bottom, color: [0, 0, 0])
        img.fill(x: left, y: y(0), width: w - left - right, height: 1, color: [0, 0, 0])
        img.draw(text: title, x: left, y: 14, color: [0, 0, 0])
        img.draw(
            text: "PREDICTED CLASS", x: w / 2 - Image.textWidth("PREDICTED CLASS") / 2, y: h - 16, color: [0, 0, 0])
        return img
    }

    /// One row per predicted class: its `perRow - marked` most confident samples, then its `marked`
    /// least confident ones framed in red. Scale 2.
    public static func samplesByClass(_ images: Tensor, _ d: Evaluation.Details, perRow: Int = 12, marked: Int = 4)
        -> Image
    {
        let scale = 2, cell = 28 * scale, border = 4
        let cols = perRow
        var img = Image(
            width: 24 + cols * (cell + border) + border, height: 10 * (cell + border) + border, channels: 3, fill: 255)
        for c in 0..<10 {
            let members = d.predictions.indices.filter { d.predictions[$0] == c }.sorted {
                d.confidences[$0] > d.confidences[$1]
            }
            let picks =
                Array(members.prefix(perRow - marked))
                + Array(members.suffix(min(marked, max(0, members.count - (perRow - marked)))))
            let y0 = border + c * (cell + border)
            img.draw(text: "\(c)", x: 8, y: y0 + cell / 2 - 7, color: [0, 0, 0], scale: 2)
            for (k, i) in picks.enumerated() {
                let x0 = 24 + border + k * (cell + border)
                let isMarked = k >= perRow - marked
                if isMarked { img.fill(x: x0 - 2, y: y0 - 2, width: cell + 4, height: cell + 4, color: LinePlot.red) }
                let p = images.pointer + i * MNISTSplit.pixels
                for yy in 0..<cell {
                    for xx in 0..<cell {
                        let v = UInt8(max(0, min(255, (p[(yy / scale) * 28 + xx / scale] * 255).rounded())))
                        img.fill(x: x0 + xx, y: y0 + yy, width: 1, height: 1, color: [v, v, v])
                    }
                }
            }
        }
        return img
    }
}

extension Report {
    /// Stacked MNIST's 1,000 modes as a 10 x 100 map: row = red digit, column = 10 green + blue; each
    /// cell's shade is its share of the samples against the uniform share (white: empty, a dropped
    /// mode, marked red; dark blue: twice the uniform share or more).
    public static func coverageMap(_ histogram: [Int], title: String) -> Image {
        let cell = 10, left = 40, top = 40, (cols, rows) = (100, 10)
        var img = Image(width: left + cols * cell + 20, height: top + rows * cell + 50, channels: 3, fill: 255)
        let total = Double(max(histogram.reduce(0, +), 1)), uniform = 1 / Double(histogram.count)
        for mode in histogram.indices {
            let (r, c) = (mode / 100, mode % 100), x = left + c * cell, y = top + r * cell
            let ratio = min(2, Double(histogram[mode]) / total / uniform) / 2
            let color: [UInt8] =
                histogram[mode] == 0
                ? LinePlot.red
                : [UInt8(255 - 225 * ratio), UInt8(255 - 180 * ratio), UInt8(255 - 40 * ratio)]
            img.fill(x: x, y: y, width: cell - 1, height: cell - 1, color: color)
        }
        for r in 0..<rows { img.draw(text: "\(r)", x: left - 12, y: top + r * cell, color: [0, 0, 0]) }
        for g in 0..<10 {
            img.draw(text: "\(g)", x: left + g * 10 * cell + 5 * cell - 3, y: top + rows * cell + 6, color: [0, 0, 0])
        }
        img.draw(text: title, x: left, y: 14, color: [0, 0, 0])
        img.draw(
            text: "ROW: RED DIGIT   COLUMN: GREEN DIGIT (GROUPS) X BLUE DIGIT   RED CELL: NO SAMPLE", x: left,
            y: top + rows * cell + 24, color: [80, 80, 80])
        return img
    }
}
