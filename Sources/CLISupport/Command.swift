import ArgumentParser
import Foundation

/// A command whose parse and validation errors are one line on stderr ("tool: error: ... (see tool --help)")
/// instead of ArgumentParser's message plus usage block. Help and version still go to stdout.
public protocol Command: ParsableCommand {}

extension Command {
    public static func main() {
        BLASKernels.preferProcessorKernels()
        let name = configuration.commandName ?? "wgan"
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if !(error is ExitCode) {
                let message = message(for: error).replacingOccurrences(of: "Error: ", with: "")
                    .split(separator: "\n").first.map(String.init) ?? "\(error)"
                let hint = error is ValidationError || code == .validationFailure ? " (see \(name) --help)" : ""
                Console.error(message + hint)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
