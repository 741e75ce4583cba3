import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import Metrics
import WGAN

@main
struct WganInterpolate: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-interpolate",
        abstract: "Walk the latent space of a trained generator between seeds or saved latent vectors.",
        discussion: """
            Keyframes come from --from-seed/--to-seed, --keyframes (seeds), or --latents FILE (with --indices); \
            with none of these, --paths random paths are drawn from --seed. The seed S stands for the first \
            vector that `wgan-sample --seed S` draws. Output: one PNG with a row per path and a column per frame \
            (--out), and optionally one PNG per frame (--frames DIR). A conditional model walks its latent space \
            with the class held fixed (--digit D), or morphs one class into the next at a fixed latent vector \
            (--morph 3,8: the class input moves in a straight line between the two; one path per --paths latent \
            drawn from --seed). A model with a code (trained with --codes K) holds each path's code value, drawn \
            from --seed; when its code is named (the bundled model), --digit and --morph take digits as they do \
            for a conditional model, and --code K and --morph-codes take raw code values.
            """)

    @OptionGroup var model: ModelOptions
    @Option(help: "The digit of every frame (0-9): conditional models and models with a named code.") var digit: Int?
    @Option(
        help: ArgumentHelp(
            "Morph through these digits (0-9, comma-separated) at fixed latent vectors: conditional models and models with a named code.",
            valueName: "list"))
    var morph: String?
    @Option(help: "Models with a code: the raw code value of every frame.") var code: Int?
    @Option(help: ArgumentHelp("Models with a code: morph through these raw code values.", valueName: "list"))
    var morphCodes: String?
    @Option(help: "Seed of the first keyframe.") var fromSeed: UInt64?
    @Option(help: "Seed of the last keyframe.") var toSeed: UInt64?
    @Option(help: ArgumentHelp("Seeds of the keyframes of one path, comma-separated.", valueName: "list"))
    var keyframes: String?
    @Option(help: ArgumentHelp("Keyframes from a latent text file (as wgan-sample writes).", valueName: "file"))
    var latents: String?
    @Option(help: ArgumentHelp("With --latents: the rows to use, in order.", valueName: "list")) var indices: String?
    @Option(
        help: ArgumentHelp(
            "Start at a real digit: its latent vector, found as wgan-project finds it.", valueName: "png"))
    var fromImage: String?
    @Option(help: ArgumentHelp("End at a real digit (with --from-image).", valueName: "png")) var toImage: String?
    @Option(
        help: ArgumentHelp("Keyframes from real digits: PNG files, comma-separated, each projected.", valueName: "list")
    )
    var imageKeyframes: String?
    @Option(help: "Without keyframes: number of random paths (rows).") var paths = 4
    @Option(help: "Without keyframes: keyframes per random path.") var points = 2
    @Option(help: "Without keyframes: seed of the random paths.") var seed: UInt64 = 0
    @Option(help: "slerp (great circle, the default) or lerp (straight line).") var mode: Latents.Mode = .slerp
    @Option(help: "Frames per segment, both ends included.") var steps = 10
    @Flag(help: "Close the path back to its first keyframe.") var loop = false
    @Option(help: ArgumentHelp("The strip or grid PNG.", valueName: "file")) var out = "interpolation.png"
    @Option(help: ArgumentHelp("Also write one PNG per frame into this folder.", valueName: "dir")) var frames: String?
    @Option(help: "Enlarge each pixel K times.") var scale = 2
    @Option(help: ArgumentHelp("Also write an animated GIF of the frames (all paths side by side).", valueName: "file"))
    var gif: String?
    @Option(help: "GIF frame time in hundredths of a second.") var delay = 8
    @Flag(help: "Replace an existing HDF5 file at --out or --gif (never one of this command's inputs).") var force =
        false

    static let maxFrames = 100_000, maxPixels = 1 << 28

    func validate() throws {
        if !(2...1000).contains(steps) {
            throw ValidationError(
                "--steps must be an integer in 2...1000 (frames per segment, both ends included), got \(steps)")
        }
        if !(1...1000).contains(paths) { throw ValidationError("--paths must be an integer in 1...1000, got \(paths)") }
        if !(2...1000).contains(points) {
            throw ValidationError("--points must be an integer in 2...1000, got \(points)")
        }
        if scale <= 0 || scale > 64 { throw ValidationError("--scale must lie in 1...64, got \(scale)") }
        if delay < 1 || delay > 6000 { throw ValidationError("--delay must lie in 1...6000, got \(delay)") }
        if (fromSeed == nil) != (toSeed == nil) { throw ValidationError("--from-seed and --to-seed go together") }
        if (fromImage == nil) != (toImage == nil) { throw ValidationError("--from-image and --to-image go together") }
        let sources = [fromSeed != nil, keyframes != nil, latents != nil, fromImage != nil, imageKeyframes != nil]
            .filter { $0 }.count
        if sources > 1 {
            throw ValidationError(
                "choose one of --from-seed/--to-seed, --keyframes, --latents, --from-image/--to-image, --image-keyframes"
            )
        }
        if let imageKeyframes, imageKeyframes.split(separator: ",").count < 2 {
            throw ValidationError("--image-keyframes needs at least 2 PNG files, comma-separated")
        }
        if imageFiles != nil && (digit != nil || code != nil || morphCodes != nil) {
            throw ValidationError("a walk between images takes each image's own class or code value")
        }
        if indices != nil && latents == nil { throw ValidationError("--indices needs --latents FILE") }
        if let digit, !(0...9).contains(digit) { throw ValidationError("--digit must be a digit 0-9, got \(digit)") }
        if let code, !(0...Labels.maxValue).contains(code) {
            throw ValidationError("--code must be a code value 0-\(Labels.maxValue), got \(code)")
        }
        if [digit != nil, code != nil, morph != nil, morphCodes != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --digit, --code, --morph, --morph-codes")
        }
        for (flag, list, top) in [("--morph", morph, 9), ("--morph-codes", morphCodes, Labels.maxValue)] {
            guard let list else { continue }
            if let bad = Labels.badPart(list) ?? Labels.parse(list)?.first(where: { $0 > top }).map(String.init) {
                throw ValidationError(
                    "\(flag) takes values 0-\(top) and ranges such as 3,8 or 0-9; '\(bad)' is not one")
            }
            guard let keys = Labels.parse(list), keys.count >= 2 else {
                throw ValidationError("\(flag) expects at least two values such as 3,8, got '\(list)'")
            }
            _ = keys
            if sources > 0 {
                throw ValidationError("\(flag) walks the classes at fixed latents: it goes without keyframes")
            }
        }
    }

    /// The frames' class (or code) vectors for `paths` rows of `perRow` frames, or nil for a model that
    /// takes neither. A model with a code holds each path's value, drawn from --seed, unless told.
    func classVectors(_ g: LoadedGenerator, paths: Int, perRow: Int) throws -> Tensor? {
        let asked = digit != nil || morph != nil || code != nil || morphCodes != nil
        if g.isConditional && digit == nil && morph == nil {
            throw IOError(
                g.path,
                "is a conditional generator (trained with --conditional): hold a class with --digit D, or morph with --morph 3,8"
            )
        }
        if g.inputValues == 0 && asked {
            throw IOError(
                g.path,
                "is an unconditional generator: --digit and --morph need one trained with --conditional (or --codes K)")
        }
        if g.codes == 0 && (code != nil || morphCodes != nil) {
            throw IOError(g.path, "has no code: --code and --morph-codes are for models trained with --codes K")
        }
        guard g.inputValues > 0 else { return nil }
        let held = try code.map { [$0] } ?? digit.map { try g.inputValues(forDigits: [$0], flag: "--digit") }
        let keys =
            try morphCodes.flatMap(Labels.parse)
            ?? morph.flatMap(Labels.parse).map { try g.inputValues(forDigits: $0, flag: "--morph") }
        try g.checkInputValues(held ?? [], flag: "--code")
        try g.checkInputValues(keys ?? [], flag: "--morph-codes")
        if let held { return Labels.vectors(Array(repeating: held[0], count: paths * perRow), classes: g.inputValues) }
        if let keys {
            return concatBatch(
                Array(repeating: Labels.morph(keys, steps: steps, loop: loop, classes: g.inputValues), count: paths))
        }
        let drawn = g.drawCodes(seed: seed, count: paths) ?? []
        return Labels.vectors(drawn.flatMap { Array(repeating: $0, count: perRow) }, classes: g.inputValues)
    }

    /// Keyframes [K, D] of each path.
    func keyframeSets(dim: Int) throws -> [Tensor] {
        func fromSeeds(_ seeds: [UInt64]) -> Tensor {
            Tensor(
                shape: [seeds.count, dim], values: seeds.flatMap { Latents.draw(seed: $0, count: 1, dim: dim).values })
        }
        if let fromSeed, let toSeed { return [fromSeeds([fromSeed, toSeed])] }
        if let keyframes {
            let seeds: [UInt64] = try parseList(keyframes, "--keyframes")
            guard seeds.count >= 2 else { throw ValidationError("--keyframes needs at least 2 seeds") }
            return [fromSeeds(seeds)]
        }
        if let latents {
            let rows: [Int]? = try indices.map { try parseList($0, "--indices") }
            let z = try Latents.read(latents, dim: dim, indices: rows)
            guard z.shape[0] >= 2 else { throw IOError(latents, "needs at least 2 vectors for a path") }
            return [z]
        }
        let all = Latents.draw(seed: seed, count: paths * points, dim: dim)
        return (0..<paths).map { sliceBatch(all, $0 * points, points) }
    }

    /// Frames of a path through `k` keyframes.
    func frames(keyframes k: Int) -> Int { (loop ? k : k - 1) * (steps - 1) + (loop ? 0 : 1) }

    /// The sizes of what would be written, checked before any frame is generated.
    func checkSizes(paths: Int, perRow: Int) throws {
        let total = paths * perRow, cell = 28 * scale + 2
        guard total <= Self.maxFrames else {
            throw ValidationError(
                "\(paths) path(s) of \(perRow) frames make \(total) frames, more than \(Self.maxFrames): fewer --steps, --points or --paths"
            )
        }
        let pixels = (perRow * cell + 2) * (paths * cell + 2)
        guard pixels <= Self.maxPixels else {
            throw ValidationError(
                "the strip would be \(pixels) pixels, more than \(Self.maxPixels): fewer frames or a smaller --scale")
        }
        if gif != nil {
            guard paths * cell + 2 <= 65_535, cell + 2 <= 65_535, perRow <= 10_000 else {
                throw ValidationError(
                    "a GIF holds at most 10000 frames of 65535 x 65535 pixels: \(perRow) frames of \(paths * cell + 2) pixels wide asked"
                )
            }
        }
    }

    /// The real digits a walk goes through, when given.
    var imageFiles: [String]? {
        if let fromImage, let toImage { return [fromImage, toImage] }
        return imageKeyframes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    func run() throws {
        let g = try model.load()
        let inputs = [model.path] + (latents.map { [$0] } ?? []) + (imageFiles ?? [])
        let keys: [Tensor]
        var projectedLabels: Tensor?
        if let files = imageFiles {
            let targets = try PNGFolder.read(files: files)
            if targets.shape[3] != g.config.imageSpec.channels {
                throw IOError(files[0], "does not have the channels of the model's images (\(g.path))")
            }
            let judge = try ClassifierFile.load(Installation.locate(ClassifierFile.bundled))
            Console.info("projecting \(files.count) images onto the generator (as wgan-project does)")
            let r = try Projector().project(targets, on: g, classifier: judge.network)
            for (file, rmse) in zip(files, r.pixelRMSE) {
                Console.info(String(format: "%@: reconstructed with pixel RMSE %.1f", file, rmse))
            }
            keys = [r.latents]
            projectedLabels = r.labels.map { Labels.morph($0, steps: steps, loop: loop, classes: g.inputValues) }
        } else if let list = morph ?? morphCodes, let classKeys = Labels.parse(list) {
            // One fixed latent vector per path, repeated for each class keyframe.
            let z = Latents.draw(seed: seed, count: paths, dim: g.config.latentDim)
            keys = (0..<paths).map { p in concatBatch(Array(repeating: sliceBatch(z, p, 1), count: classKeys.count))
            }
        } else {
            keys = try keyframeSets(dim: g.config.latentDim)
        }
        try checkSizes(paths: keys.count, perRow: frames(keyframes: keys[0].shape[0]))
        let labels =
            try imageFiles == nil
            ? classVectors(g, paths: keys.count, perRow: frames(keyframes: keys[0].shape[0])) : projectedLabels
        try OutputGuard.check(out, inputs: inputs, force: force)
        if let gif { try OutputGuard.check(gif, inputs: inputs, force: force) }
        if let frames { try OutputGuard.checkFolder(frames) }
        let walks = keys.map { Latents.path($0, steps: steps, mode: mode, loop: loop) }
        let perRow = walks[0].shape[0]
        let images = Image.digits(g.generate(concatBatch(walks), labels: labels))
        try makeFolder(holding: out)
        try PNG.write(Image.grid(images, columns: perRow, border: 2, scale: scale, borderValue: 0), to: out)
        if let frames {
            try makeFolder(frames)
            for (i, image) in images.enumerated() {
                try PNG.write(
                    Image.grid([image], columns: 1, border: 0, scale: scale),
                    to: frames + "/" + String(format: "frame-%05d.png", i), durable: false)
            }
        }
        if let gif {
            try makeFolder(holding: gif)
            // Frame f shows frame f of every path, side by side.
            let animation = (0..<perRow).map { f in
                Image.grid(
                    (0..<walks.count).map { images[$0 * perRow + f] }, columns: walks.count, border: 2,
                    scale: scale, borderValue: 0)
            }
            try GIF.write(animation, delay: delay, to: gif)
        }
        let what = morph.map { "morphing classes \($0)" } ?? (mode.rawValue + (digit.map { ", class \($0)" } ?? ""))
        Console.info(
            "wrote \(walks.count) path(s) of \(perRow) frames (\(what)) to \(out)"
                + (frames.map { ", frames to \($0)/" } ?? "") + (gif.map { ", animation to \($0)" } ?? ""))
    }
}
