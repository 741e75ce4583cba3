import Engine
import Foundation

/// The evaluator's figures for one set of images (definitions in docs/metrics.md).
public struct Scores: Equatable, Sendable, Encodable {
    public var count: Int
    public var inceptionScore: Double
    public var inceptionScoreStd: Double
    public var classHistogram: [Int]
    public var modesCovered: Int
    public var klToUniform: Double
    public var minClassShare: Double
    public var meanConfidence: Double
    public var frechetDistance: Double
    public var precision: Double
    public var recall: Double

    /// The keys of `wgan-evaluate --json` (docs/metrics.md).
    enum CodingKeys: String, CodingKey {
        case count, inceptionScore = "inception_score", inceptionScoreStd = "inception_score_std", classHistogram =
            "class_histogram"
        case modesCovered = "modes_covered", klToUniform = "kl_to_uniform", minClassShare = "min_class_share"
        case meanConfidence = "mean_confidence", frechetDistance = "frechet_distance", precision, recall
    }
}

public enum Scoring {
    /// A class counts as covered when it holds at least this share of the expected 1/10.
    public static let coverageThreshold = 0.5

    /// exp(E_x KL(p(y|x) || p(y))), p(y) the split's mean prediction; mean and standard deviation
    /// over `splits` consecutive splits. `probs` is N x K row-major.
    public static func inceptionScore(_ probs: [Float], classes k: Int, splits: Int = 10) -> (mean: Double, std: Double)
    {
        let n = probs.count / k
        let s = max(1, min(splits, n))
        var scores: [Double] = []
        for part in 0..<s {
            let lo = n * part / s, hi = n * (part + 1) / s
            var marginal = [Double](repeating: 0, count: k)
            for i in lo..<hi { for j in 0..<k { marginal[j] += Double(probs[i * k + j]) } }
            for j in 0..<k { marginal[j] /= Double(hi - lo) }
            var kl = 0.0
            for i in lo..<hi {
                for j in 0..<k {
                    let p = Double(probs[i * k + j])
                    if p > 0 { kl += p * (log(p) - log(marginal[j])) }
                }
            }
            scores.append(exp(kl / Double(hi - lo)))
        }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let std = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count)).squareRoot()
        return (mean, std)
    }

    /// Counts of each predicted class; covered classes (share >= threshold x 1/K); KL(histogram || uniform)
    /// = sum_c q_c log(q_c K); the smallest share.
    public static func coverage(_ predictions: [Int], classes k: Int) -> (
        histogram: [Int], covered: Int, kl: Double, minShare: Double
    ) {
        var h = [Int](repeating: 0, count: k)
        for p in predictions { h[p] += 1 }
        let n = Double(max(predictions.count, 1))
        let shares = h.map { Double($0) / n }
        let covered = shares.filter { $0 >= coverageThreshold / Double(k) }.count
        let kl = shares.reduce(0.0) { $0 + ($1 > 0 ? $1 * log($1 * Double(k)) : 0) }
        return (h, covered, kl, shares.min() ?? 0)
    }

    /// Mean and covariance (unbiased) of N x D features, in Double.
    static func moments(_ x: [Float], dim d: Int) -> (mean: [Double], cov: SymmetricMatrix) {
        let n = x.count / d
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(x[i * d + j]) } }
        for j in 0..<d { mean[j] /= Double(n) }
        var cov = [Double](repeating: 0, count: d * d)
        var row = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { row[j] = Double(x[i * d + j]) - mean[j] }
            for a in 0..<d {
                let ra = row[a]
                if ra == 0 { continue }
                for b in a..<d { cov[a * d + b] += ra * row[b] }
            }
        }
        for a in 0..<d {
            for b in a..<d {
                cov[a * d + b] /= Double(max(n - 1, 1))
                cov[b * d + a] = cov[a * d + b]
            }
        }
        return (mean, SymmetricMatrix(n: d, values: cov))
    }

    /// ||mu1 - mu2||^2 + Tr(C1) + Tr(C2) - 2 Tr((C1 C2)^(1/2)), with Tr((C1 C2)^(1/2)) computed as the
    /// sum of square roots of the eigenvalues of C1^(1/2) C2 C1^(1/2) (symmetric, so Jacobi applies).
    public static func frechetDistance(_ a: [Float], _ b: [Float], dim d: Int) -> Double {
        let (m1, c1) = moments(a, dim: d), (m2, c2) = moments(b, dim: d)
        let s1 = c1.squareRoot()
        let inner = SymmetricMatrix(n: d, values: s1 * SymmetricMatrix(n: d, values: c2 * s1))
        let symmetric = SymmetricMatrix(
            n: d, values: (0..<(d * d)).map { i in (inner.a[i] + inner.a[(i % d) * d + i / d]) / 2 })
        let traceSqrt = symmetric.eigen().values.reduce(0) { $0 + max($1, 0).squareRoot() }
        let meanTerm = zip(m1, m2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let traces = (0..<d).reduce(0) { $0 + c1.a[$1 * d + $1] + c2.a[$1 * d + $1] }
        return max(0, meanTerm + traces - 2 * traceSqrt)
    }

    /// Improved precision and recall (Kynkaanniemi et al. 2019): each set's manifold is the union of
    /// balls around its points with radius the distance to the k-th nearest neighbour in the same set;
    /// precision is the share of generated points inside the real manifold, recall the share of real
    /// points inside the generated one.
    public static func precisionRecall(real: [Float], fake: [Float], dim d: Int, k: Int = 3) -> (
        precision: Double, recall: Double
    ) {
        let r = Tensor(shape: [real.count / d, d], values: real), f = Tensor(shape: [fake.count / d, d], values: fake)
        let realRadii = kthNeighbourDistances(r, k: k), fakeRadii = kthNeighbourDistances(f, k: k)
        return (
            coveredShare(points: f, centres: r, radii: realRadii), coveredShare(points: r, centres: f, radii: fakeRadii)
        )
    }

    /// Squared distances between rows of `a` [n, d] and `b` [m, d], block by block through sgemm.
    static func forEachDistanceBlock(
        _ a: Tensor, _ b: Tensor, block: Int = 1024, _ body: (Int, Int, UnsafePointer<Float>) -> Void
    ) {
        let (n, m) = (a.shape[0], b.shape[0])
        let bNorms = rowNorms(b)
        for start in stride(from: 0, to: n, by: block) {
            let rows = min(block, n - start)
            let ablock = sliceBatch(a, start, rows)
            let aNorms = rowNorms(ablock)
            let dots = withoutGrad { matmul(ablock, b, transB: true) }  // [rows, m]
            let p = dots.pointer
            for i in 0..<rows { for j in 0..<m { p[i * m + j] = max(0, aNorms[i] + bNorms[j] - 2 * p[i * m + j]) } }
            body(start, rows, UnsafePointer(p))
        }
    }

    static func rowNorms(_ x: Tensor) -> [Float] {
        let d = x.shape[1]
        return (0..<x.shape[0]).map { i in
            (0..<d).reduce(Float(0)) { $0 + x.pointer[i * d + $1] * x.pointer[i * d + $1] }
        }
    }

    /// Squared distance of each row to its k-th nearest other row.
    static func kthNeighbourDistances(_ x: Tensor, k: Int) -> [Float] {
        let n = x.shape[0]
        var radii = [Float](repeating: 0, count: n)
        forEachDistanceBlock(x, x) { start, rows, dist in
            for i in 0..<rows {
                var best = [Float](repeating: .infinity, count: k + 1)  // includes the point itself
                let row = dist + i * n
                for j in 0..<n where row[j] < best[k] {
                    var pos = k
                    while pos > 0 && best[pos - 1] > row[j] { best[pos] = best[pos - 1]; pos -= 1 }
                    best[pos] = row[j]
                }
                radii[start + i] = best[min(k, n - 1)]
            }
        }
        return radii
    }

    static func coveredShare(points: Tensor, centres: Tensor, radii: [Float]) -> Double {
        var inside = 0
        let m = centres.shape[0]
        forEachDistanceBlock(points, centres) { _, rows, dist in
            for i in 0..<rows {
                let row = dist + i * m
                for j in 0..<m where row[j] <= radii[j] { inside += 1; break }
            }
        }
        return Double(inside) / Double(max(points.shape[0], 1))
    }
}
