import ArgumentParser
import Foundation
import IO
import WGAN

/// The classes asked of a conditional generator, or the code values of one with a code: --digit,
/// --digits or --labels (shared by wgan-sample and wgan-interpolate). A model with neither refuses
/// them, a conditional one needs one of them, and one with a code draws its codes without them; each
/// refusal in one line naming the model.
public struct ClassOptions: ParsableArguments {
    @Option(
        help:
            "Conditional models: every digit of this class (0-9); models with a code (--codes K): this code value (0 to K-1)."
    ) public var digit: Int?
    @Option(
        help: ArgumentHelp(
            "Conditional models: these classes in order (0-9, 1,3,5, 0-4,7), or a model's code values; --count digits of each, one grid row per value.",
            valueName: "list"))
    public var digits: String?
    @Option(
        help: ArgumentHelp(
            "The classes or code values of a labels file (one per line, as written beside the latents).",
            valueName: "file"))
    public var labels: String?

    public init() {}

    public func validate() throws {
        if [digit != nil, digits != nil, labels != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --digit, --digits, --labels")
        }
        if let digit, !(0...Labels.maxValue).contains(digit) {
            throw ValidationError("--digit must be a class 0-9 or a code value, got \(digit)")
        }
        if let digits, let bad = Labels.badPart(digits) {
            throw ValidationError(
                "--digits expects values and ranges such as 0-9 or 1,3,5; '\(bad)' is not one (got '\(digits)')")
        }
    }

    public var isGiven: Bool { digit != nil || digits != nil || labels != nil }

    /// The named values (--digit or --digits), nil for none or a file.
    public var named: [Int]? { digit.map { [$0] } ?? digits.flatMap(Labels.parse) }

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
        try g.checkInputValues(named ?? [], flag: digit != nil ? "--digit" : "--digits")
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
