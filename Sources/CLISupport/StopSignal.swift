import Foundation
import Synchronization

/// SIGINT and SIGTERM ask training to stop after the current generator iteration.
/// A second SIGINT leaves the handler in place: the iteration still finishes and the checkpoint is written.
public enum StopSignal {
    /// The signal received (0: none); a lock-free atomic, safe to store from a signal handler.
    static let received = Atomic<Int32>(0)

    public static func install() {
        signal(SIGINT) { s in StopSignal.received.store(s, ordering: .relaxed) }
        signal(SIGTERM) { s in StopSignal.received.store(s, ordering: .relaxed) }
    }

    public static var requested: Bool { received.load(ordering: .relaxed) != 0 }
    public static var name: String { received.load(ordering: .relaxed) == SIGTERM ? "SIGTERM" : "SIGINT" }
    /// 128 + the signal number, the shell's convention for a run stopped by a signal.
    public static var exitCode: Int32 { 128 + received.load(ordering: .relaxed) }
}
