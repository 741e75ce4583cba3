import ArgumentParser
import CLISupport
import Engine
import Foundation
import IO
import NN
import WGAN

/// Times generator iterations of the reference model (or another architecture) as ../shared/bench/torch_reference.py does:
/// n_critic critic updates (with the penalty for WGAN-GP), then one generator update.
@main
struct Bench: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-bench",
        abstract: "Time one generator iteration of the reference WGAN on this CPU.",
        discussion: "Random pixels stand in for MNIST (values do not change the cost). GFLOP/s counts the sgemm work actually issued (2mnk per call).")

    @Option(help: "Images per batch.") var batchSize = 64
    @Option(help: "Critic updates per generator update.") var nCritic = 3
    @Option(help: "Timed generator iterations.") var iterations = 5
    @Option(help: "Untimed iterations first.") var warmup = 1
    @Option(help: "wgan-gp or wgan-clip.") var loss: LossKind = .wganGP
    @Option(help: "Architecture to time (dcgan is the reference that torch_reference.py runs).") var arch: Architecture = .dcgan
    @Option(help: "OpenBLAS threads.") var threads = 2
    @Flag(help: "Multiply the convolutions' zero padding too, as before tap groups (for a side-by-side).") var densePadding = false
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Also print the time spent in each kernel (sgemm by call site, im2col, col2im, elementwise, optimizer).") var profile = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard nCritic > 0 else { throw ValidationError("--n-critic must be positive") }
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }

    func run() throws {
        BLAS.threads = threads
        try ConvKernels(skipPadding: !densePadding).using { try measure() }
    }

    func measure() throws {
        var rng = RandomGenerator(seed: 0)
        let g = arch.makeGenerator(latentDim: 128, rng: &rng), d = arch.makeCritic(rng: &rng)
        let og = Adam(parameters: g.parameters)
        let od: Optimizer = loss == .wganGP ? Adam(parameters: d.parameters) : RMSProp(parameters: d.parameters)
        let pool = rng.uniform(shape: [4096, 28, 28, 1], low: -1, high: 1)
        func iteration() throws {
            for _ in 0..<nCritic {
                let real = sliceBatch(pool, rng.below(4096 - batchSize), batchSize)
                _ = try criticStep(generator: g, critic: d, optimizer: od, real: real, loss: loss,
                                   gpWeight: 10, clip: 0.01, rng: &rng)
            }
            _ = try generatorStep(generator: g, critic: d, optimizer: og, batchSize: batchSize, rng: &rng)
        }
        for _ in 0..<warmup { try iteration() }
        let counters = WorkCounters(timing: profile)
        let start = DispatchTime.now().uptimeNanoseconds
        try counters.measure { for _ in 0..<iterations { try iteration() } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
        let gflops = Double(counters.flops) / Double(iterations) / seconds / 1e9
        let imagesPerSecond = Double(batchSize * nCritic) / seconds
        let peak = peakResidentMiB()
        if profile { printProfile(counters, seconds: seconds, iterations: iterations) }
        if json {
            let fields: [(String, String)] = [
                ("seconds_per_iteration", String(format: "%.4f", seconds)),
                ("critic_images_per_second", String(format: "%.1f", imagesPerSecond)),
                ("gflops", String(format: "%.1f", gflops)),
                ("gflop_per_iteration", String(format: "%.2f", Double(counters.flops) / Double(iterations) / 1e9)),
                ("batch_size", "\(batchSize)"), ("n_critic", "\(nCritic)"), ("loss", "\"\(loss.rawValue)\""), ("arch", "\"\(arch.rawValue)\""),
                ("iterations", "\(iterations)"), ("threads", "\(threads)"), ("skip_padding", "\(!densePadding)"), ("peak_memory_mib", String(format: "%.0f", peak)),
            ]
            print(jsonObject(fields))
        } else {
            print(String(format: "wgan-swift %@ %@ batch=%d n_critic=%d threads=%d%@: %.3f s per generator iteration, %.1f critic images/s, %.1f GFLOP/s (sgemm, %.1f GFLOP per iteration), peak memory %.0f MiB",
                         loss.rawValue, arch.rawValue, batchSize, nCritic, threads, densePadding ? " dense-padding" : "", seconds, imagesPerSecond,
                         gflops, Double(counters.flops) / Double(iterations) / 1e9, peak))
        }
    }
}


/// VmHWM of /proc/self/status: the peak resident set size.
func peakResidentMiB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kb / 1024
}

/// Kernel times per iteration, and what they leave (graph bookkeeping, reductions, shape ops, RNG).
func printProfile(_ counters: WorkCounters, seconds: Double, iterations: Int) {
    let n = Double(iterations)
    let rows = counters.report.map { ($0.name, $0.seconds / n, Double($0.calls) / n) }
    let rest = seconds - rows.reduce(0) { $0 + $1.1 }
    print("kernel                                      s/iter   share  calls/iter")
    for r in rows + [("other (reductions, shape ops, RNG, graph)", rest, 0)] {
        print(r.0.padding(toLength: 44, withPad: " ", startingAt: 0)
              + String(format: "%6.3f  %5.1f%%  %6@", r.1, 100 * r.1 / seconds, r.2 == 0 ? "" : String(format: "%.0f", r.2)))
    }
}
