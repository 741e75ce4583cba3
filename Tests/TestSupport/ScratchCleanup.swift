import Engine
import Foundation

/// Shared by the test targets. Scratch files and folders of this test process (names carrying "-PID" after a prefix below) are
/// removed when it exits; WGAN_KEEP_SCRATCH=1 keeps them for a look.
public enum ScratchCleanup {
    public static let registered: Void = {
        if ProcessInfo.processInfo.environment[EnvironmentVariable.keepScratch.rawValue] == nil {
            atexit { removeScratchOfThisProcess() }
        }
    }()
}

public func removeScratchOfThisProcess() {
    let tmp = NSTemporaryDirectory(), pid = String(getpid())
    for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
    where ["wgan-", "clf-", "notclf-", "latents-"].contains(where: name.hasPrefix)
        && name.range(of: "-\(pid)([-.]|$)", options: .regularExpression) != nil
    {
        try? FileManager.default.removeItem(atPath: (tmp as NSString).appendingPathComponent(name))
    }
}
