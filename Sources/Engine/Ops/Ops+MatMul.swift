/// op(a) op(b) for rank-2 tensors, op = transpose when asked.
///
/// Gradients (G = dL/dC): for C = A B, dA = G B^T and dB = A^T G; the transposed forms follow by
/// swapping roles, and every one is again a matmul, so the rule differentiates to any order.
public func matmul(_ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
    precondition(a.rank == 2 && b.rank == 2, "matmul needs rank-2 tensors, got \(a.shape) and \(b.shape)")
    let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
    let k2 = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
    precondition(
        k == k2, "matmul inner sizes differ: \(a.shape)\(transA ? "^T" : "") x \(b.shape)\(transB ? "^T" : "")")
    let c = Tensor(shape: [m, n], zeroed: false)
    gemm(
        "sgemm dense", transA: transA, transB: transB, m: m, n: n, k: k, a: a.pointer, lda: a.shape[1],
        b: b.pointer, ldb: b.shape[1], c: c.pointer, ldc: n)
    return c.recorded(.matmul(transA: transA, transB: transB), [a, b])
}
