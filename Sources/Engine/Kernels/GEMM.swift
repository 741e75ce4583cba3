import COpenBLAS

/// C[M,N] = alpha * op(A) op(B) + beta * C, row-major, op = optional transpose.
@inline(__always)
func gemm(_ site: StaticString = "sgemm", transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    BLAS.flops &+= 2 &* m &* n &* k
    Profiler.measure("\(site) \(m)x\(n)x\(k)\(transA ? "T" : "")\(transB ? "T" : "")") {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// The number of threads OpenBLAS uses.
public enum BLAS {
    /// Floating-point operations issued to sgemm so far (2 m n k per call): the benchmark's work count.
    nonisolated(unsafe) public static var flops = 0

    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}
