import Engine
import Foundation
import IO

/// The fastest kernels for this machine, chosen by measuring rather than by a table of processors.
/// The first tool that needs kernels on a machine times one training step of the recommended
/// recipe on each candidate (sgemm: OpenBLAS or oneDNN; strided convolutions: the project's or
/// oneDNN's), each in a child `wgan-bench` so that the choices, fixed per process, do not mix; it
/// keeps the fastest in the user's cache folder, keyed by everything that decides it (processor,
/// library versions, threads). Later runs read it at once. `WGAN_SGEMM` and `WGAN_CONV` override.
/// The choice reaches the engine through those two variables, set before any kernel runs.
public enum KernelTuning {
    public struct Candidate: Codable, Equatable, Sendable {
        public var sgemm: String
        public var conv: String
        public var label: String {
            "sgemm \(sgemm == "onednn" ? "oneDNN" : "OpenBLAS"), convolutions \(conv == "onednn" ? "oneDNN" : "the project's")"
        }
    }

    public static let candidates = [
        Candidate(sgemm: "openblas", conv: "ours"), Candidate(sgemm: "onednn", conv: "ours"),
        Candidate(sgemm: "onednn", conv: "onednn"), Candidate(sgemm: "openblas", conv: "onednn"),
    ]

    /// A measured choice as the cache stores it.
    public struct Entry: Codable, Sendable {
        public var choice: Candidate
        /// Seconds per step of each candidate, in `candidates` order.
        public var seconds: [Double]
        public var measured: String
    }

    /// The entry this process measured, if it did.
    nonisolated(unsafe) public private(set) static var measuredHere: Entry?

    /// Whether the user set each variable before the tool started (then it is theirs, not ours).
    nonisolated(unsafe) public private(set) static var userSet = (sgemm: false, conv: false)

    /// `$XDG_CACHE_HOME/wgan-swift/kernels.json`, else `~/.cache/...`.
    public static var cacheFile: String {
        let env = ProcessInfo.processInfo.environment
        let base =
            EnvironmentVariable.cacheHome.value.flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.cache")
        return base + "/wgan-swift/kernels.json"
    }

    /// What decides the choice: the processor, both libraries and the threads the tools use.
    public static var key: String {
        let flags = CPUInfo.flags.filter { $0.hasPrefix("avx") || $0 == "fma" || $0.hasPrefix("amx") }.sorted().joined(
            separator: " ")
        return [
            CPUInfo.field("model name") ?? "?", "family \(CPUInfo.family.map(String.init) ?? "?")",
            "model \(CPUInfo.field("model\t").flatMap { Int($0) }.map(String.init) ?? "?")", flags,
            BLAS.configuration, "OpenBLAS core \(BLAS.coreName)", "\(BLAS.oneDNNName) \(BLAS.oneDNNISA)",
            "\(ProcessInfo.processInfo.activeProcessorCount) threads",
        ].joined(separator: " | ")
    }

    static func readCache() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: cacheFile) else { return [:] }
        return (try? JSONDecoder().decode([String: Entry].self, from: data)) ?? [:]
    }

    /// Sets `WGAN_SGEMM` and `WGAN_CONV` (those the user left unset) to the measured choice: from the
    /// cache, or measured now (a few seconds, said in one line). `force` measures again.
    /// Returns the entry used, or nil when the user set both or nothing could be measured.
    @discardableResult
    public static func prepare(force: Bool = false) -> Entry? {
        userSet = (EnvironmentVariable.sgemm.value != nil, EnvironmentVariable.conv.value != nil)
        if userSet.sgemm && userSet.conv && !force { return nil }
        let k = key
        var entry = force ? nil : readCache()[k]
        if entry == nil {
            guard let measured = measure() else { return nil }
            (entry, measuredHere) = (measured, measured)
            var all = readCache()
            all[k] = measured
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            if let data = try? encoder.encode(all) {
                try? makeFolder(holding: cacheFile)
                try? AtomicFile.write(data, to: cacheFile)
            }
            let times = zip(candidates, measured.seconds).map { String(format: "%@ %.3f s", $0.0.label, $0.1) }.joined(
                separator: "; ")
            Console.info(
                "measured the kernels for this processor once (\(times)): \(measured.choice.label); kept in \(cacheFile)"
            )
        }
        guard let chosen = entry?.choice else { return nil }
        if !userSet.sgemm { setenv(EnvironmentVariable.sgemm.rawValue, chosen.sgemm, 1) }
        if !userSet.conv { setenv(EnvironmentVariable.conv.rawValue, chosen.conv, 1) }
        return entry
    }

    /// Uses `kernels` (a checkpoint's record) where the user did not choose: the way a resumed run
    /// computes the same bytes as an unbroken one. Call before any kernel runs.
    public static func adopt(_ kernels: KernelSet) {
        if !userSet.sgemm { setenv(EnvironmentVariable.sgemm.rawValue, kernels.sgemm, 1) }
        if !userSet.conv { setenv(EnvironmentVariable.conv.rawValue, kernels.conv, 1) }
    }

    /// Seconds per training step of each candidate: one child `wgan-bench` each (`--arch wide-compact`,
    /// batch 64, the step `wgan-train` runs; one untimed step, two timed), in rounds that alternate
    /// the candidates, the fastest of each kept.
    static func measure(rounds: Int = 1) -> Entry? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        let bench = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("wgan-bench").path
        guard FileManager.default.isExecutableFile(atPath: bench) else { return nil }
        var best = [Double](repeating: .infinity, count: candidates.count)
        for _ in 0..<rounds {
            for (i, c) in candidates.enumerated() {
                guard let s = timeStep(bench, c) else { continue }
                best[i] = min(best[i], s)
            }
        }
        guard let i = best.indices.min(by: { best[$0] < best[$1] }), best[i].isFinite else { return nil }
        return Entry(choice: candidates[i], seconds: best, measured: ISO8601DateFormatter().string(from: Date()))
    }

    static func timeStep(_ bench: String, _ c: Candidate) -> Double? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bench)
        p.arguments = ["--arch", "wide-compact", "--iterations", "2", "--warmup", "1", "--json"]
        var env = ProcessInfo.processInfo.environment
        (env[EnvironmentVariable.sgemm.rawValue], env[EnvironmentVariable.conv.rawValue]) = (c.sgemm, c.conv)
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return json["seconds_per_iteration"] as? Double
    }
}
