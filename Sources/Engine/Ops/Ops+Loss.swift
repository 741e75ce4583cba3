import Foundation

/// Row-wise softmax of logits [N, K], computed stably (max subtracted). Not differentiable:
/// use it for predictions, and `softmaxCrossEntropy` for training.
public func softmax(_ logits: Tensor) -> Tensor {
    precondition(logits.rank == 2)
    let (n, k) = (logits.shape[0], logits.shape[1])
    let p = Tensor(shape: [n, k], zeroed: false)
    for i in 0..<n {
        let row = logits.pointer + i * k, out = p.pointer + i * k
        var m = -Float.infinity
        for j in 0..<k { m = max(m, row[j]) }
        var s: Float = 0
        for j in 0..<k { out[j] = Foundation.exp(row[j] - m); s += out[j] }
        for j in 0..<k { out[j] /= s }
    }
    return p
}

/// mean over rows of -log softmax(logits)[label], logits [N, K].
///
/// Its gradient (softmax - onehot) / N is an op without a rule of its own: differentiating this
/// loss twice is reported as an error.
public func softmaxCrossEntropy(_ logits: Tensor, labels: [Int]) -> Tensor {
    let (n, k) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == n && labels.allSatisfy { (0..<k).contains($0) })
    let p = softmax(logits)
    var loss = 0.0
    for i in 0..<n { loss -= Foundation.log(max(Double(p.pointer[i * k + labels[i]]), 1e-30)) }
    return Tensor.scalar(Float(loss / Double(n))).recorded(
        .softmaxCrossEntropy(probabilities: p, labels: labels), [logits])
}

/// g (softmax - onehot) / N, recorded as an op without an adjoint.
func softmaxCrossEntropyGradient(_ g: Tensor, _ logits: Tensor, _ p: Tensor, _ labels: [Int]) -> Tensor {
    let (n, k) = (logits.shape[0], logits.shape[1])
    let d = p.copy()
    for i in 0..<n { d.pointer[i * k + labels[i]] -= 1 }
    let s = g.item / Float(n)
    for i in 0..<d.count { d.pointer[i] *= s }
    return d.recorded(.softmaxCrossEntropyGrad, [g, logits])
}
