import Foundation
import IO

/// Named codes: the digit each value of an unsupervised code makes, measured by the bundled
/// classifier when the generator is exported (`code_digits`, `code_purities`: root attributes of
/// a generator file, one value per code value, space-separated), so that `--digit 7` asks such a
/// model for a 7 as it asks a conditional one.
extension LoadedGenerator {
    /// The digit of each code value, when the file names them.
    public var codeDigits: [Int]? {
        guard codes > 0, let text = notes["code_digits"] else { return nil }
        let digits = text.split(separator: " ").compactMap { Int($0) }
        return digits.count == codes && digits.allSatisfy({ (0...9).contains($0) }) ? digits : nil
    }

    /// The share of each code value's samples in its digit.
    public var codePurities: [Double]? {
        guard codes > 0, let text = notes["code_purities"] else { return nil }
        let values = text.split(separator: " ").compactMap { Double($0) }
        return values.count == codes ? values : nil
    }

    /// What the generator takes for the digits `digits`: the classes themselves for a conditional
    /// model; for a model with named codes, the purest code value of each digit. Refuses, in one line
    /// naming the model, a model whose code is not named and a digit no code value makes.
    public func inputValues(forDigits digits: [Int], flag: String) throws -> [Int] {
        if isConditional { return digits }
        guard codes > 0 else { return digits }
        guard let names = codeDigits else {
            throw IOError(
                path,
                "has a code of \(codes) values that is not named, so \(flag) cannot tell which value makes which digit: name it with `wgan-export \(path) --out named.h5` (it measures the digit of each value), or give raw values with --code"
            )
        }
        let purity = codePurities ?? Array(repeating: 1, count: codes)
        return try digits.map { d in
            let values = names.indices.filter { names[$0] == d }
            guard let best = values.max(by: { purity[$0] < purity[$1] }) else {
                throw IOError(
                    path,
                    "makes the digits \(Set(names).sorted().map(String.init).joined(separator: ",")) with its code; \(flag) asks for \(d), which no code value makes"
                )
            }
            return best
        }
    }

    /// The notes that name a code: digits and purities of each value.
    public static func codeNotes(digits: [Int], purities: [Double]) -> [String: String] {
        [
            "code_digits": digits.map(String.init).joined(separator: " "),
            "code_purities": purities.map { String(format: "%.4f", $0.isFinite ? $0 : 0) }.joined(separator: " "),
        ]
    }
}
