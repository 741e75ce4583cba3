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
    @Flag(
        help:
            "Memorisation test: project --memorization-count training digits (of those the model trained on) and as many test digits onto --model and compare how closely each set is reconstructed."
    ) var memorization = false
    @Option(help: "Digits of each set for --memorization.") var memorizationCount = 500
    @Option(help: "With --compare: the seed of B's samples (default: --seed; two seeds of one model show the noise).")
    var seedB: UInt64?
    @Option(help: ArgumentHelp("Classifier file.", valueName: "file")) var classifier = ClassifierFile.bundled
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Compare two inputs (models, run folders or PNG folders) with the same --count and --seed: each score for both, the difference with its interval and a verdict.",
            valueName: "A B"))
    var compare: [String] = []
    @Option(
        help: ArgumentHelp(
            "Write the report pictures into this folder (histogram.png and samples-by-class.png; for Stacked MNIST coverage.png).",
            valueName: "dir"))
    var report: String?

    func validate() throws {
        let sources = [model.model != nil, images != nil, real, !compare.isEmpty].filter { $0 }.count
        if sources > 1 { throw ValidationError("choose one of --model, --images, --real, --compare") }
        if !compare.isEmpty && compare.count != 2 {
            throw ValidationError("--compare takes two inputs (A B), got \(compare.count)")
        }
        if !compare.isEmpty && report != nil { throw ValidationError("--report draws one input; not with --compare") }
        if compare.isEmpty && seedB != nil { throw ValidationError("--seed-b is for --compare") }
        if memorization && (images != nil || real || !compare.isEmpty || report != nil) {
            throw ValidationError(
                "--memorization projects digits onto a model: give --model (or none: the bundled one)")
        }
        if !(10...10_000).contains(memorizationCount) {
            throw ValidationError("--memorization-count must be an integer in 10...10000, got \(memorizationCount)")
        }
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
        if !compare.isEmpty { return try runComparison() }
        if memorization { return try runMemorization() }
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
        return try modelInput(try model.load())
    }

    /// --compare's inputs: a PNG folder is read as images, anything else (a run folder, a
    /// checkpoint, a generator file) as a model.
    func comparedInput(_ path: String, seed: UInt64) throws -> Input {
        if FileSystem.isDirectory(path) && !RunFolder(path).holdsRun {
            return Input(images: try PNGFolder.read(path, maxCount: Self.maxCount), label: path)
        }
        return try modelInput(try ModelOptions.load(ModelPath(path)), seed: seed)
    }

    func modelInput(_ g: LoadedGenerator, seed: UInt64? = nil) throws -> Input {
        let seed = seed ?? self.seed
        let samples = GeneratorSamples(g, count: count, seed: seed)
        let n = samples.images.shape[0]
        let label =
            "\(g.path) (step \(g.step)" + (g.trainingSeconds.map { String(format: ", %.0f s of training", $0) } ?? "")
            + "), \(n) samples, seed \(seed)" + (g.isConditional ? ", classes 0-9 in turn" : "")
        return Input(
            images: samples.images, label: label, asked: samples.asked, codes: samples.codes.map { ($0, g.codes) },
            provenance: Provenance(modelStep: g.step, trainingSeconds: g.trainingSeconds))
    }

    /// --real: the test images (a seeded subset of --count of them), or for Stacked MNIST `count` (26,000) triples of test images drawn from `seed`.
    func realImages(_ mnist: MNIST, stacked: Bool) -> Tensor {
        guard stacked else {
            // --count below the test set's size: a seeded subset, to see a score at that sample size
            guard let count, count < mnist.test.count else {
                return mnist.test.batch(0..<mnist.test.count, scale: .unit)
            }
            var rng = RandomGenerator(seed: seed &+ 2)
            return mnist.test.batch(rng.permutation(mnist.test.count).prefix(count), scale: .unit)
        }
        var rng = RandomGenerator(seed: seed)
        let n = count ?? 26_000
        let triples = (0..<3).map { _ in (0..<n).map { _ in rng.below(mnist.test.count) } }
        return mnist.test.stackedBatch(triples, scale: .unit)
    }

    /// The sheet of a digit input: every score with its interval, and the plain figures.
    func digitSheet(_ input: Input, _ evaluation: Evaluation, _ mnist: MNIST, _ test: Tensor) -> (
        ScoreSheet, Scores, Evaluation.Details, ConditionalScores?, CodeScores?, DuplicateScore
    ) {
        var against: [Float]? = nil
        if input.isReal {
            var rng = RandomGenerator(seed: seed)
            // as many training images as test images scored (10,000 for the whole test set)
            let pick = rng.permutation(mnist.train.count).prefix(min(10_000, input.images.shape[0]))
            against = evaluation.features(mnist.train.batch(pick, scale: .unit))
        }
        // Near-duplicates: real images against training images for --real, else the samples against the test set.
        let compared = input.isReal ? mnist.train.batch(0..<10_000, scale: .unit) : input.images
        let threshold = Evaluation.duplicateThreshold(test, count: min(compared.shape[0], test.shape[0], 10_000))
        let (sheet, scores, details) = evaluation.sheet(
            input.images, asked: input.asked, codes: input.codes, duplicates: threshold, features: against,
            duplicateImages: compared, seed: seed)
        let conditional = input.asked.map {
            evaluation.conditional(details, asked: $0, referenceLabels: mnist.test.labels(0..<mnist.test.count))
        }
        let codes = input.codes.map {
            Evaluation.codes(predictions: details.predictions, codes: $0.values, values: $0.count)
        }
        let share = sheet["duplicate_share"]?.value ?? 0
        let duplicates = DuplicateScore(
            duplicateShare: share, threshold: Double(threshold.squared).squareRoot(), compared: threshold.count)
        return (sheet, scores, details, conditional, codes, duplicates)
    }

    func scoreDigits(_ input: Input, _ evaluation: Evaluation, _ mnist: MNIST, _ test: Tensor) throws {
        let (sheet, scores, details, conditional, codes, duplicates) = digitSheet(input, evaluation, mnist, test)
        if json {
            try printJSON(
                DigitOutput(
                    scores: scores, conditional: conditional, codes: codes, duplicates: duplicates,
                    provenance: input.provenance, sheet: sheet))
        } else {
            print("\(input.label)\n\(scores.count) images; each score with its 95% interval (docs/metrics.md)")
            print(sheet.table)
            let shares = scores.classHistogram.map { Double($0) / Double(max(scores.count, 1)) }
            print(
                "class histogram        "
                    + (0..<10).map { "\($0): " + String(format: "%.1f%%", 100 * shares[$0]) }.joined(separator: "  "))
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

    /// --compare A B: both inputs scored the same way, each score's difference and verdict.
    func runComparison() throws {
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        let inputs = try [comparedInput(compare[0], seed: seed), comparedInput(compare[1], seed: seedB ?? seed)]
        if inputs[0].images.shape[3] != inputs[1].images.shape[3] {
            throw ValidationError(
                "--compare: \(compare[0]) and \(compare[1]) are not the same kind of image (digits, Stacked MNIST)")
        }
        let mnist = try data.load()
        let test = mnist.test.batch(0..<mnist.test.count, scale: .unit)
        let evaluation = Evaluation(classifier: judge.network, reference: test)
        let sheets = inputs.enumerated().map { k, input -> ScoreSheet in
            if input.images.shape[3] == 3 {
                let n = min(input.images.shape[0], 10_000)
                return evaluation.stackedSheet(
                    input.images, duplicates: Evaluation.duplicateThreshold(stackedReference(mnist, n), count: n),
                    seed: seed &+ UInt64(k)
                ).0
            }
            return digitSheet(input, evaluation, mnist, test).0
        }
        let c = Comparison(sheets[0], sheets[1])
        if json {
            try printJSON(ComparisonOutput(a: compare[0], b: compare[1], comparison: c))
            return
        }
        print("A: \(inputs[0].label)\nB: \(inputs[1].label)")
        print(
            String(
                format:
                    "difference A - B with an interval that holds for all %d scores at once (95%%, z = %.2f; docs/metrics.md)",
                c.rows.count, c.z))
        print(
            "score".leftAligned(18) + "A".rightAligned(12) + "B".rightAligned(12) + "A - B [interval]".rightAligned(34)
                + "  verdict")
        for r in c.rows {
            let scale = r.definition.scale
            let f = "%.\(r.definition.decimals + 1)f"
            print(
                r.definition.name.leftAligned(18) + String(format: f, r.a.value * scale).rightAligned(12)
                    + String(format: f, r.b.value * scale).rightAligned(12)
                    + (String(format: f, r.difference * scale) + " [" + String(format: f, r.low * scale) + ", "
                    + String(format: f, r.high * scale) + "]").rightAligned(34) + "  " + r.verdict.rawValue)
        }
    }

    /// --memorization: training and test digits projected the same way; a generator that memorised
    /// its training set reconstructs training digits more closely than unseen ones.
    func runMemorization() throws {
        let g = try model.load()
        guard g.config.dataset == .mnist else {
            throw IOError(g.path, "is a \(g.config.dataset.rawValue) model: --memorization projects MNIST digits")
        }
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        let mnist = try data.load()
        var rng = RandomGenerator(seed: seed)
        // the images the model trained on (the first --training-images of them, for a run on a subset)
        let seen = try g.config.trainingSet(mnist.train, source: data.resolved)
        let n = min(memorizationCount, seen.count)
        let sets = [
            ("training", seen.batch(rng.permutation(seen.count).prefix(n), scale: .unit)),
            ("test", mnist.test.batch(rng.permutation(mnist.test.count).prefix(n), scale: .unit)),
        ]
        var projector = Projector()
        (projector.restarts, projector.iterations, projector.seed) = (1, 60, seed)
        var boot = Bootstrap(seed: seed)
        var estimates: [Estimate] = []
        for (name, images) in sets {
            Console.info("projecting \(n) \(name) digits (one start, 60 steps each)")
            let r = try projector.project(images, on: g, classifier: judge.network)
            let mean = r.pixelRMSE.reduce(0, +) / Double(n)
            estimates.append(Estimate(mean, standardError: boot.meanError(r.pixelRMSE)))
        }
        let (train, test) = (estimates[0], estimates[1])
        let gap = test.value - train.value
        let se = (train.standardError * train.standardError + test.standardError * test.standardError).squareRoot()
        let (lo, hi) = (gap - Estimate.z95 * se, gap + Estimate.z95 * se)
        let verdict =
            lo > 0
            ? "memorisation: training digits are reconstructed more closely than unseen ones"
            : "no sign of memorisation at \(n) digits a set"
        if json {
            struct Output: Encodable {
                var training_rmse: Double, training_rmse_interval: [Double], test_rmse: Double
                var test_rmse_interval: [Double], gap: Double, gap_interval: [Double], count: Int, verdict: String
            }
            try printJSON(
                Output(
                    training_rmse: train.value, training_rmse_interval: [train.low, train.high], test_rmse: test.value,
                    test_rmse_interval: [test.low, test.high], gap: gap, gap_interval: [lo, hi], count: n,
                    verdict: verdict))
            return
        }
        let subset = g.config.trainingImages > 0 ? ", of the \(seen.count) it trained on" : ""
        print(
            "\(g.path) (step \(g.step)): \(n) training digits\(subset), and \(n) test digits, projected (seed \(seed))")
        print(String(format: "training digits  pixel RMSE %.2f [%.2f, %.2f]", train.value, train.low, train.high))
        print(String(format: "test digits      pixel RMSE %.2f [%.2f, %.2f]", test.value, test.low, test.high))
        print(String(format: "gap (test - training) %.2f [%.2f, %.2f]: %@", gap, lo, hi, verdict))
    }

    func stackedReference(_ mnist: MNIST, _ n: Int) -> Tensor {
        var rng = RandomGenerator(seed: seed &+ 1)
        return mnist.test.stackedBatch(
            (0..<3).map { _ in (0..<n).map { _ in rng.below(mnist.test.count) } }, scale: .unit)
    }

    func scoreStacked(_ input: Input, _ evaluation: Evaluation, _ mnist: MNIST) throws {
        let n = min(input.images.shape[0], 10_000)
        let threshold = Evaluation.duplicateThreshold(stackedReference(mnist, n), count: n)
        let (sheet, scores) = evaluation.stackedSheet(input.images, duplicates: threshold, seed: seed)
        let duplicates = DuplicateScore(
            duplicateShare: sheet["duplicate_share"]?.value ?? 0, threshold: Double(threshold.squared).squareRoot(),
            compared: threshold.count)
        if json {
            try printJSON(
                StackedOutput(scores: scores, duplicates: duplicates, provenance: input.provenance, sheet: sheet))
        } else {
            print(input.label)
            print("images                 \(scores.count); each score with its 95% interval (docs/metrics.md)")
            print(
                "modes covered          \(ScoreSheet.text(sheet.entries[0].0, sheet.entries[0].1)) of 1000 (a mode counts from one sample)"
            )
            print("KL(modes||uniform)     \(ScoreSheet.text(sheet.entries[1].0, sheet.entries[1].1))")
            let sorted = scores.histogram.sorted()
            print(
                "samples per mode       least \(sorted.first ?? 0), median \(sorted[sorted.count / 2]), most \(sorted.last ?? 0) (uniform: \(String(format: "%.1f", Double(scores.count) / 1000)))"
            )
            print(
                "near-duplicates        \(ScoreSheet.text(sheet.entries[2].0, sheet.entries[2].1)) of \(duplicates.compared) samples (real images: 1% by construction)"
            )
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
        var sheet: ScoreSheet
        func encode(to encoder: Encoder) throws {
            try scores.encode(to: encoder)
            try conditional?.encode(to: encoder)
            try codes?.encode(to: encoder)
            try duplicates.encode(to: encoder)
            try provenance.encode(to: encoder)
            try SheetJSON(sheet: sheet, valuesOf: ["kid", "density", "coverage"]).encode(to: encoder)
        }
    }

    struct StackedOutput: Encodable {
        var scores: StackedScores
        var duplicates: DuplicateScore
        var provenance: Provenance
        var sheet: ScoreSheet
        func encode(to encoder: Encoder) throws {
            try scores.encode(to: encoder)
            try duplicates.encode(to: encoder)
            try provenance.encode(to: encoder)
            try SheetJSON(sheet: sheet, valuesOf: []).encode(to: encoder)
        }
    }

    /// Each score's interval as KEY_interval: [low, high] and its standard error as KEY_se; the values of
    /// `valuesOf` (the scores that have no other place in the object) as KEY.
    struct SheetJSON: Encodable {
        var sheet: ScoreSheet
        var valuesOf: [String]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (d, e) in sheet.entries {
                if valuesOf.contains(d.key) { try c.encode(e.value, forKey: Key(d.key)) }
                try c.encode([e.low, e.high], forKey: Key(d.key + "_interval"))
                try c.encode(e.standardError, forKey: Key(d.key + "_se"))
            }
        }
    }

    struct ComparisonOutput: Encodable {
        var a: String, b: String
        var comparison: Comparison
        struct Row: Encodable {
            var score: String, a: Double, b: Double, difference: Double, interval: [Double], verdict: String
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: SheetJSON.Key.self)
            try c.encode(a, forKey: .init("a"))
            try c.encode(b, forKey: .init("b"))
            try c.encode(comparison.z, forKey: .init("z"))
            try c.encode(
                comparison.rows.map {
                    Row(
                        score: $0.definition.key, a: $0.a.value, b: $0.b.value, difference: $0.difference,
                        interval: [$0.low, $0.high], verdict: $0.verdict.rawValue)
                }, forKey: .init("scores"))
        }
    }
}
