import Foundation

/// Every environment variable the tools and tests read, in one table: the code reads them through
/// it, and docs/env_vars.md shows it (a test keeps the doc equal to `markdownTable`).
public enum EnvironmentVariable: String, CaseIterable, Sendable {
    case sgemm = "WGAN_SGEMM"
    case conv = "WGAN_CONV"
    case pool = "WGAN_POOL"
    case guardFloats = "WGAN_GUARD"
    case home = "WGAN_HOME"
    case openBLASCoreType = "WGAN_OPENBLAS_CORETYPE"
    case fuzzCases = "WGAN_FUZZ_CASES"
    case fuzzSeed = "WGAN_FUZZ_SEED"
    case killRounds = "WGAN_KILL_ROUNDS"
    case killSeed = "WGAN_KILL_SEED"
    case keepScratch = "WGAN_KEEP_SCRATCH"
    case cacheHome = "XDG_CACHE_HOME"

    /// The value, or nil when unset or empty.
    public var value: String? {
        guard let v = ProcessInfo.processInfo.environment[rawValue], !v.isEmpty else { return nil }
        return v
    }

    /// (values, default, what it does), as docs/env_vars.md shows them.
    public var documentation: (values: String, byDefault: String, meaning: String) {
        switch self {
        case .sgemm:
            return (
                "`openblas`, `onednn`",
                "the faster on this machine, measured once and cached (`wgan-bench --tune`); OpenBLAS outside the tools",
                "which library computes sgemm; fixed for the process, so a run computes the same bytes from start to end"
            )
        case .conv:
            return (
                "`onednn`, `ours`",
                "the faster on this machine, measured with `WGAN_SGEMM`; the project's outside the tools",
                "whose kernels compute the critics' strided convolutions"
            )
        case .pool:
            return (
                "`dispatch`", "OpenMP's team when oneDNN computes sgemm",
                "`dispatch` runs the project's parallel passes on Dispatch's threads beside oneDNN's, to compare the two"
            )
        case .guardFloats:
            return (
                "`1`", "off",
                "16 guard floats past each end of every buffer, checked when the buffer is taken and given back: an out-of-bounds write stops the tool naming the buffer"
            )
        case .home:
            return (
                "a folder holding `Models/` and `Data/`",
                "the working folder, then `PREFIX/share/wgan-swift`, then the checkout the tools were built in",
                "where the bundled models and MNIST are found when a tool runs from elsewhere"
            )
        case .openBLASCoreType:
            return (
                "`keep`", "set aside on AVX-512 processors",
                "`keep` honours an inherited `OPENBLAS_CORETYPE` (older kernels): the way to run the same kernels, and get the same bytes, on processors of different kinds"
            )
        case .fuzzCases:
            return (
                "a count", "60 generator and classifier cases, 30 checkpoint cases",
                "tests: cases per kind of the seeded HDF5 fuzzer"
            )
        case .fuzzSeed:
            return ("a number", "a fixed seed, printed", "tests: the HDF5 fuzzer's seed, to replay or vary a run")
        case .killRounds:
            return ("a count", "4", "tests: runs killed with `kill -9` by the interruption test")
        case .killSeed:
            return ("a number", "9", "tests: the kill test's seed (when each kill lands)")
        case .cacheHome:
            return (
                "an absolute folder", "`~/.cache`",
                "where the measured kernel choice is kept (`wgan-swift/kernels.json`)"
            )
        case .keepScratch:
            return (
                "any value", "scratch folders are removed", "tests: keep the scratch folders of a test run for a look"
            )
        }
    }

    /// The table of docs/env_vars.md.
    public static var markdownTable: String {
        var lines = ["| variable | values | default | what it does |", "| --- | --- | --- | --- |"]
        for v in allCases {
            let d = v.documentation
            lines.append("| `\(v.rawValue)` | \(d.values) | \(d.byDefault) | \(d.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
