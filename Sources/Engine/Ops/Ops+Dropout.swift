import Foundation

/// Inverted dropout: zeroes each element with probability `rate` and scales the rest by 1/(1-rate),
/// with a mask drawn from `rng`.
public func dropout(_ x: Tensor, rate: Float, rng: inout RandomGenerator) -> Tensor {
    guard rate > 0 else { return x }
    let mask = Tensor(shape: x.shape, zeroed: false)
    let keep = 1 / (1 - rate)
    Profiler.measure("dropout mask") {
        for i in 0..<mask.count { mask.pointer[i] = rng.uniform() < rate ? 0 : keep }
    }
    return mul(x, mask)
}
