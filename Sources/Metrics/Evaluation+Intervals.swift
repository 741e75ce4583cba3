import Engine
import Foundation
import IO

/// What the intervals need of the reference (the real features): fixed per evaluation, computed once.
final class ReferenceGeometry: @unchecked Sendable {
    let features: Tensor
    private let lock = NSLock()
    private var _radii: (k3: [Float], k5: [Float])?
    private var _moments: (mean: [Double], sqrtCov: SymmetricMatrix, trace: Double)?

    init(_ features: [Float]) {
        self.features = Tensor(
            shape: [features.count / MNISTClassifier.featureCount, MNISTClassifier.featureCount], values: features)
    }

    /// Squared distance of each real point to its 3rd and 5th nearest other real point.
    var radii: (k3: [Float], k5: [Float]) {
        lock.lock()
        defer { lock.unlock() }
        if let r = _radii { return r }
        let r = Scoring.kthNeighbourDistances(features, ks: [3, 5])
        _radii = (r[0], r[1])
        return _radii!
    }

    var moments: (mean: [Double], sqrtCov: SymmetricMatrix, trace: Double) {
        lock.lock()
        defer { lock.unlock() }
        if let m = _moments { return m }
        let d = MNISTClassifier.featureCount
        let (mean, cov) = Scoring.moments(
            Array(UnsafeBufferPointer(start: features.pointer, count: features.count)), dim: d)
        _moments = (mean, cov.squareRoot(), (0..<d).reduce(0) { $0 + cov.a[$1 * d + $1] })
        return _moments!
    }
}

