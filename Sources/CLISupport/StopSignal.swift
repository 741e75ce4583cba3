import Foundation

/// SIGINT and SIGTERM ask training to stop after the current generator iteration.
/// A second SIGINT leaves the handler in place: the iteration still finishes and the checkpoint is written.
public enum StopSignal {
    nonisolated(unsafe) static var received: Int32 = 0

    public static func install() {
        signal(SIGINT) { s in StopSignal.received = s }
        signal(SIGTERM) { s in StopSignal.received = s }
    }

    public static var requested: Bool { received != 0 }
    public static var name: String { received == SIGTERM ? "SIGTERM" : "SIGINT" }
    /// 128 + the signal number, the shell's convention for a run stopped by a signal.
    public static var exitCode: Int32 { 128 + received }
}
