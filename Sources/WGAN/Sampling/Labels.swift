import Engine
import Foundation
import IO

/// The classes a conditional generator is asked for (or the code values of one with a code): parsed
/// from flags, saved beside the latent vectors as text (one value per line) and read back.
public enum Labels {
    /// The largest value a flag or file may name: a class 0-9, or a code value (codes: at most 1,000).
    public static let maxValue = 999

    /// "7", "0-9", "1,3,5", "0-4,7": the values named, in order (repeats allowed), each 0...`maxValue`.
    public static func parse(_ text: String) -> [Int]? {
        var digits: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard (1...2).contains(ends.count), let a = ends.first!, let b = ends.last!, (0...maxValue).contains(a),
                (0...maxValue).contains(b), a <= b
            else { return nil }
            digits += Array(a...b)
        }
        return digits.isEmpty ? nil : digits
    }

    /// The first comma-separated part of `text` that `parse` cannot read ("-1", "3-", "x"), or nil.
    public static func badPart(_ text: String) -> String? {
        text.split(separator: ",", omittingEmptySubsequences: false).map(String.init).first { parse($0) == nil }
    }

    /// The file beside a latent file: NAME.latents.txt -> NAME.labels.txt, DIR/latents.txt -> DIR/labels.txt.
    public static func path(besideLatents latents: String) -> String {
        latents.hasSuffix("latents.txt")
            ? String(latents.dropLast("latents.txt".count)) + "labels.txt" : latents + ".labels.txt"
    }

    /// `kind`: what the values are, "classes" or "code values" (the generator's input either way).
    public static func write(_ labels: [Int], to path: String, kind: String = "classes", comment: String) throws {
        let text =
            "# wgan-swift labels: \(labels.count) \(kind), one per line, in the order of the latent vectors; \(comment)\n"
            + labels.map(String.init).joined(separator: "\n") + "\n"
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    /// Reads a labels file: one value 0..<`values` per line (a digit 0-9 by default; comments and blank
    /// lines skipped); `indices` picks rows.
    public static func read(_ path: String, indices: [Int]? = nil, values: Int = 10) throws -> [Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IOError(path, "missing or not a text file")
        }
        var labels: [Int] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            guard let v = Int(t), (0..<values).contains(v) else {
                throw IOError(
                    path,
                    "line \(n + 1) is '\(t.prefix(40))', expected \(values == 10 ? "a digit 0-9" : "a code value 0-\(values - 1)")"
                )
            }
            labels.append(v)
        }
        guard !labels.isEmpty else { throw IOError(path, "holds no labels") }
        return try (indices ?? Array(labels.indices)).map { i in
            guard labels.indices.contains(i) else {
                throw IOError(path, "has \(labels.count) labels, index \(i) is out of range")
            }
            return labels[i]
        }
    }

    /// Class vectors [n, classes]: one-hot, or for a morph the mix (1 - t) onehot(a) + t onehot(b).
    public static func vectors(_ labels: [Int], classes: Int = 10) -> Tensor { oneHot(labels, classes: classes) }

    /// Frames of a morph through the classes `keys` at `steps` frames a segment (both ends included;
    /// `loop` returns to the first): [frames, 10], linear between one-hot vectors, so the generator's
    /// class input moves in a straight line from one class embedding to the next.
    public static func morph(_ keys: [Int], steps: Int, loop: Bool, classes: Int = 10) -> Tensor {
        let segments = loop ? keys.count : keys.count - 1
        var rows: [[Float]] = []
        for s in 0..<segments {
            let (a, b) = (keys[s], keys[(s + 1) % keys.count])
            for j in 0..<steps where !(j == 0 && s > 0) && !(loop && s == segments - 1 && j == steps - 1) {
                let t = Float(j) / Float(steps - 1)
                var v = [Float](repeating: 0, count: classes)
                v[a] += 1 - t
                v[b] += t
                rows.append(v)
            }
        }
        return Tensor(shape: [rows.count, classes], values: rows.flatMap { $0 })
    }
}
