import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

@main
struct WganEvaluate: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-evaluate",
        abstract: "Score digits with the bundled MNIST classifier: quality, diversity and mode dropping.",
        discussion: """
            Input: --model (a generator, sampled --count times from --seed; the bundled generator when no input \
            is named), --images DIR (a folder of 28x28 PNGs: grayscale digits, or RGB Stacked-MNIST images), or \
            --real (the MNIST test set, or with --dataset stacked-mnist its stacked triples: the reference every \
            score is read against). A conditional model is asked for the ten classes in turn and also gets its \
            label accuracy and a per-class table; a Stacked-MNIST model or folder gets the modes covered out of \
            1,000 and the KL to uniform on 26,000 samples (VEEGAN's and PacGAN's protocol). Every score is \
            defined in docs/metrics.md.
            """)

    static let maxCount = 200_000

    @OptionGroup var model: ModelOptions
    @Option(
        help: ArgumentHelp("Folder of 28x28 PNGs (grayscale digits or RGB Stacked-MNIST images).", valueName: "dir"))
    var images: String?
    @Flag(help: "Score real data itself (the MNIST test set, or its stacked form with --dataset stacked-mnist).")
    var real = false
    @Option(help: "With --real: mnist or stacked-mnist.") var dataset: DatasetKind = .mnist
    @Option(help: "Samples to draw from --model (default 10,000; 26,000 for Stacked MNIST).") var count: Int?
    @Option(help: "Seed of the samples.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Classifier file.", valueName: "file")) var classifier = ClassifierFile.bundled
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false
    @Option(
        help: ArgumentHelp(
            "Write the report pictures into this folder (histogram.png and samples-by-class.png; for Stacked MNIST coverage.png).",
            valueName: "dir"))
    var report: String?

    func validate() throws {
        let sources = [model.model != nil, images != nil, real].filter { $0 }.count
        if sources > 1 { throw ValidationError("choose one of --model, --images, --real") }
        if let count, !(1...Self.maxCount).contains(count) {
            throw ValidationError("--count must be an integer in 1...\(Self.maxCount), got \(count)")
        }
        if dataset != .mnist && !real {
            throw ValidationError("--dataset chooses the real data of --real; a model's dataset is in its file")
        }
    }

    /// What is scored: images [N, 28, 28, C] in [0, 1], where they came from, and the classes asked of a conditional model.
    struct Input {
        var images: Tensor
        var label: String
        var asked: [Int]?
        /// The code values of a model with a code, and how many it has.
        var codes: (values: [Int], count: Int)?
        var provenance = Provenance()
        var isReal = false
    }

    func run() throws {
        if let report {
            try OutputGuard.checkFolder(report)
            for name in ["histogram.png", "samples-by-class.png", "coverage.png"] {
                try OutputGuard.check(report + "/" + name)
            }
        }
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        var input = try readInput()
        let mnist = try data.load()
        let test = mnist.test.batch(0..<mnist.test.count, scale: .unit)
        let evaluation = Evaluation(classifier: judge.network, reference: test)
        if input.isReal && input.images.shape[0] == 0 {
            input.images = realImages(mnist, stacked: dataset == .stackedMNIST)
        }
        if input.images.shape[3] == 3 {
            try scoreStacked(input, evaluation, mnist)
        } else {
            try scoreDigits(input, evaluation, mnist, test)
        }
    }

    func readInput() throws -> Input {
        if let images { return Input(images: try PNGFolder.read(images, maxCount: Self.maxCount), label: images) }
        if real {
            return Input(
                images: Tensor(shape: [0, 28, 28, 1]),
                label: dataset == .mnist ? "MNIST test set" : "Stacked MNIST from the test set", isReal: true)
        }
        let g = try model.load()
        let samples = GeneratorSamples(g, count: count, seed: seed)
        let n = samples.images.shape[0]
        let label =
            "\(g.path) (step \(g.step)" + (g.trainingSeconds.map { String(format: ", %.0f s of training", $0) } ?? "")
            + "), \(n) samples, seed \(seed)" + (g.isConditional ? ", classes 0-9 in turn" : "")
        return Input(
            images: samples.images, label: label, asked: samples.asked, codes: samples.codes.map { ($0, g.codes) },
            provenance: Provenance(modelStep: g.step, trainingSeconds: g.trainingSeconds))
    }

    /// --real: the test images, or for Stacked MNIST `count` (26,000) triples of test images drawn from `seed`.
    func realImages(_ mnist: MNIST, stacked: Bool) -> Tensor {
        guard stacked else { return mnist.test.batch(0..<mnist.test.count, scale: .unit) }
        var rng = RandomGenerator(seed: seed)
        let n = count ?? 26_000
        let triples = (0..<3).map { _ in (0..<n).map { _ in rng.below(mnist.test.count) } }
        return mnist.test.stackedBatch(triples, scale: .unit)
    }

    func scoreDigits(_ input: Input, _ evaluation: Evaluation, _ mnist: MNIST, _ test: Tensor) throws {
        var against: [Float]? = nil
        if input.isReal {
            var rng = RandomGenerator(seed: seed)
            let pick = rng.permutation(mnist.train.count).prefix(10_000)
            against = evaluation.features(mnist.train.batch(pick, scale: .unit))
        }
        let (scores, details) = evaluation.score(input.images, features: against)
        let conditional = input.asked.map {
            evaluation.conditional(details, asked: $0, referenceLabels: mnist.test.labels(0..<mnist.test.count))
        }
        // Near-duplicates: real images against training images for --real, else the samples against the test set.
        let duplicates = Evaluation.duplicates(
            input.isReal ? mnist.train.batch(0..<10_000, scale: .unit) : input.images, reference: test)
        let codes = input.codes.map {
            Evaluation.codes(predictions: details.predictions, codes: $0.values, values: $0.count)
        }
        if json {
            try printJSON(
                DigitOutput(
                    scores: scores, conditional: conditional, codes: codes, duplicates: duplicates,
                    provenance: input.provenance))
        } else {
            print("\(input.label)\n\(scores.table)")
            print(
                String(
                    format: "near-duplicates        %.2f%% of %d samples (real images: 1%% by construction)",
                    100 * duplicates.duplicateShare, duplicates.compared))
            if let conditional { print(Self.table(conditional)) }
            if let codes { print(Self.table(codes)) }
        }
        if let report {
            try makeFolder(report)
            try PNG.write(
                Report.histogram(scores.classHistogram, title: "PREDICTED CLASSES OF \(scores.count) IMAGES"),
                to: report + "/histogram.png")
            try PNG.write(Report.samplesByClass(input.images, details), to: report + "/samples-by-class.png")
            Console.info("report: \(report)/histogram.png, \(report)/samples-by-class.png")
        }
    }

    func scoreStacked(_ input: Input, _ evaluation: Evaluation, _ mnist: MNIST) throws {
        let scores = evaluation.stacked(input.images)
        var rng = RandomGenerator(seed: seed &+ 1)
        let n = min(input.images.shape[0], 10_000)
        let reference = mnist.test.stackedBatch(
            (0..<3).map { _ in (0..<n).map { _ in rng.below(mnist.test.count) } }, scale: .unit)
        let duplicates = Evaluation.duplicates(input.images, reference: reference)
        if json {
            try printJSON(StackedOutput(scores: scores, duplicates: duplicates, provenance: input.provenance))
        } else {
            print(input.label)
            print("images                 \(scores.count)")
            print("modes covered          \(scores.modesCovered) of 1000 (a mode counts from one sample)")
            print(String(format: "KL(modes||uniform)     %.4f", scores.klToUniform))
            let sorted = scores.histogram.sorted()
            print(
                "samples per mode       least \(sorted.first ?? 0), median \(sorted[sorted.count / 2]), most \(sorted.last ?? 0) (uniform: \(String(format: "%.1f", Double(scores.count) / 1000)))"
            )
            print(
                String(
                    format: "near-duplicates        %.2f%% of %d samples (real images: 1%% by construction)",
                    100 * duplicates.duplicateShare, duplicates.compared))
        }
        if let report {
            try makeFolder(report)
            try PNG.write(
                Report.coverageMap(
                    scores.histogram,
                    title: "STACKED MNIST: \(scores.modesCovered) OF 1000 MODES IN \(scores.count) SAMPLES"),
                to: report + "/coverage.png")
            Console.info("report: \(report)/coverage.png")
        }
    }

    static func table(_ c: ConditionalScores) -> String {
        var lines = [
            String(format: "label accuracy         %.4f (the classifier calls the asked class)", c.labelAccuracy),
            "class   accuracy   share   Frechet distance (within the class)",
        ]
        for p in c.perClass {
            lines.append(
                String(format: "%5d   %8.4f   %5.1f%%   %.3f", p.digit, p.accuracy, 100 * p.share, p.frechetDistance))
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ c: CodeScores) -> String {
        var lines = [
            String(
                format: "code purity            %.4f (share in their code's most frequent digit); %d digits named",
                c.purity, c.digitsNamed),
            " code   share   digit   purity",
        ]
        for p in c.perCode {
            lines.append(String(format: "%5d   %5.1f%%   %5d   %6.4f", p.code, 100 * p.share, p.digit, p.purity))
        }
        return lines.joined(separator: "\n")
    }

    /// Where generated images came from, beside the scores in `--json`.
    struct Provenance: Encodable {
        var modelStep: Int?
        var trainingSeconds: Double?
        enum CodingKeys: String, CodingKey { case modelStep = "model_step", trainingSeconds = "training_seconds" }
    }

    /// One flat object: the scores, the conditional figures when there are some, provenance.
    struct DigitOutput: Encodable {
        var scores: Scores
        var conditional: ConditionalScores?
        var codes: CodeScores?
        var duplicates: DuplicateScore
        var provenance: Provenance
        func encode(to encoder: Encoder) throws {
            try scores.encode(to: encoder)
            try conditional?.encode(to: encoder)
            try codes?.encode(to: encoder)
            try duplicates.encode(to: encoder)
            try provenance.encode(to: encoder)
        }
    }

    struct StackedOutput: Encodable {
        var scores: StackedScores
        var duplicates: DuplicateScore
        var provenance: Provenance
        func encode(to encoder: Encoder) throws {
            try scores.encode(to: encoder)
            try duplicates.encode(to: encoder)
            try provenance.encode(to: encoder)
        }
    }
}
