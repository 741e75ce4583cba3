import Engine
import Foundation

/// Which sgemm kernels OpenBLAS runs. OpenBLAS picks them when it loads, from the processor, unless
/// the environment's OPENBLAS_CORETYPE names a family. An inherited OPENBLAS_CORETYPE=Haswell on a
/// processor with AVX-512 (the Zen 5 machines of this project set it) halves sgemm throughput (about
/// 160 against 430 GFLOP/s here), so the tools start again without it, once, before any work, and
/// OpenBLAS chooses its AVX-512 kernels. WGAN_OPENBLAS_CORETYPE=keep honours the inherited value: the
/// way to run the same kernels, and so get the same bytes, on processors of different kinds.
public enum BLASKernels {
    static let avx512Families: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

    /// Re-executes the running tool without OPENBLAS_CORETYPE when that keeps AVX-512 kernels from an
    /// AVX-512 processor; returns when nothing needs to change.
    public static func preferProcessorKernels() {
        let env = ProcessInfo.processInfo.environment
        guard let forced = env["OPENBLAS_CORETYPE"], !forced.isEmpty,
            EnvironmentVariable.openBLASCoreType.value != "keep",
            env["WGAN_OPENBLAS_REEXEC"] == nil, !avx512Families.contains(BLAS.coreName),
            CPUInfo.flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"])
        else { return }
        unsetenv("OPENBLAS_CORETYPE")
        setenv("WGAN_OPENBLAS_REEXEC", forced, 1)  // once only; also records what was overridden
        let args = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        // The executable's own path, so the process keeps its name (ps, pgrep) after the exec.
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        execv(exe, &argv)
        setenv("OPENBLAS_CORETYPE", forced, 1)  // exec failed: carry on as we were
    }
}
