import Engine
import Foundation

extension Scoring {
    /// Squared distance of each row of x to its k-th nearest other row, for each k of `ks`, from one
    /// pass over the distances.
    static func kthNeighbourDistances(_ x: Tensor, ks: [Int]) -> [[Float]] {
        let n = x.shape[0], top = ks.max() ?? 1
        var radii = [[Float]](repeating: [Float](repeating: 0, count: n), count: ks.count)
        forEachDistanceBlock(x, x) { start, rows, dist in
            var best = [Float](repeating: .infinity, count: top + 1)  // includes the point itself
            for i in 0..<rows {
                for t in 0...top { best[t] = .infinity }
                let row = dist + i * n
                for j in 0..<n where row[j] < best[top] {
                    var pos = top
                    while pos > 0 && best[pos - 1] > row[j] { best[pos] = best[pos - 1]; pos -= 1 }
                    best[pos] = row[j]
                }
                for (q, k) in ks.enumerated() { radii[q][start + i] = best[min(k, n - 1)] }
            }
        }
        return radii
    }

    /// What precision, recall, density and coverage count, per point:
    /// - `fakeInsideReal`: the sample lies in some real point's 3-NN ball (precision, Kynkaanniemi et al. 2019);
    /// - `realInsideFake`: the real point lies in some sample's 3-NN ball among the samples (recall);
    /// - `density`: how many real points' 5-NN balls hold the sample, over 5 (Naeem et al. 2020);
    /// - `coverage`: 1 when the real point's 5-NN ball holds some sample.
    public struct Manifolds {
        public var fakeInsideReal: [Bool]
        public var realInsideFake: [Bool]
        public var density: [Double]
        public var coverage: [Double]
    }

    /// One pass over the sample-to-real distances; the real radii are the reference's own (k = 3, 5).
    public static func manifolds(fake: Tensor, real: Tensor, realRadii: (k3: [Float], k5: [Float])) -> Manifolds {
        let (n, m) = (fake.shape[0], real.shape[0])
        let fakeRadii = kthNeighbourDistances(fake, k: 3)
        var inside = [Bool](repeating: false, count: n), counts = [Int](repeating: 0, count: n)
        var realInside = [Bool](repeating: false, count: m), covered = [Bool](repeating: false, count: m)
        let (r3, r5) = (realRadii.k3, realRadii.k5)
        forEachDistanceBlock(fake, real) { start, rows, dist in
            for i in 0..<rows {
                let row = dist + i * m, fr = fakeRadii[start + i]
                var c = 0, hit = false
                for j in 0..<m {
                    let v = row[j]
                    if v <= r3[j] { hit = true }
                    if v <= r5[j] { c += 1; covered[j] = true }
                    if v <= fr { realInside[j] = true }
                }
                inside[start + i] = hit
                counts[start + i] = c
            }
        }
        return Manifolds(
            fakeInsideReal: inside, realInsideFake: realInside, density: counts.map { Double($0) / 5 },
            coverage: covered.map { $0 ? 1 : 0 })
    }

    /// Kernel Inception Distance (Binkowski et al. 2018) in the classifier's features: the unbiased
    /// estimate of MMD^2 with the kernel k(x, y) = (x.y / d + 1)^3, averaged over disjoint blocks (at
    /// most 10, of equal size, each sample block against a block of shuffled real points); its
    /// standard error is the blocks' standard deviation over sqrt(blocks).
    public static func kernelInceptionDistance(_ fake: Tensor, _ real: Tensor, seed: UInt64) -> Estimate {
        let d = fake.shape[1]
        let total = min(fake.shape[0], real.shape[0])
        let blocks = max(2, min(10, total / 100))
        let size = total / blocks
        guard size >= 2 else { return Estimate(.nan, standardError: .nan) }
        var rng = RandomGenerator(seed: seed ^ 0x6B69_6400)
        let order = rng.permutation(real.shape[0])
        var values: [Double] = []
        for b in 0..<blocks {
            let x = sliceBatch(fake, b * size, size)
            let y = Tensor(
                shape: [size, d],
                values: (0..<size).flatMap { i in
                    Array(UnsafeBufferPointer(start: real.pointer + order[b * size + i] * d, count: d))
                })
            func kernelSum(_ a: Tensor, _ b: Tensor, offDiagonal: Bool) -> Double {
                let g = withoutGrad { matmul(a, b, transB: true) }
                var s = 0.0
                for i in 0..<size {
                    for j in 0..<size where !(offDiagonal && i == j) {
                        let k = Double(g.pointer[i * size + j]) / Double(d) + 1
                        s += k * k * k
                    }
                }
                return s
            }
            let pairs = Double(size * (size - 1))
            values.append(
                kernelSum(x, x, offDiagonal: true) / pairs + kernelSum(y, y, offDiagonal: true) / pairs - 2
                    * kernelSum(x, y, offDiagonal: false) / Double(size * size))
        }
        let mean = values.reduce(0, +) / Double(blocks)
        return Estimate(mean, standardError: Bootstrap.standardDeviation(values) / Double(blocks).squareRoot())
    }
}
