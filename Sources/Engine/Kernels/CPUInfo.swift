import Foundation

/// What /proc/cpuinfo says of the processor (its first one), read once: for the choice of sgemm and
/// convolution kernels, and for the processor line every benchmark figure carries.
public enum CPUInfo {
    static let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""

    /// The value of the first line that starts with `name`, trimmed.
    public static func field(_ name: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name) }?.split(separator: ":", maxSplits: 1).last?
            .trimmingCharacters(in: .whitespaces)
    }

    public static let family: Int? = field("cpu family").flatMap { Int($0) }
    public static let flags: Set<String> = Set((field("flags") ?? "").split(separator: " ").map(String.init))

    /// AMD family 25 (0x19) with AVX-512: Zen 4 (Zen 3, the same family, has no AVX-512).
    static var isZen4: Bool { family == 25 && flags.contains("avx512f") }
}
