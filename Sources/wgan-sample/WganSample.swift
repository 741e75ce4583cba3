import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import WGAN

@main
struct WganSample: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-sample",
        abstract: "Generate MNIST digits as PNG from a trained generator.",
        discussion: """
        Without --grid: a folder of 28x28 grayscale PNGs sample-00000.png, ... With --grid COLS: one grid PNG. \
        The latent vectors used are written beside the images as text (one vector per line; \
        DIR/latents.txt, or NAME.latents.txt for a grid NAME.png) and can be fed back with --latents.
        """)

    @OptionGroup var model: ModelOptions
    @Option(help: "Number of digits.") var count = 64
    @Option(help: "Seed of the latent vectors.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Folder (default samples) or, with --grid, PNG file (default samples.png).", valueName: "path")) var out: String?
    @Option(help: ArgumentHelp("One grid PNG with this many columns.", valueName: "cols")) var grid: Int?
    @Option(help: "Enlarge each pixel K times (grid only).") var scale = 1
    @Option(help: "Border between grid cells, in pixels.") var border = 2
    @Option(help: ArgumentHelp("Latent vectors from a text file instead of a seed.", valueName: "file")) var latents: String?
    @Option(help: ArgumentHelp("With --latents: only these rows (0-based, comma-separated).", valueName: "list")) var indices: String?

    func validate() throws {
        if latents == nil && count <= 0 { throw ValidationError("--count must be a positive number, got \(count)") }
        if let grid, grid <= 0 { throw ValidationError("--grid must be a positive number of columns, got \(grid)") }
        if scale <= 0 || scale > 64 { throw ValidationError("--scale must lie in 1...64, got \(scale)") }
        if border < 0 || border > 64 { throw ValidationError("--border must lie in 0...64, got \(border)") }
        if indices != nil && latents == nil { throw ValidationError("--indices needs --latents FILE") }
    }

    func run() throws {
        try reportingErrors {
            let g = try model.load()
            let dim = g.config.latentDim
            let z: Tensor
            let origin: String
            if let latents {
                let rows: [Int]? = try indices.map { try parseList($0, "--indices") }
                z = try Latents.read(latents, dim: dim, indices: rows)
                origin = "from \(latents)" + (indices.map { " rows \($0)" } ?? "")
            } else {
                z = Latents.draw(seed: seed, count: count, dim: dim)
                origin = "seed \(seed)"
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let images = Image.digits(g.generate(z))
            let generated = DispatchTime.now().uptimeNanoseconds
            let comment = "\(origin), model \(g.path) step \(g.step)"
            if let grid {
                let path = out ?? "samples.png"
                try makeFolder(holding: path)
                try PNG.write(Image.grid(images, columns: grid, border: border, scale: scale, borderValue: 0), to: path)
                let latentPath = (path.hasSuffix(".png") ? String(path.dropLast(4)) : path) + ".latents.txt"
                try Latents.write(z, to: latentPath, comment: comment)
                Console.info("wrote \(images.count) digits as a \(grid)-column grid to \(path), latents to \(latentPath)")
            } else {
                let dir = out ?? "samples"
                try makeFolder(dir)
                for (i, image) in images.enumerated() {
                    try PNG.write(image, to: dir + "/" + String(format: "sample-%05d.png", i), durable: false)
                }
                try Latents.write(z, to: dir + "/latents.txt", comment: comment)
                Console.info("wrote \(images.count) digits to \(dir)/sample-00000.png ..., latents to \(dir)/latents.txt")
            }
            let done = DispatchTime.now().uptimeNanoseconds
            let genSeconds = Double(generated - start) / 1e9, total = Double(done - start) / 1e9
            Console.info(String(format: "generated %d in %.3f s (%.0f images/s), written in %.3f s", images.count, genSeconds,
                                Double(images.count) / max(genSeconds, 1e-9), total - genSeconds))
        }
    }
}
