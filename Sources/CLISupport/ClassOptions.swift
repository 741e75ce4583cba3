import ArgumentParser
import Foundation
import IO
import WGAN

/// The digits asked of a conditional generator or of one with a named code (--digit, --digits), the
/// raw values of a code (--code), or a labels file (--labels). A model with neither classes nor a code
/// refuses them, a conditional one needs one of them, and one with a code draws its codes without
/// them; each refusal in one line naming the model.
public struct ClassOptions: ParsableArguments {
    @Option(
        help:
            "Every digit of this class (0-9): conditional models, and models whose code is named (the bundled one)."
    ) public var digit: Int?
    @Option(
        help: ArgumentHelp(
            "These digits in order (0-9, 1,3,5, 0-4,7); --count digits of each, one grid row per digit.",
            valueName: "list"))
    public var digits: String?
    @Option(
        help: ArgumentHelp(
            "Models with a code (--codes K): these raw code values (7, 0-9, 1,3,5), --count of each.",
            valueName: "list"))
    public var code: String?
    @Option(
        help: ArgumentHelp(
            "The classes or code values of a labels file (one per line, as written beside the latents).",
            valueName: "file"))
    public var labels: String?

    public init() {}

    public func validate() throws {
        if [digit != nil, digits != nil, code != nil, labels != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --digit, --digits, --code, --labels")
        }
        if let digit, !(0...9).contains(digit) { throw ValidationError("--digit must be a digit 0-9, got \(digit)") }
        if let digits {
            if let bad = Labels.badPart(digits) ?? Labels.parse(digits)?.first(where: { $0 > 9 }).map(String.init) {
                throw ValidationError(
                    "--digits expects digits and ranges such as 0-9 or 1,3,5; '\(bad)' is not one (got '\(digits)')")
            }
        }
        if let code, let bad = Labels.badPart(code) {
            throw ValidationError(
                "--code expects values and ranges such as 7, 0-9 or 1,3,5; '\(bad)' is not one (got '\(code)')")
        }
    }

    public var isGiven: Bool { digit != nil || digits != nil || code != nil || labels != nil }

    /// The values named by flags (digits or raw codes), nil for none or a file; how many rows they make.
    public var named: [Int]? { digit.map { [$0] } ?? (digits ?? code).flatMap(Labels.parse) }

    /// What the generator takes for the flags: classes, or code values (digits through the model's
    /// named code, or --code's raw values); nil for none or a file.
    public func values(for g: LoadedGenerator) throws -> [Int]? {
        if let code { return Labels.parse(code) }
        guard let digits = digit.map({ [$0] }) ?? digits.flatMap(Labels.parse) else { return nil }
        return try g.inputValues(forDigits: digits, flag: digit != nil ? "--digit" : "--digits")
    }

    /// Refuses class flags for a model with neither classes nor a code, their absence for a conditional
    /// one (unless the classes come from elsewhere: `implied`, the file beside given latents), and
    /// values the model does not have.
    public func check(_ g: LoadedGenerator, implied: Bool = false) throws {
        if g.isConditional && !isGiven && !implied {
            throw IOError(
                g.path,
                "is a conditional generator (trained with --conditional): choose classes with --digit D, --digits 0-9 or --labels FILE"
            )
        }
        if !g.isConditional && g.codes == 0 && isGiven {
            throw IOError(
                g.path,
                "is an unconditional generator: --digit, --digits and --labels need one trained with --conditional (or --codes K)"
            )
        }
        if g.codes == 0 && code != nil {
            throw IOError(g.path, "has no code: --code is for models trained with --codes K")
        }
        if let code { try g.checkInputValues(Labels.parse(code) ?? [], flag: "--code") }
    }
}

extension LoadedGenerator {
    /// Refuses values outside the model's classes or codes, naming the flag and the model.
    public func checkInputValues(_ values: [Int], flag: String) throws {
        guard let bad = values.first(where: { $0 >= inputValues }) else { return }
        let what =
            isConditional ? "classes 0-9" : "code values 0-\(inputValues - 1) (trained with --codes \(inputValues))"
        throw IOError(path, "has \(what): \(flag) names \(bad)")
    }
}
