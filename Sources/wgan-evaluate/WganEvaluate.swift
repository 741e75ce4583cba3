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
        is named), --images DIR (a folder of 28x28 \
        grayscale PNGs), or --real (the MNIST test set; its Frechet distance, precision and recall compare \
        10,000 training images with the test set: the real-versus-real floor). Every score is defined in docs/metrics.md.
        """)

    @OptionGroup var model: ModelOptions
    @Option(help: ArgumentHelp("Folder of 28x28 grayscale PNG digits.", valueName: "dir")) var images: String?
    @Flag(help: "Score the MNIST test set itself (the reference).") var real = false
    @Option(help: "Samples to draw from --model.") var count = 10_000
    @Option(help: "Seed of the samples.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Classifier file.", valueName: "file")) var classifier = ClassifierFile.bundled
    static let maxCount = 200_000
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false
    @Option(help: ArgumentHelp("Write histogram.png and samples-by-class.png into this folder.", valueName: "dir")) var report: String?

    func validate() throws {
        let sources = [model.model != nil, images != nil, real].filter { $0 }.count
        if sources > 1 { throw ValidationError("choose one of --model, --images, --real") }
        if !(1...Self.maxCount).contains(count) { throw ValidationError("--count must be an integer in 1...\(Self.maxCount), got \(count)") }
    }

    func run() throws {
        try reportingErrors {
            if let report {
                try OutputGuard.checkFolder(report)
                for name in ["histogram.png", "samples-by-class.png"] { try OutputGuard.check(report + "/" + name) }
            }
            let judge = try ClassifierFile.load(classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
            var input: Tensor
            var label: String
            var provenance = Provenance()
            if let images {
                input = try Self.readFolder(images)
                label = images
            } else if !real {
                let g = try model.load()
                // Quantised to bytes as a PNG would be: scoring a model and scoring its PNGs agree.
                let digits = g.generate(Latents.draw(seed: seed, count: count, dim: g.config.latentDim))
                input = Tensor(shape: digits.shape, values: Image.digits(digits).flatMap { $0.pixels.map { Float($0) / 255 } })
                label = "\(g.path) (step \(g.step)" + (g.trainingSeconds.map { String(format: ", %.0f s of training", $0) } ?? "") + "), \(count) samples, seed \(seed)"
                provenance = Provenance(modelStep: g.step, trainingSeconds: g.trainingSeconds)
            } else {
                input = Tensor(shape: [0, 28, 28, 1])
                label = "MNIST test set"
            }
            let mnist = try data.load()
            let test = mnist.test.batch(0..<mnist.test.count, scale: .unit)
            let evaluation = Evaluation(classifier: judge.network, reference: test)
            var against: [Float]? = nil
            if real {
                input = test
                var rng = RandomGenerator(seed: seed)
                let pick = rng.permutation(mnist.train.count).prefix(10_000)
                against = evaluation.features(mnist.train.batch(pick, scale: .unit))
            }
            let (scores, details) = evaluation.score(input, features: against)
            if json {
                try printJSON(Output(scores: scores, provenance: provenance))
            } else {
                print("\(label)\n\(scores.table)")
            }
            if let report {
                try makeFolder(report)
                try PNG.write(Report.histogram(scores.classHistogram, title: "PREDICTED CLASSES OF \(scores.count) IMAGES"), to: report + "/histogram.png")
                try PNG.write(Report.samplesByClass(input, details), to: report + "/samples-by-class.png")
                Console.info("report: \(report)/histogram.png, \(report)/samples-by-class.png")
            }
        }
    }

    /// Where generated images came from, beside the scores in `--json`.
    struct Provenance: Encodable {
        var modelStep: Int?
        var trainingSeconds: Double?
        enum CodingKeys: String, CodingKey { case modelStep = "model_step", trainingSeconds = "training_seconds" }
    }

    /// The scores and the provenance as one flat object.
    struct Output: Encodable {
        var scores: Scores
        var provenance: Provenance
        func encode(to encoder: Encoder) throws {
            try scores.encode(to: encoder)
            try provenance.encode(to: encoder)
        }
    }

    /// Every *.png of `dir` (sorted by name), each 28x28, 8-bit grayscale without alpha, as [N, 28, 28, 1] in [0, 1].
    static func readFolder(_ dir: String) throws -> Tensor {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { throw IOError(dir, "no such folder") }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        var pixels: [Float] = []
        var n = 0
        for name in names {
            let path = dir + "/" + name
            var sub: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &sub), sub.boolValue { continue }
            if name == "latents.txt" || name.hasSuffix(".latents.txt") { continue }
            let info = try PNG.info(path)
            guard info.width == 28, info.height == 28 else { throw IOError(path, "is \(info.width)x\(info.height), expected a 28x28 digit") }
            guard !info.isColor, !info.hasAlpha, !info.isSixteenBit else {
                throw IOError(path, "is \(info.isColor ? "colour" : "grayscale")\(info.hasAlpha ? " with alpha" : "")\(info.isSixteenBit ? ", 16-bit" : ""), expected 8-bit grayscale")
            }
            pixels += try PNG.read(path).pixels.map { Float($0) / 255 }
            n += 1
        }
        guard n > 0 else { throw IOError(dir, "holds no PNG images") }
        return Tensor(shape: [n, 28, 28, 1], values: pixels)
    }
}
