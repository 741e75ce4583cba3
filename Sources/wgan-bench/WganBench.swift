import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import NN
import WGAN

/// Times the training step `wgan-train` runs (`TrainingState.advance`: n_critic critic updates with
/// the penalty for WGAN-GP, a generator update, the moving average) of the reference model or of any
/// configuration, on synthetic images held in memory; or generation; and chooses the kernels.
@main
struct Bench: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-bench",
        abstract: "Time one generator iteration of the reference WGAN on this CPU.",
        discussion: """
            Without --arch: the reference pair (dcgan) with the reference recipe (Adam 2e-4, no moving average), \
            as torch_reference.py runs it; the training flags of wgan-train choose anything else. Random pixels \
            stand in for MNIST (values do not change the cost). GFLOP/s counts the sgemm work actually issued (2mnk per call). \
            Every figure names the processor it was taken on.
            """)

    @OptionGroup var training: TrainingOptions
    @Option(help: "Timed generator iterations.") var iterations = 5
    @Option(help: "Untimed iterations first.") var warmup = 1
    @Option(help: "OpenBLAS threads.") var threads = 2
    @Flag(help: "Multiply the convolutions' zero padding too, as before tap groups (for a side-by-side).")
    var densePadding = false
    @Option(
        help: ArgumentHelp(
            "Fewest sgemm rows of a tap group's smallest group for the grouped kernels (an experiment's knob).",
            visibility: .hidden))
    var minimumGroupRows = ConvKernels.defaultMinimumGroupRows
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(
        help: "Also print the time spent in each kernel (sgemm by call site, im2col, col2im, elementwise, optimizer).")
    var profile = false
    @Option(
        help: ArgumentHelp(
            "Time generating this many images instead of training (inference, as wgan-sample), from a fresh generator of --arch or from --model.",
            valueName: "n"))
    var sample: Int?
    @Option(
        help: ArgumentHelp("With --sample: the generator file, checkpoint or run folder to time.", valueName: "path"))
    var model: ModelPath?
    @Flag(
        help:
            "Time the reference critic's convolutions layer by layer (forward, input and weight gradients) at --batch-size images instead."
    )
    var convLayers = false
    @Flag(
        help:
            "Measure the kernels for this machine again (sgemm and convolutions), keep the fastest in the cache and print the times."
    )
    var tune = false

    func validate() throws {
        guard (1...100_000).contains(iterations) else {
            throw ValidationError("--iterations must be an integer in 1...100000, got \(iterations)")
        }
        guard (0...100_000).contains(warmup) else {
            throw ValidationError("--warmup must be an integer in 0...100000, got \(warmup)")
        }
        guard (1...256).contains(threads) else {
            throw ValidationError("--threads must be an integer in 1...256, got \(threads)")
        }
        if training.trainingImages != nil {
            throw ValidationError(
                "--training-images does not change the cost of a step: wgan-bench times random pixels")
        }
        if let sample, !(1...1_000_000).contains(sample) {
            throw ValidationError("--sample must be an integer in 1...1000000, got \(sample)")
        }
        if model != nil && sample == nil { throw ValidationError("--model goes with --sample N") }
        try training.refuseUnusedSettings()
        // A flag that cannot change what is timed is refused rather than ignored.
        let t = training
        let trainingOnly: [(String, Bool)] = [
            ("--loss", t.loss != nil), ("--n-critic", t.nCritic != nil), ("--lr", t.lr != nil),
            ("--critic-lr", t.criticLr != nil), ("--beta1", t.beta1 != nil), ("--beta2", t.beta2 != nil),
            ("--gp-weight", t.gpWeight != nil), ("--clip", t.clip != nil), ("--ema", t.ema != nil),
            ("--critic-warmup", t.criticWarmup != nil), ("--info-weight", t.infoWeight != nil),
            ("--dense-padding", densePadding), ("--profile", profile && convLayers),
        ]
        if sample != nil || convLayers || tune {
            let mode = sample != nil ? "--sample" : convLayers ? "--conv-layers" : "--tune"
            if let (flag, _) = (trainingOnly + [("--batch-size", t.batchSize != nil && sample != nil)]).first(where: {
                $0.1
            }) {
                throw ValidationError("\(flag) sets the training step; \(mode) times no training step")
            }
        }
        if model != nil,
            let (flag, _) = [
                ("--arch", t.arch != nil), ("--dataset", t.dataset != nil), ("--conditional", t.conditional),
                ("--codes", t.codes != nil), ("--latent-dim", t.latentDim != nil),
            ].first(where: { $0.1 })
        {
            throw ValidationError("\(flag) chooses a fresh generator; --model times the file's own")
        }
        if convLayers,
            let (flag, _) = [
                ("--arch", t.arch != nil), ("--dataset", t.dataset != nil), ("--conditional", t.conditional),
                ("--codes", t.codes != nil), ("--latent-dim", t.latentDim != nil),
            ].first(where: { $0.1 })
        {
            throw ValidationError("\(flag) has no effect on --conv-layers, which times the reference critic's layers")
        }
    }

    /// The reference recipe unless flags say otherwise.
    var config: TrainingConfig {
        var c = TrainingConfig.defaults(for: training.loss ?? .wganGP)
        if training.arch == nil && c.loss == .wganGP {
            (c.architecture, c.learningRate, c.emaDecay) = (.dcgan, 2e-4, 0)
        }
        training.apply(to: &c)
        return c
    }

    struct Result: Encodable {
        var secondsPerIteration, criticImagesPerSecond, gflops, gflopPerIteration, peakMemoryMiB: Double
        var batchSize, nCritic, iterations, threads: Int
        var loss, arch: String
        var skipPadding: Bool
        var kernels: String
        var processor: Processor

        enum CodingKeys: String, CodingKey {
            case secondsPerIteration = "seconds_per_iteration", criticImagesPerSecond = "critic_images_per_second",
                gflops
            case gflopPerIteration = "gflop_per_iteration", peakMemoryMiB = "peak_memory_mib", batchSize = "batch_size"
            case nCritic = "n_critic", iterations, threads, loss, arch, skipPadding = "skip_padding", kernels, processor
        }
    }

    func run() throws {
        if tune { return printTuning() }
        if let sample { return try timeSampling(sample) }
        if convLayers {
            BLAS.threads = threads
            return timeConvLayers(batch: training.batchSize ?? 64, repeats: 20)
        }
        let c = config
        try c.validateFlags()
        BLAS.threads = threads
        let counters = WorkCounters(timing: profile)
        let seconds = try ConvKernels(skipPadding: !densePadding, minimumGroupRows: minimumGroupRows).using {
            try time(c, counters)
        }
        let gflop = Double(counters.flops) / Double(iterations) / 1e9
        let result = Result(
            secondsPerIteration: seconds, criticImagesPerSecond: Double(c.batchSize * c.nCritic) / seconds,
            gflops: gflop / seconds, gflopPerIteration: gflop, peakMemoryMiB: peakResidentMiB(),
            batchSize: c.batchSize, nCritic: c.nCritic, iterations: iterations, threads: threads,
            loss: c.loss.rawValue, arch: c.architecture.rawValue, skipPadding: !densePadding,
            kernels: KernelSet.current.description, processor: .current)
        if profile { printProfile(counters, seconds: seconds, iterations: iterations) }
        if json {
            try printJSON(result)
        } else {
            print(
                String(
                    format:
                        "wgan-swift %@ %@ batch=%d n_critic=%d threads=%d%@: %.3f s per generator iteration, %.1f critic images/s, %.1f GFLOP/s (sgemm and oneDNN convolutions, %.1f GFLOP per iteration), peak memory %.0f MiB",
                    result.loss, result.arch, c.batchSize, c.nCritic, threads, densePadding ? " dense-padding" : "",
                    seconds,
                    result.criticImagesPerSecond, result.gflops, gflop, result.peakMemoryMiB))
            print("kernels: \(result.kernels)")
            print("processor: \(result.processor.summary)")
        }
    }

    /// Seconds per generator iteration of the step `wgan-train` runs, counting sgemm work into `counters`.
    func time(_ c: TrainingConfig, _ counters: WorkCounters) throws -> Double {
        let data = syntheticImages(count: max(4096, c.batchSize), seed: c.seed)
        var config = c
        config.steps = 1_000_000_000
        let state = TrainingState(config: config, datasetSize: data.count)
        for _ in 0..<warmup { try state.advance(data: data) }
        let start = DispatchTime.now().uptimeNanoseconds
        try counters.measure { for _ in 0..<iterations { try state.advance(data: data) } }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
    }

    /// Random pixels and labels in memory: the values do not change the cost.
    func syntheticImages(count: Int, seed: UInt64) -> MNISTSplit {
        var rng = RandomGenerator(seed: seed &+ 99)
        return MNISTSplit(
            images: (0..<(count * MNISTSplit.pixels)).map { _ in UInt8(rng.below(256)) },
            labels: (0..<count).map { _ in UInt8(rng.below(10)) })
    }

    /// `--tune`: measures again, caches, and prints each candidate's time.
    func printTuning() {
        guard let entry = KernelTuning.measuredHere ?? KernelTuning.prepare(force: true) else {
            print("wgan-bench: nothing measured (wgan-bench must sit beside this tool)")
            return
        }
        for (c, s) in zip(KernelTuning.candidates, entry.seconds) {
            print(
                String(
                    format: "%-50@ %.3f s per training step%@", c.label as NSString, s,
                    c == entry.choice ? "  <- chosen" : ""))
        }
        print("cached in \(KernelTuning.cacheFile)")
        print("processor: \(Processor.current.summary)")
    }
}

