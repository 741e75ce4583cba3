import Foundation
import Engine
import NN
import XCTest

/// Layers and ops against values computed by hand or by naive loops in Double.
final class LayerValueTests: XCTestCase {
    func assertClose(
        _ a: [Float], _ b: [Float], _ tol: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (i, (u, v)) in zip(a, b).enumerated() where abs(u - v) > tol * max(1, abs(v)) {
            XCTFail("element \(i): \(u) vs \(v)", file: file, line: line); return
        }
    }

    func testConvByHand() {
        // 3x3 image 1..9, 2x2 kernel [[1, 0], [0, -1]], valid: x[i][j] - x[i+1][j+1] = -4 everywhere.
        let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
        let w = Tensor(shape: [2, 2, 1, 1], values: [1, 0, 0, -1])
        assertClose(conv2d(x, w, padding: .valid).values, [-4, -4, -4, -4])
        // "same" with a 3x3 kernel of ones: sums of 3x3 neighbourhoods, zero outside.
        let ones = Tensor(shape: [3, 3, 1, 1], repeating: 1)
        assertClose(conv2d(x, ones, padding: .same).values, [12, 21, 16, 27, 45, 33, 24, 39, 28])
        // stride 2, "same" on 3x3: output 2x2, TensorFlow puts the padding of 1 at the bottom/right... total
        // pad = (2-1)*2+3-3 = 2, so 1 on each side: centres (0,0),(0,2),(2,0),(2,2).
        assertClose(conv2d(x, ones, stride: 2, padding: .same).values, [12, 16, 24, 28])
    }

