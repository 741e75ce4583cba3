import ArgumentParser
import Foundation

/// Messages on stderr, one line each, prefixed by the tool's name.
public enum Console {
    /// The running tool's name, as its executable is called.
    public static let tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "wgan").lastPathComponent

    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("\(tool): error: \(message)\n".utf8))
    }

    public static func info(_ message: String) {
        FileHandle.standardError.write(Data("\(tool): \(message)\n".utf8))
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Runs `body`; any error becomes one line on stderr and exit status 1.
public func reportingErrors<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        Console.error("\(error)")
        throw ExitCode(1)
    }
}
