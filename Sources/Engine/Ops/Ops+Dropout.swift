import Foundation

/// Inverted dropout: zeroes each element with probability `rate` and scales the rest by 1/(1-rate),
/// with a mask drawn from `rng`. Recorded as mul(x, mask); the product is formed while the mask is
/// drawn (one sweep instead of two, the same floats).
public func dropout(_ x: Tensor, rate: Float, rng: inout RandomGenerator) -> Tensor {
    guard rate > 0 else { return x }
    let mask = Tensor(shape: x.shape, zeroed: false)
    let y = Tensor(shape: x.shape, zeroed: false)
    let keep = 1 / (1 - rate)
    Profiler.measure("dropout mask") {
        let m = mask.pointer, a = x.pointer, o = y.pointer
        for i in 0..<mask.count {
            let k: Float = rng.uniform() < rate ? 0 : keep
            m[i] = k
            o[i] = a[i] * k
        }
    }
    return y.recorded(.mul, [x, mask])
}
