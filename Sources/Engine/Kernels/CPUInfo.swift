import Foundation

/// What /proc/cpuinfo says of the processor (its first one), read once: for the key of the measured
/// kernel choice, and for the processor line every benchmark figure carries.
public enum CPUInfo {
    static let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""

    /// The value of the first line that starts with `name`, trimmed.
    public static func field(_ name: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name) }?.split(separator: ":", maxSplits: 1).last?
            .trimmingCharacters(in: .whitespaces)
    }

    public static let family: Int? = field("cpu family").flatMap { Int($0) }
    public static let flags: Set<String> = Set((field("flags") ?? "").split(separator: " ").map(String.init))
}
