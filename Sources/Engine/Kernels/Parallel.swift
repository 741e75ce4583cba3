import CDNNL
import Dispatch
import Foundation

/// Runs `body(0) ... body(n - 1)` concurrently and returns when all are done.
///
/// The one place where work crosses threads. `body` is not `@Sendable`: the callers hand each
/// index its own disjoint part of the buffers (rows of an image batch, halves of a sum), which is
/// what makes the sharing safe; the box below only carries that promise past the compiler.
public func concurrently(_ n: Int, _ body: (Int) -> Void) {
    if BLAS.backend == .oneDNN && useOpenMP { return openMPConcurrently(n, body) }
    withoutActuallyEscaping(body) { escaping in
        let box = UncheckedBox(escaping)
        DispatchQueue.concurrentPerform(iterations: n) { box.value($0) }
    }
}

/// `WGAN_POOL=dispatch` keeps Dispatch's threads beside oneDNN's (to compare the two).
let useOpenMP = EnvironmentVariable.pool.value != "dispatch"

/// `concurrently` on OpenMP's team (the threads oneDNN computes on): thread t of T runs t, t + T, ...
/// A call from inside a team runs everything on its own thread (nested teams have one thread).
private func openMPConcurrently(_ n: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { escaping in
        var job = OpenMPJob(body: escaping, count: n)
        let ran = withUnsafeMutablePointer(to: &job) { pointer in
            wgan_gomp_parallel(
                { raw in
                    guard let job = raw?.assumingMemoryBound(to: OpenMPJob.self).pointee else { return }
                    let team = max(Int(wgan_omp_get_num_threads()), 1), me = Int(wgan_omp_get_thread_num())
                    for i in Swift.stride(from: me, to: job.count, by: team) { job.body(i) }
                }, pointer, UInt32(n))
        }
        if ran == 0 { for i in 0..<n { escaping(i) } }  // no libgomp: one thread
    }
}

private struct OpenMPJob {
    let body: (Int) -> Void
    let count: Int
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Splits 0..<n into `parts` contiguous ranges run concurrently (memory-bound loops such as
/// im2col use both cores while OpenBLAS is idle).
@inline(__always)
public func parallelRanges(_ n: Int, parts: Int = 2, minimum: Int = 2, _ body: (Range<Int>) -> Void) {
    let p = min(parts, n)
    if p <= 1 || n < minimum { body(0..<n); return }
    concurrently(p) { i in body((n * i / p)..<(n * (i + 1) / p)) }
}

/// `concurrently`, each worker in the caller's context: whether ops record, the kernel choices, the
/// work counters and the sgemm thread count (task-local values, and oneDNN's thread count, do not
/// cross into Dispatch's threads by themselves, so a worker would otherwise run the default kernels
/// on every core and count nothing).
public func concurrentlyInContext(_ n: Int, _ body: (Int) -> Void) {
    let recording = GradMode.isEnabled, kernels = ConvKernels.current, counters = WorkCounters.current
    let threads = BLAS.backend == .oneDNN ? BLAS.threads : nil  // OpenBLAS's count is process-wide already
    concurrently(n) { i in
        if let threads { BLAS.threads = threads }
        GradMode.with(recording) { kernels.using { WorkCounters.$current.withValue(counters) { body(i) } } }
    }
}
