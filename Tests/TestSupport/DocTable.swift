import Foundation

/// A table that a doc shows between `<!-- NAME: generated from SOURCE -->` and `<!-- end of NAME -->`
/// markers, kept equal to the code it is generated from.
public enum DocTable {
    /// The repository's root, from this file's path.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Nil when `doc` (relative to the root) shows `table` between the markers of `name`; otherwise
    /// what is wrong, with the expected table written to a temporary file to copy from.
    public static func mismatch(doc: String, name: String, source: String, table: String) throws -> String? {
        let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
        let begin = "<!-- \(name): generated from \(source) -->\n", end = "\n<!-- end of \(name) -->"
        guard let a = text.range(of: begin),
            let b = text.range(of: end, range: text.index(before: a.upperBound)..<text.endIndex)
        else {
            return "\(doc) lacks the \(name) markers"
        }
        let shown = a.upperBound <= b.lowerBound ? String(text[a.upperBound..<b.lowerBound]) : ""
        if shown == table { return nil }
        let expected = NSTemporaryDirectory() + name.replacingOccurrences(of: " ", with: "-") + ".md"
        try table.write(toFile: expected, atomically: true, encoding: .utf8)
        return "the \(name) of \(doc) is out of date; the table is in \(expected)"
    }
}
