import ArgumentParser
import Foundation

/// A command whose parse and validation errors are one line on stderr ("tool: error: ... (see tool --help)")
/// instead of ArgumentParser's message plus usage block. Help and version still go to stdout.
public protocol Command: ParsableCommand {
    /// Whether SIGINT and SIGTERM stop the tool cleanly (training tools) rather than end it at once.
    static var stopsOnSignal: Bool { get }
    /// Whether the tool computes with the engine's kernels (then they are chosen before it runs).
    static var usesKernels: Bool { get }
}

extension Command {
    public static var stopsOnSignal: Bool { false }
    public static var usesKernels: Bool { true }

    public static func main() {
        if stopsOnSignal { StopSignal.install() }  // before any thread exists to inherit the mask
        BLASKernels.preferProcessorKernels()
        let name = configuration.commandName ?? "wgan"
        do {
            var command = try parseAsRoot(negativeValuesAttached(Array(CommandLine.arguments.dropFirst())))
            if usesKernels { KernelTuning.prepare() }  // after parsing: help and bad flags never wait for it
            try command.run()
        } catch {
            // One status for one kind of error, whether validate() or run() threw it.
            let code = error is ValidationError ? .validationFailure : exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if !(error is ExitCode) {
                let message =
                    joinedLines(message(for: error).replacingOccurrences(of: "Error: ", with: "")) ?? "\(error)"
                let hint = error is ValidationError || code == .validationFailure ? " (see \(name) --help)" : ""
                Console.error(message + hint)
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// `--count -1` as `--count=-1`: ArgumentParser reads a lone `-1` as a short flag and says the value
/// is missing; attached, it is read as the value, so the bounds check can say what is allowed.
/// (No tool has a short flag that is a digit.)
func negativeValuesAttached(_ arguments: [String]) -> [String] {
    var out: [String] = []
    for a in arguments {
        if let last = out.last, last.hasPrefix("--"), last != "--", !last.contains("="),
            a.range(of: #"^-\.?[0-9]"#, options: .regularExpression) != nil
        {
            out[out.count - 1] = last + "=" + a
        } else {
            out.append(a)
        }
    }
    return out
}

/// ArgumentParser's message in one line: a list it prints one item a line ("one of the following:"
/// then "- dcgan", ...) is joined with commas instead of cut off.
func joinedLines(_ message: String) -> String? {
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard let first = lines.first else { return nil }
    let items = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
    return items.isEmpty ? first : first + " " + items.joined(separator: ", ")
}
