import ArgumentParser
import Foundation
import IO
import WGAN

/// The classes asked of a conditional generator: --digit, --digits or --labels (shared by
/// wgan-sample and wgan-interpolate). An unconditional model refuses them, and a conditional one
/// needs one of them, each in one line naming the model.
public struct ClassOptions: ParsableArguments {
    @Option(help: "Conditional models: every digit of this class (0-9).") public var digit: Int?
    @Option(help: ArgumentHelp("Conditional models: these classes in order (0-9, 1,3,5, 0-4,7); --count digits of each, one grid row per class.", valueName: "list"))
    public var digits: String?
    @Option(help: ArgumentHelp("Conditional models: the classes of a labels file (one digit per line, as written beside the latents).", valueName: "file"))
    public var labels: String?

    public init() {}

    public func validate() throws {
        if [digit != nil, digits != nil, labels != nil].filter({ $0 }).count > 1 { throw ValidationError("choose one of --digit, --digits, --labels") }
        if let digit, !(0...9).contains(digit) { throw ValidationError("--digit must be a digit 0-9, got \(digit)") }
        if let digits, Labels.parse(digits) == nil { throw ValidationError("--digits expects digits and ranges such as 0-9 or 1,3,5, got '\(digits)'") }
    }

    public var isGiven: Bool { digit != nil || digits != nil || labels != nil }

    /// The named digits (--digit or --digits), nil for none or a file.
    public var named: [Int]? { digit.map { [$0] } ?? digits.flatMap(Labels.parse) }

    /// Refuses class flags for an unconditional model, and their absence for a conditional one
    /// (unless the classes come from elsewhere: `implied`, the file beside given latents).
    public func check(_ g: LoadedGenerator, implied: Bool = false) throws {
        if g.isConditional && !isGiven && !implied {
            throw IOError(g.path, "is a conditional generator (trained with --conditional): choose classes with --digit D, --digits 0-9 or --labels FILE")
        }
        if !g.isConditional && isGiven {
            throw IOError(g.path, "is an unconditional generator: --digit, --digits and --labels need one trained with --conditional")
        }
    }
}
