import Dispatch

/// Splits 0..<n into `parts` contiguous ranges run concurrently (memory-bound loops such as
/// im2col use both cores while OpenBLAS is idle).
@inline(__always)
public func parallelRanges(_ n: Int, parts: Int = 2, minimum: Int = 2, _ body: (Range<Int>) -> Void) {
    let p = min(parts, n)
    if p <= 1 || n < minimum { body(0..<n); return }
    DispatchQueue.concurrentPerform(iterations: p) { i in
        body((n * i / p)..<(n * (i + 1) / p))
    }
}