extension Bench {
    struct SampleResult: Encodable {
        var imagesPerSecond: Double, seconds: Double, images: Int, arch: String, model: String?, threads: Int
        var processor: Processor
        enum CodingKeys: String, CodingKey {
            case imagesPerSecond = "images_per_second", seconds, images, arch, model, threads, processor
        }
    }

    /// Images per second of `LoadedGenerator.generate` (after one untimed pass), the work of wgan-sample.
    func timeSampling(_ n: Int) throws {
        BLAS.threads = threads
        let g: LoadedGenerator
        if let model {
            g = try ModelOptions.load(model)
        } else {
            var rng = RandomGenerator(seed: 0)
            let c = config
            g = LoadedGenerator(
                network: c.architecture.makeGenerator(latentDim: c.latentDim, spec: c.imageSpec, rng: &rng), config: c,
                step: 0, path: "fresh")
        }
        let z = Latents.draw(seed: 1, count: n, dim: g.config.latentDim)
        let labels = g.inputVectors(g.isConditional ? (0..<n).map { $0 % 10 } : g.drawCodes(seed: 1, count: n))
        _ = g.generate(sliceBatch(z, 0, min(n, 64)), labels: labels.map { sliceBatch($0, 0, min(n, 64)) })
        let counters = WorkCounters(timing: profile)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = counters.measure { g.generate(z, labels: labels) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if profile { printProfile(counters, seconds: seconds, iterations: 1) }
        let r = SampleResult(
            imagesPerSecond: Double(n) / seconds, seconds: seconds, images: n, arch: g.config.architecture.rawValue,
            model: model?.given, threads: threads, processor: .current)
        if json {
            try printJSON(r)
        } else {
            print(
                String(
                    format: "wgan-swift generate %@%@ threads=%d: %d images in %.3f s, %.0f images/s", r.arch,
                    model.map { " (\($0))" } ?? "", threads, n, seconds, r.imagesPerSecond))
            print("processor: \(r.processor.summary)")
        }
    }
}

/// VmHWM of /proc/self/status: the peak resident set size.
func peakResidentMiB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

/// Kernel times per iteration, and what they leave (graph bookkeeping, reductions, shape ops, RNG).
/// Kernels that ran on both cores at once (sampling's two batches) add up to more than the wall
/// time: then the table is in thread-seconds and says so, and the rest is what the threads' total
/// leaves of twice the wall time.
func printProfile(_ counters: WorkCounters, seconds: Double, iterations: Int) {
    let n = Double(iterations)
    let rows = counters.report.map { ($0.name, $0.seconds / n, Double($0.calls) / n) }
    let kernels = rows.reduce(0) { $0 + $1.1 }
    let concurrent = kernels > seconds
    let total = concurrent ? 2 * seconds : seconds
    print("kernel                                      \(concurrent ? "thread-s" : "  s/iter")   share  calls/iter")
    for r in rows + [("other (graph, reductions, shape ops, idle)", max(0, total - kernels), 0)] {
        print(
            r.0.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%8.3f  %5.1f%%  ", r.1, 100 * r.1 / total)
                + (r.2 == 0 ? "" : String(format: "%.0f", r.2)).rightAligned(6))
    }
}
