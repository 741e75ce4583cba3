import Engine
import Foundation
import IO

/// Latent vectors: drawn from seeds, saved to and read from text files, and interpolated.
public enum Latents {
    /// `count` vectors z ~ N(0, 1) drawn in order from the generator seeded with `seed`.
    /// `draw(seed: S, count: 1)` is the first vector of `draw(seed: S, count: N)`.
    public static func draw(seed: UInt64, count: Int, dim: Int) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(shape: [count, dim])
    }

    /// The text format: a `#` header line, then one vector per line, values separated by spaces,
    /// printed with 9 significant digits (float32 round-trips exactly).
    public static func write(_ z: Tensor, to path: String, comment: String) throws {
        let w = try Writer(path: path, count: z.shape[0], dim: z.shape[1], comment: comment)
        try w.append(z)
        try w.commit()
    }

    /// `count` vectors drawn in batches: batch after batch from one generator gives the same vectors
    /// as `draw(seed:count:dim:)` at once (normal draws come in pairs, so a batch's size times `dim`
    /// is kept even).
    public struct Batches: Sequence, IteratorProtocol {
        var rng: RandomGenerator
        let dim: Int, total: Int, batch: Int
        var done = 0

        public init(seed: UInt64, count: Int, dim: Int, batch: Int = 1024) {
            (rng, self.dim, total) = (RandomGenerator(seed: seed), dim, count)
            self.batch = Swift.max(2, batch - batch % 2)
        }

        public mutating func next() -> Tensor? {
            guard done < total else { return nil }
            let n = Swift.min(batch, total - done)
            done += n
            return rng.normal(shape: [n, dim])
        }
    }

    /// A latent file written vector batch by vector batch into a temporary file beside `path`, renamed
    /// into place by `commit` (memory stays bounded for any count).
    public final class Writer {
        let path: String, temporary: String
        let handle: FileHandle
        let dim: Int

        public init(path: String, count: Int, dim: Int, comment: String) throws {
            (self.path, self.dim) = (path, dim)
            try AtomicFile.checkReplaceable(path)
            temporary = AtomicFile.temporaryPath(for: path)
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let h = FileHandle(forWritingAtPath: temporary)
            else {
                throw IOError(path, "cannot write (\(String(cString: strerror(errno))))")
            }
            handle = h
            try write("# wgan-swift latents: \(count) vectors of \(dim); \(comment)\n")
        }

        func write(_ text: String) throws {
            do { try handle.write(contentsOf: Data(text.utf8)) } catch {
                throw IOError(path, "cannot write (\((error as NSError).localizedDescription))")
            }
        }

        public func append(_ z: Tensor) throws {
            var text = ""
            for i in 0..<z.shape[0] {
                text += (0..<dim).map { String(format: "%.9g", z.pointer[i * dim + $0]) }.joined(separator: " ") + "\n"
            }
            try write(text)
        }

        public func commit() throws {
            try? handle.close()
            guard rename(temporary, path) == 0 else {
                throw IOError(path, "cannot rename into place (\(String(cString: strerror(errno))))")
            }
        }

        deinit {
            try? handle.close()
            unlink(temporary)  // gone already after a commit
        }
    }

    /// Reads a latent file, checking that every line has `dim` finite numbers; `indices` picks rows.
    public static func read(_ path: String, dim: Int, indices: [Int]? = nil) throws -> Tensor {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IOError(path, "missing or not a text file")
        }
        var rows: [[Float]] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            let values = t.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map { Float($0) }
            guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                throw IOError(path, "line \(n + 1) holds something that is not a number")
            }
            guard values.count == dim else {
                throw IOError(path, "line \(n + 1) has \(values.count) values, the model's latent size is \(dim)")
            }
            rows.append(values.map { $0! })
        }
        guard !rows.isEmpty else { throw IOError(path, "holds no latent vectors") }
        let chosen = try (indices ?? Array(rows.indices)).map { i -> [Float] in
            guard rows.indices.contains(i) else {
                throw IOError(path, "has \(rows.count) vectors, index \(i) is out of range")
            }
            return rows[i]
        }
        return Tensor(shape: [chosen.count, dim], values: chosen.flatMap { $0 })
    }

    public enum Mode: String, CaseIterable, Sendable {
        case slerp, lerp
    }

    /// The point at fraction t of the way from a to b. Slerp follows the great circle:
    /// sin((1-t)w)/sin(w) a + sin(tw)/sin(w) b with cos(w) = a.b / (|a||b|); where a and b are
    /// (nearly) parallel (sin w < 1e-6) it falls back to lerp, (1-t) a + t b. t = 0 and 1 return a and b exactly.
    public static func interpolate(_ a: [Float], _ b: [Float], t: Double, mode: Mode) -> [Float] {
        if t == 0 { return a }
        if t == 1 { return b }
        let da = a.map(Double.init), db = b.map(Double.init)
        var (wa, wb) = (1 - t, t)
        if mode == .slerp {
            let na = da.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = db.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let cosine = max(-1, min(1, zip(da, db).reduce(0) { $0 + $1.0 * $1.1 } / max(na * nb, 1e-30)))
            let omega = Foundation.acos(cosine), s = Foundation.sin(omega)
            if s > 1e-6 { (wa, wb) = (Foundation.sin((1 - t) * omega) / s, Foundation.sin(t * omega) / s) }
        }
        return zip(da, db).map { Float(wa * $0 + wb * $1) }
    }

    /// Frames along a path through `keyframes` (rows of [K, D]): `steps` frames per segment, the
    /// shared frame between segments counted once; `loop` adds the segment back to the start (its end
    /// frame, the start, left out). Returns [frames, D].
    public static func path(_ keyframes: Tensor, steps: Int, mode: Mode, loop: Bool) -> Tensor {
        let (k, d) = (keyframes.shape[0], keyframes.shape[1])
        let points = (0..<k).map { Array(UnsafeBufferPointer(start: keyframes.pointer + $0 * d, count: d)) }
        var frames: [[Float]] = [points[0]]
        let segments = loop ? k : k - 1
        for s in 0..<segments {
            let a = points[s], b = points[(s + 1) % k]
            for j in 1..<steps {
                let isLoopEnd = loop && s == segments - 1 && j == steps - 1
                if !isLoopEnd { frames.append(interpolate(a, b, t: Double(j) / Double(steps - 1), mode: mode)) }
            }
        }
        return Tensor(shape: [frames.count, d], values: frames.flatMap { $0 })
    }
}
