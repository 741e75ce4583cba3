import COpenBLAS
import Dispatch

/// C[M,N] = alpha * op(A) op(B) + beta * C, row-major, op = optional transpose.
@inline(__always)
func gemm(_ site: StaticString = "sgemm", transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    WorkCounters.current?.add(flops: 2 &* m &* n &* k)
    Profiler.measure("\(site) \(m)x\(n)x\(k)\(transA ? "T" : "")\(transB ? "T" : "")") {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// C[M,N] = A^T B (+ beta C) with A [K, M] and B [K, N] for a small output and a long K (the first
/// convolution's weight gradient: M = 25, K = 32,768). OpenBLAS splits such a product poorly and runs
/// it at a few GFLOP/s; here each core takes half of K with a single-threaded sgemm, and the halves
/// are added. The split is fixed, so results are reproducible.
func gemmLongK(_ site: StaticString, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
               beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    WorkCounters.current?.add(flops: 2 &* m &* n &* k)
    let half = k / 2
    let partial = UnsafeMutablePointer<Float>.allocate(capacity: 2 * m * n)
    defer { partial.deallocate() }
    Profiler.measure("\(site) \(m)x\(n)x\(k)T split") {
        BLAS.withThreads(1) {
            concurrently(2) { p in
                let k0 = p == 0 ? 0 : half, kk = p == 0 ? half : k - half
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(kk), 1, a + k0 * lda, Int32(lda),
                            b + k0 * ldb, Int32(ldb), 0, partial + p * m * n, Int32(n))
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

/// The number of threads OpenBLAS uses: a setting of the library, so process-wide.
public enum BLAS {
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// Runs `body` with OpenBLAS on `count` threads, then restores the previous count (for sgemms
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
    /// assumed (`LatentTests`): OpenBLAS's AVX-512 kernels (SkylakeX, Cooperlake, SapphireRapids)
    /// accumulate each output in one order whatever its position; its Haswell kernels do not (an image
    /// in slot 1 of a batch differs in the last bit from the same image in slot 0).
    public static var rowsAreIndependent: Bool { ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(coreName) }

    /// The kernel family OpenBLAS chose for this processor ("Haswell", "SkylakeX", "Cooperlake", ...).
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
    /// OpenBLAS's build description (version, threading, the core it was built for).
    public static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "unknown" }
}
