import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

/// Scores every kept checkpoint of one or more runs and charts the scores over training: what time
/// to quality and mode dropping look like, run beside run.
@main
struct WganProgress: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-progress",
        abstract: "Score every kept checkpoint of one or more runs and chart the scores over training.",
        discussion: """
            For each RUN, every RUN/checkpoints/step-NNNNNN.h5 (or every --every'th) is sampled --count times \
            and scored by wgan-evaluate's classifier: modes covered and KL to uniform (of 10 digits, or of \
            Stacked MNIST's 1,000 modes), the near-duplicate share, and for MNIST the Inception Score and \
            Frechet distance. Prints one line per checkpoint (minutes are the run's own training clock), writes \
            the chart (--out) and, with --csv, the table. All runs of a chart share one dataset.
            """)

    @Argument(help: ArgumentHelp("Run folders.", valueName: "run")) var runs: [RunFolder]
    @Option(help: "Samples per checkpoint (default 2,000 for MNIST, 26,000 for Stacked MNIST).") var count: Int?
    @Option(help: "Seed of the samples.") var seed: UInt64 = 0
    @Option(help: "Score every N-th kept checkpoint (and always the last).") var every = 1
    @Option(help: "Only checkpoints up to this step.") var until: Int?
    @Option(help: ArgumentHelp("Chart to write.", valueName: "file")) var out = "progress.png"
    @Option(help: ArgumentHelp("Also write the table as CSV.", valueName: "file")) var csv: String?
    @Option(help: ArgumentHelp("Classifier file.", valueName: "file")) var classifier = ClassifierFile.bundled
    @OptionGroup var data: DataOptions

    func validate() throws {
        if runs.isEmpty || runs.count > 8 { throw ValidationError("give 1 to 8 run folders, got \(runs.count)") }
        if let count, !(1...200_000).contains(count) {
            throw ValidationError("--count must be an integer in 1...200000, got \(count)")
        }
        if !(1...10_000).contains(every) {
            throw ValidationError("--every must be an integer in 1...10000, got \(every)")
        }
    }

    struct Row {
        var run: String
        var score: CheckpointScore
    }

    func run() throws {
        try OutputGuard.check(out)
        if let csv { try OutputGuard.check(csv) }
        let lists = try runs.map { try $0.keptCheckpoints(every: every, until: until) }
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        var scorer = CheckpointScorer(classifier: judge.network, mnist: try data.load(), seed: seed)
        var rows: [Row] = []
        var dataset: DatasetKind?
        print("run                     step  minutes  modes        KL  near-dup      IS       FD")
        fflush(nil)
        for (run, files) in zip(runs, lists) {
            for file in files {
                let g = try GeneratorFile.load(file)
                if let dataset, dataset != g.config.dataset {
                    throw IOError(
                        file, "is a \(g.config.dataset.rawValue) run; the chart's first run is \(dataset.rawValue)")
                }
                dataset = g.config.dataset
                let row = Row(
                    run: URL(fileURLWithPath: run.path).lastPathComponent, score: scorer.score(g, count: count))
                rows.append(row)
                let s = row.score
                print(
                    row.run.leftAligned(20)
                        + String(
                            format: " %7d %8.1f %6d %9.4f %8.2f%% ", s.step, s.minutes, s.modes, s.kl,
                            100 * s.duplicates)
                        + (s.inceptionScore.map { String(format: "%.3f", $0) } ?? "-").rightAligned(7) + " "
                        + (s.frechetDistance.map { String(format: "%.3f", $0) } ?? "-").rightAligned(8))
                fflush(nil)  // one line per checkpoint as it is scored, also into a pipe or a log
            }
        }
        try makeFolder(holding: out)
        try PNG.write(chart(rows, stacked: dataset == .stackedMNIST), to: out)
        if let csv {
            let text =
                "run,step,minutes,modes_covered,kl_to_uniform,duplicate_share,inception_score,frechet_distance\n"
                + rows.map { r in
                    let s = r.score
                    return
                        "\(r.run),\(s.step),\(String(format: "%.2f", s.minutes)),\(s.modes),\(s.kl),\(s.duplicates),\(s.inceptionScore.map { "\($0)" } ?? ""),\(s.frechetDistance.map { "\($0)" } ?? "")"
                }.joined(separator: "\n") + "\n"
            try AtomicFile.write(Data(text.utf8), to: csv)
        }
        Console.info(
            "wrote the chart of \(rows.count) checkpoints to \(out)" + (csv.map { ", the table to \($0)" } ?? ""))
    }

    func chart(_ rows: [Row], stacked: Bool) -> Image {
        let names = rows.reduce(into: [String]()) { if !$0.contains($1.run) { $0.append($1.run) } }
        func series(
            _ value: (CheckpointScore) -> Double?,
            band: ((CheckpointScore) -> (low: Double, high: Double)?)? = nil
        ) -> [LinePlot.Series] {
            names.enumerated().map { i, name in
                let mine = rows.filter { $0.run == name }.map(\.score)
                let intervals = band.map { b in mine.map { b($0) ?? (.nan, .nan) } }
                return LinePlot.Series(
                    name.uppercased(), mine.map { value($0) ?? .nan },
                    color: LinePlot.palette[i % LinePlot.palette.count],
                    xs: mine.map { Double($0.step) }, band: intervals.map { ($0.map(\.low), $0.map(\.high)) })
            }
        }
        var panels = [
            LinePlot.Panel("MODES COVERED (OF \(stacked ? 1000 : 10))", series { Double($0.modes) }),
            LinePlot.Panel("KL TO UNIFORM OVER THE MODES", series { $0.kl }),
            LinePlot.Panel("NEAR-DUPLICATE SHARE (REAL: 0.01)", series { $0.duplicates }),
        ]
        if !stacked {
            panels.insert(
                LinePlot.Panel(
                    "INCEPTION SCORE (BAND: 95% INTERVAL)",
                    series({ $0.inceptionScore }, band: { $0.inceptionInterval })),
                at: 0)
            panels.insert(
                LinePlot.Panel(
                    "FRECHET DISTANCE (BAND: 95% INTERVAL)",
                    series({ $0.frechetDistance }, band: { $0.frechetInterval })),
                at: 1)
        }
        return LinePlot.render(panels, xs: [], xLabel: "GENERATOR STEP")
    }
}
