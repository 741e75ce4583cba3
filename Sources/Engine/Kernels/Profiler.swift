import Dispatch

/// Wall-clock time and calls per kernel, when enabled (wgan-bench --profile). Off by default: then
/// `measure` is one branch.
public enum Profiler {
    nonisolated(unsafe) public static var enabled = false
    nonisolated(unsafe) static var totals: [String: (seconds: Double, calls: Int)] = [:]

    @inline(__always)
    public static func measure<R>(_ name: @autoclosure () -> String, _ body: () throws -> R) rethrows -> R {
        guard enabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let key = name()
            let t = totals[key] ?? (0, 0)
            totals[key] = (t.seconds + Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, t.calls + 1)
        }
        return try body()
    }

    public static func reset() { totals = [:] }

    /// (name, seconds, calls), most expensive first.
    public static var report: [(name: String, seconds: Double, calls: Int)] {
        totals.map { ($0.key, $0.value.seconds, $0.value.calls) }.sorted { $0.seconds > $1.seconds }
    }
}
