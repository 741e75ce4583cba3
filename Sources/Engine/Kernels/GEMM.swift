import CDNNL
import COpenBLAS
import Dispatch
import Foundation

/// C[M,N] = alpha * op(A) op(B) + beta * C, row-major, op = optional transpose.
@inline(__always)
func gemm(
    _ site: StaticString = "sgemm", transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    WorkCounters.current?.add(flops: 2 &* m &* n &* k)
    Profiler.measure("\(site) \(m)x\(n)x\(k)\(transA ? "T" : "")\(transB ? "T" : "")") {
        sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

/// The one call into a BLAS: oneDNN's sgemm or OpenBLAS's, as `BLAS.backend` says. oneDNN refuses
/// nothing that OpenBLAS accepts; should it ever return an error, OpenBLAS computes the product.
@inline(__always)
private func sgemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
) {
    if BLAS.backend == .oneDNN,
        dnnl_sgemm(
            transA ? 84 : 78, transB ? 84 : 78, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb),
            beta, c, Int64(ldc)) == dnnl_success
    {
        return
    }  // 84 "T", 78 "N"
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// C[M,N] = A^T B (+ beta C) with A [K, M] and B [K, N] for a small output and a long K (the first
/// convolution's weight gradient: M = 25, K = 32,768). OpenBLAS splits such a product poorly and runs
/// it at a few GFLOP/s; here each core takes half of K with a single-threaded sgemm, and the halves
/// are added. The split is fixed, so results are reproducible.
func gemmLongK(
    _ site: StaticString, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    WorkCounters.current?.add(flops: 2 &* m &* n &* k)
    let half = k / 2
    let partial = UnsafeMutablePointer<Float>.allocate(capacity: 2 * m * n)
    defer { partial.deallocate() }
    Profiler.measure("\(site) \(m)x\(n)x\(k)T split") {
        BLAS.withThreads(1) {
            concurrentlyInContext(2) { p in
                let k0 = p == 0 ? 0 : half, kk = p == 0 ? half : k - half
                sgemm(true, false, m, n, kk, 1, a + k0 * lda, lda, b + k0 * ldb, ldb, 0, partial + p * m * n, n)
            }
        }
        for i in 0..<m {
            for j in 0..<n {
                let sum = partial[i * n + j] + partial[m * n + i * n + j]
                c[i * ldc + j] = beta == 0 ? sum : beta * c[i * ldc + j] + sum
            }
        }
    }
}

/// Which library computes sgemm, and on how many threads.
public enum BLAS {
    public enum Backend: String, Sendable {
        case openBLAS = "OpenBLAS"
        case oneDNN
    }

    /// `WGAN_SGEMM=openblas` or `onednn`, which the tools set from a measurement on this machine
    /// (`KernelTuning` in CLISupport); OpenBLAS when unset. Fixed for the process, so a run computes
    /// the same bytes from start to end.
    public static let backend: Backend = {
        switch EnvironmentVariable.sgemm.value?.lowercased() {
        case "openblas": return .openBLAS
        case "onednn": return .oneDNN
        default: return .openBLAS
        }
    }()

    /// Threads for sgemm: OpenBLAS's count is process-wide; oneDNN's (OpenMP's) belongs to the calling
    /// thread, so workers that issue sgemms set their own (`concurrentlyInContext` carries it).
    public static var threads: Int {
        get { backend == .oneDNN ? Int(wgan_omp_get_max_threads()) : Int(openblas_get_num_threads()) }
        set {
            if backend == .oneDNN {
                wgan_omp_set_num_threads(Int32(newValue))
            } else {
                openblas_set_num_threads(Int32(newValue))
            }
        }
    }

    /// Runs `body` with sgemm on `count` threads, then restores the previous count (for sgemms
    /// issued concurrently by our own workers).
    public static func withThreads<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let saved = threads
        threads = count
        defer { threads = saved }
        return try body()
    }
}

extension BLAS {
    /// Whether a row's result of sgemm is the same wherever the row stands in its matrix. Measured, not
    /// assumed (`LatentTests`): oneDNN's sgemm and OpenBLAS's AVX-512 kernels (SkylakeX, Cooperlake,
    /// SapphireRapids) accumulate each output in one order whatever its position; OpenBLAS's Haswell
    /// kernels do not (an image in slot 1 of a batch differs in the last bit from the same image in slot 0).
    public static var rowsAreIndependent: Bool {
        backend == .oneDNN || ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(coreName)
    }

    /// "oneDNN 2.6.3 sgemm" or "OpenBLAS Cooperlake kernels": what computes the products.
    public static var kernelsDescription: String {
        backend == .oneDNN ? "\(oneDNNName) sgemm" : "OpenBLAS \(coreName) kernels"
    }

    /// The instruction set oneDNN's JIT kernels use here ("avx512_core_bf16", "avx2", ...): with the
    /// library and version, what decides their rounding.
    public static var oneDNNISA: String {
        switch dnnl_get_effective_cpu_isa() {
        case dnnl_cpu_isa_sse41: return "sse41"
        case dnnl_cpu_isa_avx: return "avx"
        case dnnl_cpu_isa_avx2: return "avx2"
        case dnnl_cpu_isa_avx512_mic: return "avx512_mic"
        case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops"
        case dnnl_cpu_isa_avx512_core: return "avx512_core"
        case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx"
        default: return "isa \(dnnl_get_effective_cpu_isa().rawValue)"
        }
    }

    /// "oneDNN 2.6.3": the library and version that runs, for the processor line.
    public static var oneDNNName: String {
        let v = dnnl_version().pointee
        return "oneDNN \(v.major).\(v.minor).\(v.patch)"
    }

    /// The kernel family OpenBLAS chose for this processor ("Haswell", "SkylakeX", "Cooperlake", ...).
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
    /// OpenBLAS's build description (version, threading, the core it was built for).
    public static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "unknown" }
}
