import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
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
        (--out), and optionally one PNG per frame (--frames DIR).
        """)

    @OptionGroup var model: ModelOptions
    @Option(help: "Seed of the first keyframe.") var fromSeed: UInt64?
    @Option(help: "Seed of the last keyframe.") var toSeed: UInt64?
    @Option(help: ArgumentHelp("Seeds of the keyframes of one path, comma-separated.", valueName: "list")) var keyframes: String?
    @Option(help: ArgumentHelp("Keyframes from a latent text file (as wgan-sample writes).", valueName: "file")) var latents: String?
    @Option(help: ArgumentHelp("With --latents: the rows to use, in order.", valueName: "list")) var indices: String?
    @Option(help: "Without keyframes: number of random paths (rows).") var paths = 4
    @Option(help: "Without keyframes: keyframes per random path.") var points = 2
    @Option(help: "Without keyframes: seed of the random paths.") var seed: UInt64 = 0
    @Option(help: "slerp (great circle, the default) or lerp (straight line).") var mode: Latents.Mode = .slerp
    @Option(help: "Frames per segment, both ends included.") var steps = 10
    @Flag(help: "Close the path back to its first keyframe.") var loop = false
    @Option(help: ArgumentHelp("The strip or grid PNG.", valueName: "file")) var out = "interpolation.png"
    @Option(help: ArgumentHelp("Also write one PNG per frame into this folder.", valueName: "dir")) var frames: String?
    @Option(help: "Enlarge each pixel K times.") var scale = 2
    @Option(help: ArgumentHelp("Also write an animated GIF of the frames (all paths side by side).", valueName: "file")) var gif: String?
    @Option(help: "GIF frame time in hundredths of a second.") var delay = 8

    func validate() throws {
        if steps < 2 { throw ValidationError("--steps must be at least 2 (both ends of a segment), got \(steps)") }
        if paths <= 0 { throw ValidationError("--paths must be positive, got \(paths)") }
        if points < 2 { throw ValidationError("--points must be at least 2, got \(points)") }
        if scale <= 0 || scale > 64 { throw ValidationError("--scale must lie in 1...64, got \(scale)") }
        if delay < 1 || delay > 6000 { throw ValidationError("--delay must lie in 1...6000, got \(delay)") }
        if (fromSeed == nil) != (toSeed == nil) { throw ValidationError("--from-seed and --to-seed go together") }
        let sources = [fromSeed != nil, keyframes != nil, latents != nil].filter { $0 }.count
        if sources > 1 { throw ValidationError("choose one of --from-seed/--to-seed, --keyframes, --latents") }
        if indices != nil && latents == nil { throw ValidationError("--indices needs --latents FILE") }
    }

    /// Keyframes [K, D] of each path.
    func keyframeSets(dim: Int) throws -> [Tensor] {
        func fromSeeds(_ seeds: [UInt64]) -> Tensor {
            Tensor(shape: [seeds.count, dim], values: seeds.flatMap { Latents.draw(seed: $0, count: 1, dim: dim).values })
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

    func run() throws {
        try reportingErrors {
            let g = try model.load()
            let walks = try keyframeSets(dim: g.config.latentDim).map { Latents.path($0, steps: steps, mode: mode, loop: loop) }
            let perRow = walks[0].shape[0]
            let images = Image.digits(g.generate(concatBatch(walks)))
            try makeFolder(holding: out)
            try PNG.write(Image.grid(images, columns: perRow, border: 2, scale: scale, borderValue: 0), to: out)
            if let frames {
                try makeFolder(frames)
                for (i, image) in images.enumerated() {
                    try PNG.write(Image.grid([image], columns: 1, border: 0, scale: scale), to: frames + "/" + String(format: "frame-%05d.png", i), durable: false)
                }
            }
            if let gif {
                try makeFolder(holding: gif)
                // Frame f shows frame f of every path, side by side.
                let animation = (0..<perRow).map { f in
                    Image.grid((0..<walks.count).map { images[$0 * perRow + f] }, columns: walks.count, border: 2, scale: scale, borderValue: 0)
                }
                try GIF.write(animation, delay: delay, to: gif)
            }
            Console.info("wrote \(walks.count) path(s) of \(perRow) frames (\(mode.rawValue)) to \(out)" + (frames.map { ", frames to \($0)/" } ?? "") + (gif.map { ", animation to \($0)" } ?? ""))
        }
    }
}