    /// Direct convolution in Double: the definition, with no im2col.
    func naiveConv(_ x: Tensor, _ w: Tensor, stride: Int, padTop: Int, padLeft: Int, oh: Int, ow: Int) -> [Float] {
        let (n, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, oc) = (w.shape[0], w.shape[1], w.shape[3])
        var out = [Float](repeating: 0, count: n * oh * ow * oc)
        for b in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for o in 0..<oc {
                        var s = 0.0
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * stride - padTop + ky, ix = ox * stride - padLeft + kx
                                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                for ci in 0..<c {
                                    s +=
                                        Double(x.pointer[((b * h + iy) * wd + ix) * c + ci])
                                        * Double(w.pointer[((ky * kw + kx) * c + ci) * oc + o])
                                }
                            }
                        }
                        out[((b * oh + oy) * ow + ox) * oc + o] = Float(s)
                    }
                }
            }
        }
        return out
    }

    func testConvAgainstDirectDefinition() {
        var rng = RandomGenerator(seed: 3)
        // The reference critic's second layer geometry (5x5, stride 2, same) at a small batch, and others.
        let cases: [([Int], [Int], Int, ConvPadding, Int, Int)] = [
            ([2, 16, 16, 8], [5, 5, 8, 6], 2, .same, 1, 1),
            ([2, 32, 32, 1], [5, 5, 1, 4], 2, .same, 1, 1),
            ([1, 8, 8, 5], [3, 3, 5, 7], 1, .same, 1, 1),
            ([3, 9, 7, 2], [3, 2, 2, 3], 1, .valid, 0, 0),
            ([1, 10, 10, 3], [5, 5, 3, 2], 2, .symmetric(2), 2, 2),
            // One output channel: the direct kernels instead of im2col + sgemm.
            ([2, 8, 8, 6], [3, 3, 6, 1], 1, .same, 1, 1),
            ([1, 9, 7, 2], [5, 5, 2, 1], 2, .same, 2, 2),
        ]
        for (xs, ws, s, p, top, left) in cases {
            let x = rng.uniform(shape: xs, low: -1, high: 1), w = rng.uniform(shape: ws, low: -1, high: 1)
            let y = conv2d(x, w, stride: s, padding: p)
            assertClose(
                y.values, naiveConv(x, w, stride: s, padTop: top, padLeft: left, oh: y.shape[1], ow: y.shape[2]), 1e-4)
        }
    }

    /// The first critic layer's weight gradient (5x5x1 kernel, 40 images of 32x32, stride 2: K = 10,240
    /// rows, over the split-K threshold) against sum over output pixels of patch x upstream gradient, in Double.
    func testLongWeightGradientAgainstDefinition() throws {
        var rng = RandomGenerator(seed: 4)
        let x = rng.uniform(shape: [40, 32, 32, 1], low: -1, high: 1),
            w = rng.uniform(shape: [5, 5, 1, 8], low: -1, high: 1)
        w.requiresGrad = true
        let y = conv2d(x, w, stride: 2, padding: .same)
        let r = rng.uniform(shape: y.shape, low: -1, high: 1)
        let dw = try gradients(of: sum(mul(y, r)), wrt: [w])[0]
        var expected = [Double](repeating: 0, count: 25 * 8)
        for b in 0..<40 {
            for oy in 0..<16 {
                for ox in 0..<16 {
                    for ky in 0..<5 {
                        for kx in 0..<5 {
                            let iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx
                            guard iy >= 0, iy < 32, ix >= 0, ix < 32 else { continue }
                            for o in 0..<8 {
                                expected[(ky * 5 + kx) * 8 + o] +=
                                    Double(x.pointer[(b * 32 + iy) * 32 + ix])
                                    * Double(r.pointer[((b * 16 + oy) * 16 + ox) * 8 + o])
                            }
                        }
                    }
                }
            }
        }
        assertClose(dw.values, expected.map(Float.init), 1e-4)
    }

    func testDense() {
        var rng = RandomGenerator(seed: 0)
        let d = Dense(2, 2, rng: &rng)
        d.kernel.assign(Tensor(shape: [2, 2], values: [1, 2, 3, 4]))
        d.bias!.assign(Tensor(shape: [2], values: [0.5, -1]))
        // [1, 1] x [[1, 2], [3, 4]] + [0.5, -1] = [4.5, 5]
        assertClose(d(Tensor(shape: [1, 2], values: [1, 1])).values, [4.5, 5])
    }

    func testBatchNormTrainingAndInference() {
        let bn = BatchNorm(1, momentum: 0.1, epsilon: 0)
        let x = Tensor(shape: [4, 1], values: [1, 2, 3, 4])
        // mean 2.5, biased variance 1.25
        let s = Float(1.25).squareRoot()
        assertClose(bn(x, training: true).values, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s])
        // running: 0.9 * 0 + 0.1 * 2.5; 0.9 * 1 + 0.1 * (1.25 * 4/3)
        assertClose(bn.runningMean.values, [0.25])
        assertClose(bn.runningVar.values, [0.9 + 0.1 * 5 / 3])
        let y = bn(Tensor(shape: [1, 1], values: [0.25]), training: false)
        assertClose(y.values, [0])
    }

    /// Sampling's one-pass inference batch norm gives the recorded form's bits.
    func testBatchNormInferencePassIsTheRecordedForm() {
        var rng = RandomGenerator(seed: 5)
        let bn = BatchNorm(37)
        for t in [bn.gamma, bn.beta, bn.runningMean] { rng.fillNormal(t.pointer, count: t.count) }
        rng.fillUniform(bn.runningVar.pointer, count: 37, low: 0.1, high: 3)
        let x = rng.normal(shape: [9, 37])
        XCTAssertEqual(withoutGrad { bn(x, training: false) }.values, bn(x, training: false).values)
    }

    func testActivationsAndReductionsByHand() {
        let x = Tensor(shape: [4], values: [-2, -0.5, 0.5, 3])
        assertClose(leakyRelu(x, slope: 0.2).values, [-0.4, -0.1, 0.5, 3])
        assertClose(relu(x).values, [0, 0, 0.5, 3])
        assertClose(tanh(Tensor(shape: [2], values: [0, 1])).values, [0, 0.7615942])
        assertClose(sqrt(Tensor(shape: [2], values: [4, 2.25])).values, [2, 1.5])
        assertClose(square(x).values, [4, 0.25, 0.25, 9])
        assertClose(sum(x).values, [1])
        assertClose(mean(x).values, [0.25])
        assertClose(sumRows(reshape(x, [2, 2])).values, [-2.5, 3.5])
        // softplus(x) = log(1 + e^x) and sigmoid, including the tails where the naive forms overflow.
        let wide = Tensor(shape: [5], values: [-100, -1, 0, 1, 100])
        assertClose(softplus(wide).values, [0, 0.31326169, 0.69314718, 1.31326169, 100])
        assertClose(sigmoid(wide).values, [0, 0.26894142, 0.5, 0.73105858, 1])
    }

    func testShapeOpsByHand() {
        let x = Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 4])
        assertClose(upsample2x(x).values, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let p = pad(x, Padding2D(1))
        XCTAssertEqual(p.shape, [1, 4, 4, 1])
        assertClose(p.values, [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0])
        assertClose(crop(p, Padding2D(1)).values, x.values)
        assertClose(maxPool2x(Tensor(shape: [1, 2, 2, 2], values: [1, 8, 5, 2, 3, 4, 7, 6])).values, [7, 8])
    }

    func testSoftmaxCrossEntropyByHand() {
        // Equal logits: loss = log K.
        let l = softmaxCrossEntropy(Tensor(shape: [2, 4], repeating: 0.3), labels: [1, 2])
        assertClose(l.values, [Float(Foundation.log(4.0))])
        // One row [0, ln 3]: p = [1/4, 3/4]; label 1: -log 0.75.
        assertClose(
            softmaxCrossEntropy(Tensor(shape: [1, 2], values: [0, Float(Foundation.log(3.0))]), labels: [1]).values,
            [Float(-Foundation.log(0.75))])
    }

    func testDropoutIsSeededAndScaled() {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        let x = Tensor(shape: [1000], repeating: 1)
        let y1 = dropout(x, rate: 0.3, rng: &a), y2 = dropout(x, rate: 0.3, rng: &b)
        XCTAssertEqual(y1.values, y2.values)
        let kept = y1.values.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
        XCTAssertEqual(Double(kept.count) / 1000, 0.7, accuracy: 0.05)
    }

    /// The fused passes give the bits of the ops they replace.
    func testFusedPassesEqualTheUnfusedOps() throws {
        var rng = RandomGenerator(seed: 11)
        let x = rng.normal(shape: [6, 5, 37]), b = rng.normal(shape: [37])
        for slope: Float in [0.2, 0] {
            XCTAssertEqual(biasLeakyRelu(x, b, slope: slope).values, leakyRelu(addBias(x, b), slope: slope).values)
        }
        // Dropout: the product formed while drawing is x times the recorded mask.
        var a = RandomGenerator(seed: 3)
        x.requiresGrad = true
        let y = dropout(x, rate: 0.3, rng: &a)
        let node = try XCTUnwrap(y.node)
        XCTAssertEqual(node.op.kind, .mul)
        XCTAssertEqual(y.values, withoutGrad { mul(x, node.inputs[1]) }.values)
        // Batch norm in training without recording: the recorded form's output and running statistics.
        let recorded = BatchNorm(37), silent = BatchNorm(37)
        for bn in [recorded, silent] {
            bn.gamma.pointer.update(from: b.pointer, count: 37); bn.beta.pointer.update(repeating: 0.3, count: 37)
        }
        let h = rng.normal(shape: [4, 3, 2, 37])
        XCTAssertEqual(withoutGrad { silent(h, training: true) }.values, recorded(h, training: true).values)
        XCTAssertEqual(silent.runningMean.values, recorded.runningMean.values)
        XCTAssertEqual(silent.runningVar.values, recorded.runningVar.values)
        // With the activation in the same sweep, training and inference, as sampling and the critic's fakes run it.
        for training in [true, false] {
            for slope: Float in [0.2, 0] {
                let fused = withoutGrad { silent(h, training: training, leakySlope: slope) }
                XCTAssertEqual(
                    fused.values, leakyRelu(recorded(h, training: training), slope: slope).values,
                    "training \(training), slope \(slope)")
            }
        }
    }

    /// Passes long enough to be split over both cores give each element the one-core formula's float.
    func testSplitElementwisePassesEqualTheFormula() {
        var rng = RandomGenerator(seed: 5)
        let n = 300_007  // past the split, odd so the halves differ in length
        let x = rng.normal(shape: [n]), z = rng.normal(shape: [n])
        let a = x.values, b = z.values
        XCTAssertEqual(add(x, z).values, zip(a, b).map { $0 + $1 })
        XCTAssertEqual(sub(x, z).values, zip(a, b).map { $0 - $1 })
        XCTAssertEqual(mul(x, z).values, zip(a, b).map { $0 * $1 })
        XCTAssertEqual(div(x, z).values, zip(a, b).map { $0 / $1 })
        XCTAssertEqual(scale(x, 0.3).values, a.map { $0 * 0.3 })
        XCTAssertEqual(square(x).values, a.map { $0 * $0 })
        XCTAssertEqual(leakyRelu(x, slope: 0.2).values, a.map { $0 > 0 ? $0 : 0.2 * $0 })
        XCTAssertEqual(leakyReluGrad(x, z, slope: 0.2).values, zip(a, b).map { $1 > 0 ? $0 : 0.2 * $0 })
        XCTAssertEqual(tanh(x).values, a.map { Foundation.tanh($0) })
        XCTAssertEqual(exp(x).values, a.map { Foundation.exp($0) })
        let rows = rng.normal(shape: [2_049, 64]), bias = rng.normal(shape: [64])
        XCTAssertEqual(biasLeakyRelu(rows, bias, slope: 0.2).values, leakyRelu(addBias(rows, bias), slope: 0.2).values)
    }
}
