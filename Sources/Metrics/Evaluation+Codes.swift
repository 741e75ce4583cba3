import Foundation

/// How a generator with an unsupervised code (InfoGAN) uses it: which digit each code value makes.
/// Purity is the share of samples the classifier puts in their code's most frequent digit, as in
/// clustering (1 when every code value makes one digit; the code is then a digit selector).
public struct CodeScores: Encodable, Sendable {
    public struct PerCode: Encodable, Sendable {
        public var code: Int
        /// Share of the samples drawn with this code value.
        public var share: Double
        /// The digit the classifier gives most of them, and the share of them it gives it.
        public var digit: Int
        public var purity: Double
        enum CodingKeys: String, CodingKey { case code, share, digit, purity }
    }
    public var purity: Double
    /// Distinct digits that are some code value's most frequent digit (10 when the code names every digit).
    public var digitsNamed: Int
    public var perCode: [PerCode]
    enum CodingKeys: String, CodingKey {
        case purity = "code_purity", digitsNamed = "code_digits_named", perCode = "per_code"
    }
}

extension Evaluation {
    /// The code table of samples drawn with code values `codes` (of `values`), from the classifier's
    /// `predictions` of them.
    public static func codes(predictions: [Int], codes: [Int], values: Int) -> CodeScores {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: values)
        for (c, p) in zip(codes, predictions) { counts[c][p] += 1 }
        let n = max(codes.count, 1)
        let perCode = counts.enumerated().map { k, row -> CodeScores.PerCode in
            let total = row.reduce(0, +), top = row.indices.max { row[$0] < row[$1] } ?? 0
            return .init(
                code: k, share: Double(total) / Double(n), digit: top,
                purity: total == 0 ? .nan : Double(row[top]) / Double(total))
        }
        let pure = counts.reduce(0) { $0 + ($1.max() ?? 0) }
        let named = Set(perCode.filter { $0.share > 0 }.map(\.digit)).count
        return CodeScores(purity: Double(pure) / Double(n), digitsNamed: named, perCode: perCode)
    }
}
