import Foundation

/// Symmetric eigen-decomposition by cyclic Jacobi rotations, in Double. For the feature covariances
/// of the Frechet distance (128 x 128): converges to off-diagonal norm < 1e-12 of the total in a few sweeps.
public struct SymmetricMatrix {
    public let n: Int
    public var a: [Double]  // row-major n x n

    public init(n: Int, values: [Double]) {
        precondition(values.count == n * n)
        (self.n, self.a) = (n, values)
    }

    /// (eigenvalues, eigenvectors as columns of a row-major n x n matrix).
    public func eigen(maxSweeps: Int = 100) -> (values: [Double], vectors: [Double]) {
        var m = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = m.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<maxSweeps {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += m[p * n + q] * m[p * n + q] } }
            if off <= 1e-24 * max(total, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {  // columns p, q
                        let mkp = m[k * n + p], mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {  // rows p, q
                        let mpk = m[p * n + k], mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { m[$0 * n + $0] }, v)
    }

    /// The symmetric square root V diag(sqrt(max(l, 0))) V^T.
    public func squareRoot() -> SymmetricMatrix {
        let (l, v) = eigen()
        var out = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            let s = max(l[k], 0).squareRoot()
            if s == 0 { continue }
            for i in 0..<n {
                let vik = v[i * n + k] * s
                if vik == 0 { continue }
                for j in 0..<n { out[i * n + j] += vik * v[j * n + k] }
            }
        }
        return SymmetricMatrix(n: n, values: out)
    }

    public static func * (x: SymmetricMatrix, y: SymmetricMatrix) -> [Double] {
        let n = x.n
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n {
                let xik = x.a[i * n + k]
                if xik == 0 { continue }
                for j in 0..<n { out[i * n + j] += xik * y.a[k * n + j] }
            }
        }
        return out
    }
}