extension Evaluation {
    /// Every score of `images` [N, 28, 28, 1] in [0, 1] with its interval (`Estimate`), plus the
    /// plain scores and details the tables and pictures use. `asked`: the classes asked of a
    /// conditional model; `codes`: the code values drawn and how many there are; `duplicates`: the
    /// near-duplicate threshold (`duplicateThreshold`); `against`: other features to score instead
    /// of the images' own (real-against-real). Resampling draws from `seed`.
    public func sheet(
        _ images: Tensor, asked: [Int]? = nil, codes: (values: [Int], count: Int)? = nil,
        duplicates threshold: (count: Int, squared: Float), features against: [Float]? = nil,
        duplicateImages: Tensor? = nil, seed: UInt64 = 0
    ) -> (ScoreSheet, Scores, Details) {
        let (scores, details) = score(images, features: against)
        let n = scores.count, d = MNISTClassifier.featureCount
        var boot = Bootstrap(seed: seed)
        var entries: [(ScoreDefinition, Estimate)] = []
        func add(_ key: String, _ value: Double, _ se: Double) {
            let d = ScoreSheet.definition(key)
            entries.append((d, Estimate(value, standardError: se, bounds: d.bounds)))
        }
        // Inception Score: per image its negative entropy h_i = sum_j p log p; a split's score is
        // exp(mean h - sum_j m_j log m_j) with m the split's mean prediction, so a resample only reweights.
        let probs = details.probs
        var h = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<10 {
                let p = Double(probs[i * 10 + j])
                if p > 0 { h[i] += p * Foundation.log(p) }
            }
        }
        add(
            "inception_score", scores.inceptionScore,
            boot.standardError(n: n) { c in Self.inceptionScore(probs: probs, h: h, weights: c) })
        let predictions = details.predictions
        func histogram(_ c: [Int32]) -> [Int] {
            var hist = [Int](repeating: 0, count: 10)
            for (p, w) in zip(predictions, c) { hist[p] += Int(w) }
            return hist
        }
        func coverage(_ hist: [Int]) -> (covered: Int, kl: Double) {
            let shares = hist.map { Double($0) / Double(max(n, 1)) }
            return (
                shares.filter { $0 >= Scoring.coverageThreshold / 10 }.count,
                shares.reduce(0.0) { $0 + ($1 > 0 ? $1 * Foundation.log($1 * 10) : 0) }
            )
        }
        add(
            "modes_covered", Double(scores.modesCovered),
            boot.standardError(n: n) { Double(coverage(histogram($0)).covered) })
        add("kl_to_uniform", scores.klToUniform, boot.standardError(n: n) { coverage(histogram($0)).kl })
        add(
            "mean_confidence", scores.meanConfidence, boot.meanError(details.confidences.map(Double.init)))
        // Frechet distance, resampling the samples' features against the fixed reference.
        let mine = against ?? details.features
        let geometry = reference
        let ref = geometry.moments
        let x = Tensor(shape: [n, d], values: mine)
        add(
            "frechet_distance", scores.frechetDistance,
            boot.standardError(n: n, replicates: 100) { c in Self.frechet(x, weights: c, reference: ref) })
        let kid = Scoring.kernelInceptionDistance(x, geometry.features, seed: seed)
        add("kid", kid.value, kid.standardError)
        // Precision, recall, density and coverage from one pass over the sample-to-real distances.
        let m = Scoring.manifolds(fake: x, real: geometry.features, realRadii: geometry.radii)
        add("precision", scores.precision, boot.meanError(m.fakeInsideReal.map { $0 ? 1 : 0 }))
        add("recall", scores.recall, boot.meanError(m.realInsideFake.map { $0 ? 1 : 0 }))
        add("density", m.density.reduce(0, +) / Double(max(n, 1)), boot.meanError(m.density))
        add("coverage", m.coverage.reduce(0, +) / Double(max(m.coverage.count, 1)), boot.meanError(m.coverage))
        let dup = Self.duplicateFlags(duplicateImages ?? images, threshold: threshold)
        add(
            "duplicate_share", dup.reduce(0, +) / Double(max(dup.count, 1)), boot.meanError(dup))
        if let asked {
            let right = zip(asked, predictions).map { $0 == $1 ? 1.0 : 0.0 }
            add("label_accuracy", right.reduce(0, +) / Double(max(n, 1)), boot.meanError(right))
        }
        if let codes {
            let k = codes.count
            let purity = Self.codes(predictions: predictions, codes: codes.values, values: k).purity
            add(
                "code_purity", purity,
                boot.standardError(n: n) { c in
                    var counts = [Int](repeating: 0, count: k * 10)
                    for i in 0..<n where c[i] != 0 { counts[codes.values[i] * 10 + predictions[i]] += Int(c[i]) }
                    return Double((0..<k).reduce(0) { $0 + counts[($1 * 10)..<($1 * 10 + 10)].max()! }) / Double(n)
                })
        }
        return (ScoreSheet(count: n, entries: entries), scores, details)
    }

    /// The Inception Score (10 consecutive splits) of a resample given as per-image weights.
    static func inceptionScore(probs: [Float], h: [Double], weights c: [Int32]) -> Double {
        let n = h.count, splits = max(1, min(10, n))
        var total = 0.0
        for s in 0..<splits {
            let lo = n * s / splits, hi = n * (s + 1) / splits
            var m = [Double](repeating: 0, count: 10)
            var (hs, w) = (0.0, 0.0)
            for i in lo..<hi where c[i] != 0 {
                let wi = Double(c[i])
                w += wi
                hs += wi * h[i]
                for j in 0..<10 { m[j] += wi * Double(probs[i * 10 + j]) }
            }
            guard w > 0 else { continue }
            var cross = 0.0
            for j in 0..<10 where m[j] > 0 { cross += m[j] / w * Foundation.log(m[j] / w) }
            total += Foundation.exp(hs / w - cross)
        }
        return total / Double(splits)
    }

    /// The Frechet distance of weighted features x [n, d] to the reference:
    /// |mu - mu_r|^2 + Tr C + Tr C_r - 2 Tr((C_r^1/2 C C_r^1/2)^1/2).
    static func frechet(
        _ x: Tensor, weights c: [Int32], reference r: (mean: [Double], sqrtCov: SymmetricMatrix, trace: Double)
    ) -> Double {
        let (n, d) = (x.shape[0], x.shape[1])
        let g = Tensor(shape: [n, d], zeroed: false)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let w = Float(c[i]).squareRoot()
            for j in 0..<d {
                let v = x.pointer[i * d + j]
                g.pointer[i * d + j] = w * v
                mean[j] += Double(c[i]) * Double(v)
            }
        }
        for j in 0..<d { mean[j] /= Double(n) }
        let second = withoutGrad { matmul(g, g, transA: true) }  // sum_i c_i x_i x_i^T
        var cov = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for b in 0..<d {
                cov[a * d + b] = (Double(second.pointer[a * d + b]) - Double(n) * mean[a] * mean[b]) / Double(n - 1)
            }
        }
        let cm = SymmetricMatrix(n: d, values: cov)
        let inner = SymmetricMatrix(n: d, values: r.sqrtCov * SymmetricMatrix(n: d, values: cm * r.sqrtCov))
        let symmetric = SymmetricMatrix(
            n: d, values: (0..<(d * d)).map { i in (inner.a[i] + inner.a[(i % d) * d + i / d]) / 2 })
        let traceSqrt = symmetric.eigen().values.reduce(0) { $0 + max($1, 0).squareRoot() }
        let meanTerm = zip(mean, r.mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let trace = (0..<d).reduce(0) { $0 + cov[$1 * d + $1] }
        return max(0, meanTerm + trace + r.trace - 2 * traceSqrt)
    }

    /// 1 for each of the first `threshold.count` images whose nearest other image is nearer than the
    /// threshold, else 0.
    static func duplicateFlags(_ images: Tensor, threshold: (count: Int, squared: Float)) -> [Double] {
        let n = min(threshold.count, images.shape[0])
        return Scoring.nearestNeighbourDistances(flat(images, n)).map { $0 < threshold.squared ? 1 : 0 }
    }
}
