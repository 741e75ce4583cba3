import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

/// From images to latent vectors (GAN inversion): the latent vector (and class or code value) whose
/// generated digit is closest to each image, written so that the other tools read them back.
@main
struct WganProject: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-project",
        abstract: "Find the latent vector whose generated digit is closest to each image (GAN inversion).",
        discussion: """
            IMAGES is a PNG file or a folder of 28x28 PNGs (grayscale digits, or RGB for a Stacked-MNIST \\
            model). For each image, gradient descent on the latent vector through the generator from \\
            --restarts random starts at once minimises a pixel term plus a classifier-feature term; the \\
            closest start wins. Writes DIR/latents.txt (one vector per line, in the input order; with \\
            DIR/labels.txt for a model that takes a class or code value), the reconstructions as \\
            DIR/sample-NNNNN.png, and DIR/side-by-side.png (each original above its reconstruction); prints \\
            one line per image with its distances. `wgan-sample --latents DIR/latents.txt` draws the \\
            reconstructions again and `wgan-interpolate --latents` walks between them.
            """)

    @Argument(help: ArgumentHelp("A PNG file or a folder of 28x28 PNGs.", valueName: "images")) var images: String?
    @Option(help: "Instead of IMAGES: the first N digits of the MNIST test set.") var testDigits: Int?
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @Option(help: ArgumentHelp("Folder to write.", valueName: "dir")) var out = "projection"
    @Option(help: "Random starts per image (4 with --iterations 100: closer, 2.5 times the time).") var restarts = 2
    @Option(help: "Gradient steps.") var iterations = 80
    @Option(help: "Seed of the starts.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Classifier file (its features are part of the distance).", valueName: "file"))
    var classifier = ClassifierFile.bundled
    @Flag(help: "Write into a folder that already holds files.") var force = false

    static let maxImages = 10_000

    func validate() throws {
        if (images == nil) == (testDigits == nil) {
            throw ValidationError("give IMAGES or --test-digits N (one of them)")
        }
        if let testDigits, !(1...10_000).contains(testDigits) {
            throw ValidationError("--test-digits must be an integer in 1...10000, got \(testDigits)")
        }
        if !(1...64).contains(restarts) {
            throw ValidationError("--restarts must be an integer in 1...64, got \(restarts)")
        }
        if !(1...10_000).contains(iterations) {
            throw ValidationError("--iterations must be an integer in 1...10000, got \(iterations)")
        }
    }

    /// The images to project, [N, 28, 28, C] in [0, 1], and a name for each.
    func targets() throws -> (Tensor, [String]) {
        if let testDigits {
            let mnist = try data.load()
            return (
                mnist.test.batch(0..<testDigits, scale: .unit),
                (0..<testDigits).map { "test digit \($0) (a \(mnist.test.labels($0..<($0 + 1))[0]))" }
            )
        }
        let images = images!
        let files: [String]
        if FileSystem.isDirectory(images) {
            files = try PNGFolder.pngNames(images).map { images + "/" + $0 }
            guard !files.isEmpty else { throw IOError(images, "holds no PNG images") }
            guard files.count <= Self.maxImages else {
                throw IOError(images, "holds \(files.count) PNGs, more than the \(Self.maxImages) projected at once")
            }
        } else {
            guard FileSystem.exists(images) else { throw IOError(images, "does not exist") }
            files = [images]
        }
        return (try PNGFolder.read(files: files), files.map { URL(fileURLWithPath: $0).lastPathComponent })
    }

    func run() throws {
        try OutputGuard.checkFolder(out)
        if !force, let present = try? FileManager.default.contentsOfDirectory(atPath: out), !present.isEmpty {
            throw IOError(out, "already holds files; choose a new folder or pass --force")
        }
        let (targets, names) = try targets()
        let g = try model.load()
        if targets.shape[3] != g.config.imageSpec.channels {
            throw IOError(
                images ?? "the test digits",
                "\(images.map { FileSystem.isDirectory($0) ? "holds" : "is" } ?? "are") \(targets.shape[3] == 3 ? "RGB" : "grayscale"), but the model \(g.path) draws \(g.config.imageSpec.channels == 3 ? "RGB Stacked-MNIST images" : "grayscale digits")"
            )
        }
        let judge = try ClassifierFile.load(
            classifier == ClassifierFile.bundled ? Installation.locate(classifier) : classifier)
        var projector = Projector()
        (projector.restarts, projector.iterations, projector.seed) = (restarts, iterations, seed)
        Console.info(
            "projecting \(names.count) image\(names.count == 1 ? "" : "s") onto \(g.path): \(restarts) starts, \(iterations) steps"
        )
        let start = DispatchTime.now().uptimeNanoseconds
        let r = try projector.project(targets, on: g, classifier: judge.network)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try makeFolder(out)
        let comment = "projected from \(images ?? "the MNIST test set") onto \(g.path) step \(g.step)"
        try Latents.write(r.latents, to: out + "/latents.txt", comment: comment)
        if let labels = r.labels {
            try Labels.write(
                labels, to: out + "/labels.txt", kind: g.isConditional ? "classes" : "code values", comment: comment)
        }
        let recon = Image.digits(r.images)
        for (i, image) in recon.enumerated() {
            try PNG.write(image, to: out + String(format: "/sample-%05d.png", i), durable: false)
        }
        let originals = Image.digits(
            Tensor(shape: targets.shape, values: (0..<targets.count).map { targets.pointer[$0] * 2 - 1 }))
        try PNG.write(Self.sideBySide(originals, recon), to: out + "/side-by-side.png")
        let digits = g.config.imageSpec.channels == 1
        for (i, name) in names.enumerated() {
            var line = name + String(format: ": pixel RMSE %.1f", r.pixelRMSE[i])
            if digits {
                line += String(
                    format: ", feature distance %.3f, class %d -> %d", r.featureRMSE[i], r.targetClass[i],
                    r.reconstructionClass[i])
            }
            print(line)
        }
        if digits {
            let kept = zip(r.targetClass, r.reconstructionClass).filter { $0 == $1 }.count
            Console.info(
                String(
                    format: "%d of %d reconstructions keep the original's class; mean pixel RMSE %.1f; %.1f s", kept,
                    names.count, r.pixelRMSE.reduce(0, +) / Double(names.count), seconds))
        }
        Console.info("wrote \(out)/latents.txt, \(out)/sample-00000.png ..., \(out)/side-by-side.png")
    }

    /// Pairs in columns: originals in the even rows, their reconstructions below, 16 pairs a row.
    static func sideBySide(_ originals: [Image], _ recon: [Image]) -> Image {
        let per = 16
        var tiles: [Image] = []
        for row in stride(from: 0, to: originals.count, by: per) {
            let part = row..<min(originals.count, row + per)
            let blank = Image(width: 28, height: 28, channels: originals[0].channels, fill: 128)
            let pad = per - part.count
            tiles += Array(originals[part]) + Array(repeating: blank, count: originals.count > per ? pad : 0)
            tiles += Array(recon[part]) + Array(repeating: blank, count: originals.count > per ? pad : 0)
        }
        return Image.grid(tiles, columns: min(per, originals.count), border: 2, scale: 2)
    }
}
