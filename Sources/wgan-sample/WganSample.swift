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
            Without --grid: a folder of 28x28 grayscale PNGs sample-00000.png, ..., generated in batches (any \
            count up to 10,000,000 in bounded memory). With --grid COLS: one grid PNG. The latent vectors used \
            are written beside the images as text (one vector per line; DIR/latents.txt, or NAME.latents.txt \
            for a grid NAME.png) and can be fed back with --latents. A conditional model (trained with \
            --conditional) is asked for classes: --digit 7, --digits 0-9 (--count of each, one grid row per class: \
            `--digits 0-9 --count 10 --grid 10` is a 10x10 grid) or --labels FILE; the classes are written \
            beside the latents (labels.txt, NAME.labels.txt) and read back with them. A model with a code \
            (trained with --codes K) draws its code values from --seed as in training; when its code is named \
            (the bundled model; `wgan-export` names a code), --digit and --digits ask it for digits as well, \
            and --code gives raw code values. The code values are written and read back the same way.
            """)

    static let maxCount = 10_000_000, maxGridCount = 100_000, maxGridPixels = 1 << 28

    @OptionGroup var model: ModelOptions
    @OptionGroup var classes: ClassOptions
    @Option(help: "Number of digits (up to 10,000,000; 100,000 in a grid); with --digits, of each class.") var count =
        64
    @Option(help: "Seed of the latent vectors.") var seed: UInt64 = 0
    @Option(
        help: ArgumentHelp(
            "Folder (default samples) or, with --grid, PNG file (default samples.png).", valueName: "path")) var out:
        String?
    @Option(help: ArgumentHelp("One grid PNG with this many columns.", valueName: "cols")) var grid: Int?
    @Option(help: "Enlarge each pixel K times (grid only).") var scale = 1
    @Option(help: "Border between grid cells, in pixels.") var border = 2
    @Option(help: ArgumentHelp("Latent vectors from a text file instead of a seed.", valueName: "file")) var latents:
        String?
    @Option(help: ArgumentHelp("With --latents: only these rows (0-based, comma-separated).", valueName: "list"))
    var indices: String?
    @Option(
        help:
            "Multiply every drawn latent vector by this factor (0 < s <= 1: less variety, each class nearer its typical digit)."
    )
    var latentScale: Double = 1
    @Flag(help: "Replace an existing HDF5 file at --out (never one of this command's inputs).") var force = false

    func validate() throws {
        if latents == nil && !(1...Self.maxCount).contains(count) {
            throw ValidationError("--count must be an integer in 1...\(Self.maxCount), got \(count)")
        }
        if let grid {
            guard (1...1000).contains(grid) else {
                throw ValidationError("--grid must be a number of columns in 1...1000, got \(grid)")
            }
            if latents == nil && count > Self.maxGridCount {
                throw ValidationError("--count must be at most \(Self.maxGridCount) in a grid, got \(count)")
            }
        }
        if scale <= 0 || scale > 64 { throw ValidationError("--scale must lie in 1...64, got \(scale)") }
        if !(latentScale > 0 && latentScale <= 1) {
            throw ValidationError("--latent-scale must lie in (0, 1], got \(latentScale)")
        }
        if latentScale != 1 && latents != nil {
            throw ValidationError("--latent-scale applies to drawn latents, not to a --latents file")
        }
        if border < 0 || border > 64 { throw ValidationError("--border must lie in 0...64, got \(border)") }
        if indices != nil && latents == nil { throw ValidationError("--indices needs --latents FILE") }
        if let many = classes.named?.count, latents == nil,
            count * many > (grid == nil ? Self.maxCount : Self.maxGridCount)
        {
            throw ValidationError(
                "--count \(count) of each of \(many) classes is more than \(grid == nil ? Self.maxCount : Self.maxGridCount) digits"
            )
        }
        if (classes.named?.count ?? 0) > 1 && latents != nil {
            throw ValidationError(
                "--digits and a --code list draw their own latents: use --digit, one --code or --labels with --latents")
        }
    }

    /// The class (or code value) of each of `n` digits, or nil for a model that takes neither.
    func classList(_ g: LoadedGenerator, count n: Int, rows: [Int]?) throws -> [Int]? {
        let beside = latents.map { Labels.path(besideLatents: $0) }.flatMap {
            FileManager.default.fileExists(atPath: $0) ? $0 : nil
        }
        try classes.check(g, implied: beside != nil)
        guard g.inputValues > 0 else { return nil }
        if let file = classes.labels ?? (classes.isGiven ? nil : beside) {
            let list = try Labels.read(file, indices: rows, values: g.inputValues)
            guard list.count == n else { throw IOError(file, "holds \(list.count) labels for \(n) latent vectors") }
            return list
        }
        if let values = try classes.values(for: g) {
            // one value for every latent vector (a file's too), or --count of each
            if values.count == 1 { return Array(repeating: values[0], count: n) }
            return values.flatMap { Array(repeating: $0, count: count) }
        }
        return g.drawCodes(seed: seed, count: n)
    }

    /// The grid image's pixel count for `n` digits, checked before any work.
    func checkGridSize(_ n: Int, columns: Int) throws {
        let cols = min(columns, n), rows = (n + cols - 1) / cols, cell = 28 * scale + border
        let pixels = (cols * cell + border) * (rows * cell + border)
        guard pixels <= Self.maxGridPixels else {
            throw ValidationError(
                "a grid of \(n) digits in \(cols) columns at scale \(scale) would be \(pixels) pixels, more than \(Self.maxGridPixels): fewer digits, more columns or a smaller --scale"
            )
        }
    }

    func run() throws {
        let g = try model.load()
        let dim = g.config.latentDim
        let inputs =
            [model.path]
            + [latents, latents.map { Labels.path(besideLatents: $0) }, classes.labels].compactMap { $0 }
        // Latent vectors: all of a file at once (its size bounds them), or seeded batches.
        let rows: [Int]? = try indices.map { try parseList($0, "--indices") }
        let fromFile: Tensor? = try latents.map { try Latents.read($0, dim: dim, indices: rows) }
        let n = fromFile?.shape[0] ?? count * (classes.named?.count ?? 1)
        let classList = try classList(g, count: n, rows: rows)
        let origin =
            latents.map { "from \($0)" + (indices.map { " rows \($0)" } ?? "") } ?? "seed \(seed)"
            + (latentScale == 1 ? "" : " scaled by \(latentScale)")
        let comment = "\(origin), model \(g.path) step \(g.step)"
        let start = DispatchTime.now().uptimeNanoseconds
        var generating: UInt64 = 0, done = 0
        func generate(_ z: Tensor) -> [Image] {
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer { generating += DispatchTime.now().uptimeNanoseconds - t0; done += z.shape[0] }
            let labels = g.inputVectors(classList.map { Array($0[done..<(done + z.shape[0])]) })
            return Image.digits(g.generate(z, labels: labels))
        }
        func batches() -> AnySequence<Tensor> {
            if let fromFile {
                return AnySequence(
                    stride(from: 0, to: n, by: 1024).map { sliceBatch(fromFile, $0, min(1024, n - $0)) })
            }
            let s = Float(latentScale)
            return AnySequence(
                Latents.Batches(seed: seed, count: n, dim: dim).lazy.map { s == 1 ? $0 : Engine.scale($0, s) })
        }
        if let grid {
            try checkGridSize(n, columns: grid)
            let path = out ?? "samples.png"
            let latentPath = (path.hasSuffix(".png") ? String(path.dropLast(4)) : path) + ".latents.txt"
            let labelPath = Labels.path(besideLatents: latentPath)
            try OutputGuard.check(path, inputs: inputs, force: force)
            try OutputGuard.check(latentPath, inputs: inputs, force: force)
            if classList != nil { try OutputGuard.check(labelPath, inputs: inputs, force: force) }
            try makeFolder(holding: path)
            var images: [Image] = [], vectors: [Tensor] = []
            for z in batches() { images += generate(z); vectors.append(z) }
            try PNG.write(Image.grid(images, columns: grid, border: border, scale: scale, borderValue: 0), to: path)
            try Latents.write(concatBatch(vectors), to: latentPath, comment: comment)
            if let classList {
                try Labels.write(
                    classList, to: labelPath, kind: g.isConditional ? "classes" : "code values", comment: comment)
            }
            Console.info(
                "wrote \(images.count) digits as a \(grid)-column grid to \(path), latents to \(latentPath)"
                    + (classList == nil ? "" : ", classes to \(labelPath)"))
        } else {
            var dir = out ?? "samples"
            while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
            try OutputGuard.checkFolder(dir)
            try OutputGuard.check(dir + "/latents.txt", inputs: inputs, force: force)
            if classList != nil { try OutputGuard.check(dir + "/labels.txt", inputs: inputs, force: force) }
            try checkSpace(dir, images: n, dim: dim)  // before the folder is made: a refusal leaves nothing
            try makeFolder(dir)
            let writer = try Latents.Writer(path: dir + "/latents.txt", count: n, dim: dim, comment: comment)
            var written = 0
            for z in batches() {
                for image in generate(z) {
                    try PNG.write(image, to: dir + "/" + String(format: "sample-%05d.png", written), durable: false)
                    written += 1
                }
                try writer.append(z)
            }
            try writer.commit()
            if let classList {
                try Labels.write(
                    classList, to: dir + "/labels.txt", kind: g.isConditional ? "classes" : "code values",
                    comment: comment)
            }
            Console.info(
                "wrote \(written) digits to \(dir)/sample-00000.png ..., latents to \(dir)/latents.txt"
                    + (classList == nil ? "" : ", classes to \(dir)/labels.txt"))
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
            genSeconds = Double(generating) / 1e9
        Console.info(
            String(
                format: "generated %d in %.3f s (%.0f images/s), written in %.3f s", n, genSeconds,
                Double(n) / max(genSeconds, 1e-9), total - genSeconds))
    }

    /// One line before any work when the folder's file system cannot hold the images and latents
    /// (about 400 bytes a PNG, 12 a latent value).
    func checkSpace(_ dir: String, images n: Int, dim: Int) throws {
        var existing = dir
        while !FileSystem.exists(existing) && existing.contains("/") {
            existing = String(existing[..<existing.lastIndex(of: "/")!])
        }
        guard
            let free = DiskSpace.free(existing.isEmpty || !FileSystem.exists(existing) ? "." : existing).map(
                Double.init)
        else { return }
        let needed = Double(n) * (400 + 12 * Double(dim))
        if needed > free {
            throw IOError(
                dir,
                "\(n) digits and their latents need about \(DiskSpace.text(needed)), the disk has \(DiskSpace.text(free)) free"
            )
        }
    }
}
