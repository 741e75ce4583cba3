import Foundation
import Synchronization

/// SIGINT and SIGTERM ask training to stop after the current generator iteration.
/// A second SIGINT leaves the handler in place: the iteration still finishes and the checkpoint is written.
///
/// The handler never runs on a thread that computes. oneDNN 2.6's JIT sgemm kernels (the Zen 4
/// default) point rsp at a heap buffer while they run, so a handler entered there writes its
/// signal frame into the heap (oneDNN issue #4845, fixed upstream in 2026, not in Debian 12's 2.6.3):
/// Ctrl-C then crashed about one run in twenty, or could corrupt the weights it was about to save.
/// `install()` therefore blocks both signals in the calling thread, which every compute thread
/// created later inherits (OpenMP's team, Dispatch's workers), and unblocks them in one thread
/// that only waits for them.
public enum StopSignal {
    /// The signal received (0: none); a lock-free atomic, safe to store from a signal handler.
    static let received = Atomic<Int32>(0)
    /// The name of the one thread that takes the signals (InterruptionTests look for it in /proc).
    static let threadName = "wgan-signals"

    /// Called once, first, before any sgemm has started a thread: by `Command.main`, for tools that train.
    static func install() {
        _ = received.load(ordering: .relaxed)  // initialise the global here, never in the handler
        signal(SIGINT) { s in StopSignal.received.store(s, ordering: .relaxed) }
        signal(SIGTERM) { s in StopSignal.received.store(s, ordering: .relaxed) }
        var both = stopSignals
        pthread_sigmask(SIG_BLOCK, &both, nil)
        let waiter = Thread {
            nameThisThread(threadName)
            var both = stopSignals
            pthread_sigmask(SIG_UNBLOCK, &both, nil)
            while true { pause() }
        }
        waiter.start()
    }

    /// Foundation's `Thread.name` did not always reach the kernel's name on Linux (seen in /proc);
    /// the thread's own comm file always does.
    static func nameThisThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        _ = name.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    static var stopSignals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    public static var requested: Bool { received.load(ordering: .relaxed) != 0 }
    public static var name: String { received.load(ordering: .relaxed) == SIGTERM ? "SIGTERM" : "SIGINT" }
    /// 128 + the signal number, the shell's convention for a run stopped by a signal.
    public static var exitCode: Int32 { 128 + received.load(ordering: .relaxed) }
}
