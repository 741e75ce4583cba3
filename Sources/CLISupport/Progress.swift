import Foundation
import WGAN

/// Training progress: a bar redrawn in place on a terminal; in a log, a plain line for the first
/// and the last step and at most one every `interval` seconds between.
public final class Progress {
    let total: Int
    let first: Int
    let startTime = Date()
    var lastPlain = Date.distantPast
    let terminal = Console.stderrIsTerminal
    let interval: TimeInterval
    /// Training seconds the steps were fitted to (`wgan-train --minutes`), shown as time left.
    let budget: Double?

    public init(total: Int, startingAt first: Int, interval: TimeInterval = 10, budgetMinutes: Double? = nil) {
        (self.total, self.first, self.interval, self.budget) = (total, first, interval, budgetMinutes.map { $0 * 60 })
    }

    public func update(_ r: StepRecord) {
        let done = r.step - first
        let elapsed = Date().timeIntervalSince(startTime)
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - r.step) / rate : 0
        let figures =
            String(format: "D %.4f  GP %.4f  G %.4f  W %.4f", r.criticLoss, r.penalty, r.generatorLoss, r.wasserstein)
            + (r.info.map { String(format: "  Q %.4f", $0) } ?? "")
        let head =
            String(format: "step %d/%d  %.2f it/s  ETA %@", r.step, total, rate, Self.clock(eta))
            + (budget.map { "  budget \(Self.clock(max(0, $0 - r.seconds))) left of \(Self.clock($0))" } ?? "")
        if terminal {
            let width = 24, filled = Int(Double(width) * Double(r.step) / Double(max(total, 1)))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[2K[\(bar)] \(head)  \(figures)".utf8))
        } else if r.step == first + 1 || r.step == total || Date().timeIntervalSince(lastPlain) >= interval {
            lastPlain = Date()
            FileHandle.standardError.write(Data("\(Console.tool): \(head)  \(figures)\n".utf8))
        }
    }

    /// Ends the bar's line on a terminal.
    public func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    public static func clock(_ s: Double) -> String {
        guard s.isFinite else { return "--:--" }
        let t = Int(s.rounded())
        return t >= 3600
            ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
            : String(format: "%02d:%02d", t / 60, t % 60)
    }
}
