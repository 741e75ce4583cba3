import Dispatch
import Synchronization

/// How convolutions are computed. Both choices give the same sums up to rounding; the benchmark
/// compares them and the tests check they agree.
public struct ConvKernels: Sendable, Equatable {
    /// Skip the taps that fall on zero padding (`ConvTapGroup`) where that saves a tenth of the work.
    public var skipPadding = true
    /// Fewest sgemm rows (images x pixels) of the smallest group for the grouped kernels.
    public var minimumGroupRows = 32
    /// oneDNN's convolutions for the strided passes where they were measured faster
    /// (`ConvGeometry.usesOneDNN`); on when `WGAN_CONV` (the tools' measured choice) says so.
    public var oneDNN = OneDNNConv.enabledByDefault

    /// The default of `minimumGroupRows`, readable without fixing the process's kernel choice.
    public static let defaultMinimumGroupRows = 32

    public init(
        skipPadding: Bool = true, minimumGroupRows: Int = defaultMinimumGroupRows,
        oneDNN: Bool = OneDNNConv.enabledByDefault
    ) {
        (self.skipPadding, self.minimumGroupRows, self.oneDNN) = (skipPadding, minimumGroupRows, oneDNN)
    }

    /// The choices in force: a task-local value (per thread outside tasks), set for a scope with `using`.
    @TaskLocal public static var current = ConvKernels()

    /// Runs `body` with these kernel choices.
    public func using<R>(_ body: () throws -> R) rethrows -> R { try Self.$current.withValue(self, operation: body) }
}

/// What the kernels count while they run: sgemm work always, wall time per kernel when `timing`.
/// Bound for a scope with `measure`; safe to update from any thread (the counters are atomic or
/// behind a lock). Without one bound, counting costs one task-local read per kernel call.
public final class WorkCounters: Sendable {
    /// Floating-point operations issued to sgemm (2 m n k per call) and to oneDNN's convolutions (2 per
    /// multiply-add that touches the image).
    private let flopCount = Atomic<Int>(0)
    public let timing: Bool
    private let kernels = Mutex<[String: (seconds: Double, calls: Int)]>([:])

    public init(timing: Bool = false) { self.timing = timing }

    public var flops: Int { flopCount.load(ordering: .relaxed) }
    func add(flops n: Int) { flopCount.add(n, ordering: .relaxed) }

    func add(kernel: String, seconds: Double) {
        kernels.withLock { k in
            let t = k[kernel] ?? (0, 0)
            k[kernel] = (t.seconds + seconds, t.calls + 1)
        }
    }

    /// (name, seconds, calls), most expensive first.
    public var report: [(name: String, seconds: Double, calls: Int)] {
        kernels.withLock { k in k.map { ($0.key, $0.value.seconds, $0.value.calls) } }.sorted {
            $0.seconds > $1.seconds
        }
    }

    @TaskLocal static var current: WorkCounters?

    /// Runs `body` counting into `self`.
    public func measure<R>(_ body: () throws -> R) rethrows -> R { try Self.$current.withValue(self, operation: body) }
}

/// Times kernels into the bound `WorkCounters`, when it asks for timing.
public enum Profiler {
    @inline(__always)
    public static func measure<R>(_ name: @autoclosure () -> String, _ body: () throws -> R) rethrows -> R {
        guard let counters = WorkCounters.current, counters.timing else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { counters.add(kernel: name(), seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }
}
