import ArgumentParser
import Foundation

/// Messages on stderr, one line each, prefixed by the tool's name.
public enum Console {
    /// The running tool's name, as its executable is called.
    public static let tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "wgan").lastPathComponent

    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("\(tool): error: \(oneLine(message))\n".utf8))
    }

    public static func info(_ message: String) {
        FileHandle.standardError.write(Data("\(tool): \(oneLine(message))\n".utf8))
    }

    /// Control characters (a newline in a damaged file's attribute, say) written as escapes, so a
    /// message stays one line whatever a file holds.
    public static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return message
        }
        return String(
            message.unicodeScalars.map { s -> String in
                guard s.properties.generalCategory == .control else { return String(s) }
                return s == "\n" ? "\\n" : s == "\t" ? "\\t" : String(format: "\\x%02x", s.value)
            }.joined())
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
