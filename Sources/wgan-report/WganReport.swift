import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

/// One self-contained HTML page that shows a model: its scores beside the real test set's, samples,
/// one row per class or code value, a latent walk, and for a run folder its training curves, its
/// scores over training and its configuration.
@main
struct WganReport: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-report",
        abstract: "Write one self-contained HTML page that shows a model or a training run.",
        discussion: """
            The page holds everything inline (images as data URIs, charts as SVG, no scripts, no network): \
            the scores of --count samples beside the MNIST test set's with what each means, a sample grid, \
            one row per class or code value, the latent walk as an animation, and for a run folder the \
            training curves, the scores of up to --checkpoints kept checkpoints over training, the \
            configuration and the command that trains it. It reads on a phone and prints on paper.
            """)

    @Argument(help: ArgumentHelp("Run folder, checkpoint or generator file.", valueName: "model-or-run"))
    var source: ModelPath
    @Option(help: ArgumentHelp("HTML file to write.", valueName: "file")) var out = "report.html"
    @Option(help: "Samples scored (and real test images as the reference).") var count = 5_000
    @Option(help: "Seed of the samples.") var seed: UInt64 = 0
    @Option(help: "Most kept checkpoints of a run to score for the chart over training (0: none).")
    var checkpoints = 12
    @Option(help: "Samples per kept checkpoint.") var checkpointCount = 1_000
    @Option(help: ArgumentHelp("Classifier file.", valueName: "file")) var classifier = ClassifierFile.bundled
    @OptionGroup var data: DataOptions

    func validate() throws {
        if !(500...100_000).contains(count) {
            throw ValidationError("--count must be an integer in 500...100000, got \(count)")
        }
        if !(0...200).contains(checkpoints) {
            throw ValidationError("--checkpoints must be an integer in 0...200, got \(checkpoints)")
        }
        if !(100...50_000).contains(checkpointCount) {
            throw ValidationError("--checkpoint-count must be an integer in 100...50000, got \(checkpointCount)")
        }
        if !out.lowercased().hasSuffix(".html") { throw ValidationError("--out \(out): name the page .html") }
    }

    func run() throws {
        let input = source.file
        guard FileSystem.exists(input) else {
            throw IOError(
                input, source.isRunFolder ? "does not exist: the run folder holds no checkpoint" : "does not exist")
        }
        try OutputGuard.check(out, inputs: [input])
        try makeFolder(holding: out)
        let g = try ModelOptions.load(source)
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        var scorer = CheckpointScorer(classifier: judge.network, mnist: try data.load(), seed: seed)
        var page = ReportPage(title: URL(fileURLWithPath: source.given).lastPathComponent)
        page.header(g, source: source)
        Console.info("scoring \(count) samples and the real test images")
        let figures = ReportScores(g, scorer: scorer, count: count, seed: seed)
        page.scores(figures)
        page.samples(g, figures: figures, seed: seed)
        page.walk(try Self.walk(g, seed: seed))
        if let run = source.runFolder {
            page.curves(g.history)
            if checkpoints > 0, let files = try? run.keptCheckpoints() {
                let picked = Self.spread(files, most: checkpoints)
                var rows: [CheckpointScore] = []
                for (i, file) in picked.enumerated() {
                    let row = scorer.score(try GeneratorFile.load(file), count: checkpointCount)
                    rows.append(row)
                    Console.info(
                        "checkpoint \(i + 1) of \(picked.count): step \(row.step)"
                            + (row.inceptionScore.map { String(format: ", IS %.3f", $0) } ?? ""))
                }
                page.overTraining(rows, count: checkpointCount)
            }
            page.configuration(g.config, run: run)
        } else {
            page.configuration(g.config, run: nil)
        }
        let html = page.html()
        try makeFolder(holding: out)
        try AtomicFile.write(Data(html.utf8), to: out)
        Console.info(String(format: "wrote %@ (%.1f MB)", out, Double(html.utf8.count) / 1e6))
    }

    /// At most `most` of `files`, evenly spread, always with the last.
    static func spread(_ files: [String], most: Int) -> [String] {
        guard files.count > most else { return files }
        let picked = (0..<most).map { files[Int((Double($0) * Double(files.count - 1) / Double(most - 1)).rounded())] }
        return picked.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// A loop through 4 keyframes for 8 paths side by side, as an animated GIF (gray images only:
    /// GIF's one palette; nil for Stacked MNIST).
    static func walk(_ g: LoadedGenerator, seed: UInt64) throws -> Data? {
        guard g.config.imageSpec.channels == 1 else { return nil }
        let (paths, keys, steps) = (8, 4, 12)
        let keyframes = Latents.draw(seed: seed &+ 7, count: paths * keys, dim: g.config.latentDim)
        let d = g.config.latentDim
        var rows: [Tensor] = []
        for p in 0..<paths {
            let k = Tensor(
                shape: [keys, d],
                values: (0..<keys).flatMap { j in
                    Array(UnsafeBufferPointer(start: keyframes.pointer + (p * keys + j) * d, count: d))
                })
            rows.append(Latents.path(k, steps: steps, mode: .slerp, loop: true))
        }
        let frames = rows[0].shape[0]
        // frame-major: every path's point f, then f + 1
        let z = Tensor(
            shape: [frames * paths, d],
            values: (0..<frames).flatMap { f in
                rows.flatMap { Array(UnsafeBufferPointer(start: $0.pointer + f * d, count: d)) }
            })
        let values: [Int]? =
            g.inputValues > 0 ? (0..<frames).flatMap { _ in (0..<paths).map { $0 % g.inputValues } } : nil
        let images = Image.digits(g.generate(z, labels: g.inputVectors(values)))
        let gifFrames = (0..<frames).map { f in
            Image.grid(Array(images[(f * paths)..<((f + 1) * paths)]), columns: paths, border: 2, scale: 2)
        }
        return try ReportPage.encoded { try GIF.write(gifFrames, delay: 8, to: $0) }
    }
}
