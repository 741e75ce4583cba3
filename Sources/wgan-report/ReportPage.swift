import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

/// The report's HTML, section by section. Everything is inline: PNG and GIF as data URIs, charts
/// as SVG, one style sheet; no script and no address outside the file.
struct ReportPage {
    var title: String
    private var body: [String] = []

    init(title: String) { self.title = title }

    static func escaped(_ s: String) -> String { LinePlot.escaped(s) }

    /// The bytes a writer puts in a scratch file (libpng and giflib write files).
    static func encoded(_ write: (String) throws -> Void) throws -> Data {
        let path = NSTemporaryDirectory() + "wgan-report-\(getpid())-\(UInt64.random(in: 0..<UInt64.max)).bin"
        defer { unlink(path) }
        try write(path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func png(_ image: Image) throws -> String {
        "data:image/png;base64," + (try encoded { try PNG.write(image, to: $0, durable: false) }).base64EncodedString()
    }

    static func img(_ src: String, alt: String, width: Int) -> String {
        "<img src=\"\(src)\" alt=\"\(escaped(alt))\" style=\"width:\(width)px\">"
    }

    mutating func header(_ g: LoadedGenerator, source: ModelPath) {
        let c = g.config
        var facts = [
            "\(c.loss.rawValue), architecture \(c.architecture.rawValue), \(c.dataset.rawValue)",
            "step \(g.step.formatted())",
        ]
        if let s = g.trainingSeconds { facts.append(String(format: "%.1f minutes of training", s / 60)) }
        if c.conditional { facts.append("conditional on the digit") }
        if c.codes > 0 { facts.append("a code of \(c.codes) values") }
        body.append(
            "<header><h1>\(Self.escaped(title))</h1><p>\(Self.escaped(facts.joined(separator: " · ")))</p>"
                + "<p class=\"path\">\(Self.escaped(source.file))</p></header>")
    }

    mutating func scores(_ s: ReportScores) {
        var t =
            "<section><h2>Scores</h2><p>\(Self.escaped(s.note)). The bundled MNIST classifier judges both; "
            + "docs/metrics.md defines each score.</p><div class=\"wide\"><table id=\"scores\"><thead><tr>"
            + "<th>score</th><th>this model</th><th>real digits</th><th>what it says</th></tr></thead><tbody>"
        for r in s.rows {
            t +=
                "<tr><td>\(Self.escaped(r.name))</td><td class=\"num\">\(Self.escaped(r.model))</td>"
                + "<td class=\"num\">\(Self.escaped(r.real))</td><td>\(Self.escaped(r.meaning))</td></tr>"
        }
        body.append(t + "</tbody></table></div></section>")
    }

    mutating func samples(_ g: LoadedGenerator, figures: ReportScores, seed: UInt64) {
        let n = min(64, figures.images.shape[0])
        let c = figures.images.shape[3]
        let first = Tensor(
            shape: [n, 28, 28, c], values: (0..<(n * 784 * c)).map { figures.images.pointer[$0] * 2 - 1 })
        var html = "<section><h2>Samples</h2>"
        if let grid = try? Self.png(Image.grid(Image.digits(first), columns: 8, border: 2, scale: 2)) {
            html += "<figure>\(Self.img(grid, alt: "64 samples", width: 8 * 56 + 18))"
            html += "<figcaption>The first 64 of the scored samples (seed \(seed)).</figcaption></figure>"
        }
        if g.inputValues > 0 {
            // ten latent vectors per row, the row's class or code value for all of them
            let values = g.inputValues, per = 10
            let z = Latents.draw(seed: seed &+ 3, count: per, dim: g.config.latentDim)
            let zs = Tensor(
                shape: [values * per, g.config.latentDim],
                values: (0..<values).flatMap { _ in Array(UnsafeBufferPointer(start: z.pointer, count: z.count)) })
            let labels = (0..<values).flatMap { v in Array(repeating: v, count: per) }
            let images = Image.digits(g.generate(zs, labels: g.inputVectors(labels)))
            let what = g.isConditional ? "class" : "code value"
            if let grid = try? Self.png(Image.grid(images, columns: per, border: 2, scale: 2)) {
                html += "<figure>\(Self.img(grid, alt: "one row per \(what)", width: per * 56 + 22))"
                html +=
                    "<figcaption>One row per \(what) (\(0) to \(values - 1), top to bottom), "
                    + "the same ten latent vectors in every row.</figcaption></figure>"
            }
        } else if let details = figures.details,
            let grid = try? Self.png(Report.samplesByClass(figures.images, details))
        {
            html += "<figure>\(Self.img(grid, alt: "samples by predicted class", width: 12 * 30 + 26))"
            html +=
                "<figcaption>Samples sorted by the digit the classifier sees, one row per digit.</figcaption></figure>"
        }
        body.append(html + "</section>")
    }

    mutating func walk(_ gif: Data?) {
        guard let gif else { return }
        body.append(
            "<section><h2>A walk through the latent space</h2><figure>"
                + Self.img("data:image/gif;base64," + gif.base64EncodedString(), alt: "latent walk", width: 8 * 56 + 18)
                + "<figcaption>Eight loops, each through four random latent vectors (spherical interpolation, "
                + "12 frames a segment).</figcaption></figure></section>")
    }

    /// At most `most` points per series, each the mean of its stretch of steps.
    static func thinned(_ h: [StepRecord], most: Int = 400) -> [StepRecord] {
        guard h.count > most else { return h }
        let size = (h.count + most - 1) / most
        return stride(from: 0, to: h.count, by: size).map { i in
            let part = h[i..<min(h.count, i + size)]
            var r = part.last!
            let n = Double(part.count)
            r.wasserstein = part.map(\.wasserstein).reduce(0, +) / n
            r.criticLoss = part.map(\.criticLoss).reduce(0, +) / n
            r.generatorLoss = part.map(\.generatorLoss).reduce(0, +) / n
            r.penalty = part.map(\.penalty).reduce(0, +) / n
            return r
        }
    }

    mutating func curves(_ history: [StepRecord]) {
        guard history.count > 1 else { return }
        let h = Self.thinned(history)
        body.append(
            "<section><h2>Training curves</h2>"
                + LinePlot.svg(
                    TrainingRun.curvePanels(h), xs: h.map { Double($0.step) }, xLabel: "generator step",
                    title: "training curves")
                + "<p>Means over stretches of \(history.count / h.count) steps, from the run's history.</p></section>")
    }

    mutating func overTraining(_ rows: [CheckpointScore], count: Int) {
        guard !rows.isEmpty else { return }
        func series(
            _ name: String, _ v: (CheckpointScore) -> Double?, _ color: [UInt8],
            band: ((CheckpointScore) -> (low: Double, high: Double)?)? = nil
        ) -> [LinePlot.Series] {
            let intervals = band.map { b in rows.map { b($0) ?? (.nan, .nan) } }
            return [
                LinePlot.Series(
                    name, rows.map { v($0) ?? .nan }, color: color,
                    band: intervals.map { ($0.map(\.low), $0.map(\.high)) })
            ]
        }
        var panels = [
            LinePlot.Panel("classes covered", series("modes", { Double($0.modes) }, LinePlot.green)),
            LinePlot.Panel("KL to uniform", series("KL", { $0.kl }, LinePlot.red)),
        ]
        if rows.contains(where: { $0.inceptionScore != nil }) {
            panels.insert(
                LinePlot.Panel(
                    "Inception Score (band: 95% interval)",
                    series("IS", { $0.inceptionScore }, LinePlot.blue, band: { $0.inceptionInterval })), at: 0)
            panels.insert(
                LinePlot.Panel(
                    "Frechet distance (band: 95% interval)",
                    series("FD", { $0.frechetDistance }, LinePlot.orange, band: { $0.frechetInterval })), at: 1)
        }
        var table = "<div class=\"wide\"><table><thead><tr><th>step</th><th>minutes</th><th>IS</th><th>FD</th>"
        table += "<th>classes</th><th>KL</th></tr></thead><tbody>"
        for r in rows {
            table +=
                "<tr><td class=\"num\">\(r.step.formatted())</td><td class=\"num\">"
                + (r.minutes.isFinite ? String(format: "%.1f", r.minutes) : "") + "</td><td class=\"num\">"
                + (r.inceptionScore.map { String(format: "%.3f", $0) } ?? "") + "</td><td class=\"num\">"
                + (r.frechetDistance.map { String(format: "%.3f", $0) } ?? "")
                + "</td><td class=\"num\">\(r.modes)</td><td class=\"num\">\(String(format: "%.4f", r.kl))</td></tr>"
        }
        table += "</tbody></table></div>"
        body.append(
            "<section><h2>Scores over training</h2>"
                + LinePlot.svg(panels, xs: rows.map { Double($0.step) }, xLabel: "generator step", title: "scores")
                + "<p>\(rows.count) kept checkpoints, \(count) samples each (fewer samples than the table above: "
                + "the Inception Score reads a little lower).</p>\(table)</section>")
    }

    mutating func configuration(_ c: TrainingConfig, run: RunFolder?) {
        var t = "<section><h2>Configuration</h2><div class=\"wide\"><table><thead><tr><th>field</th><th>value</th>"
        t += "<th>meaning</th></tr></thead><tbody>"
        var flags: [String] = []
        for f in TrainingConfig.fields {
            let v = f.value(in: c)
            t +=
                "<tr><td><code>\(f.key)</code></td><td class=\"num\">\(Self.escaped(v))</td>"
                + "<td>\(Self.escaped(f.meaning))</td></tr>"
            // the steps and decay a time budget was turned into say the same, exactly
            guard let flag = f.flag, f.key != "time_budget_minutes", v != "none" else { continue }
            if f.type == "int64" && (v == "0" || v == "1") && f.valid.hasPrefix("0 or 1") {
                if v == "1" { flags.append(flag) }
            } else {
                flags.append("\(flag) \(v)")
            }
        }
        t += "</tbody></table></div>"
        let command = "wgan-train --out \(run?.path ?? "DIR") " + flags.joined(separator: " ")
        t += "<p>The command that trains this configuration again:</p><pre>\(Self.escaped(command))</pre></section>"
        body.append(t)
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:0 auto;max-width:960px;padding:12px}
        h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
        header p{margin:.2em 0}.path{color:#666;font-size:.85em;word-break:break-all}
        img{max-width:100%;height:auto;image-rendering:pixelated;display:block}
        figure{margin:.6em 0}figcaption{color:#555;font-size:.9em}
        .wide{overflow-x:auto}table{border-collapse:collapse;margin:.4em 0}
        td,th{border-bottom:1px solid #e5e5e5;padding:3px 8px;text-align:left;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:8px}
        svg{max-width:100%;height:auto;display:block}
        @media (max-width:600px){body{font-size:14px}td,th{padding:2px 4px}}
        @media print{body{max-width:none}section{break-inside:avoid}.wide{overflow:visible}}
        """

    func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escaped(title)) · wgan-swift report</title>
        <style>\(Self.style)</style></head><body>
        \(body.joined(separator: "\n"))
        <footer><p class="path">Made by wgan-report (wgan-swift).</p></footer>
        </body></html>

        """
    }
}
