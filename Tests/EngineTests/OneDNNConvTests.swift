import Engine
import XCTest

/// oneDNN's convolutions (`ConvKernels.oneDNN`) against the project's kernels: the same values, first
/// derivatives and the penalty's second derivative up to float rounding, and against finite
/// differences. Forced on, so they run on every processor, not only where they are the default.
final class OneDNNConvTests: XCTestCase {
    typealias Layer = (input: [Int], kernel: [Int], stride: Int, padding: ConvPadding, passes: [OneDNNConv.Pass])

    /// The reference critic's 5x5 stride-2 layers at batch 2 (which passes oneDNN takes follows the
    /// measured rule of `usesOneDNN`), and odd shapes with every pass on oneDNN.
    let layers: [Layer] = [
        ([2, 28, 28, 1], [5, 5, 1, 64], 2, .same, [.forward, .weightGrad]),
        ([2, 14, 14, 64], [5, 5, 64, 128], 2, .same, [.forward, .inputGrad, .weightGrad]),
        ([2, 7, 7, 128], [5, 5, 128, 256], 2, .same, [.forward, .inputGrad]),
        ([3, 13, 12, 16], [3, 3, 16, 8], 2, .symmetric(1), [.forward, .inputGrad, .weightGrad]),  // 14.5% padding
        ([2, 11, 10, 16], [4, 4, 16, 5], 3, .valid, [.forward, .inputGrad, .weightGrad]),
    ]

    func testPassesTakenFollowTheRule() {
        ConvKernels(oneDNN: true).using {
            for l in layers {
                let g = ConvGeometry(input: l.input, kernel: l.kernel, stride: l.stride, padding: l.padding)
                for pass in [OneDNNConv.Pass.forward, .inputGrad, .weightGrad] {
                    XCTAssertEqual(g.usesOneDNN(pass), l.passes.contains(pass), "\(l.input) * \(l.kernel): \(pass)")
                }
            }
            let last = ConvGeometry(input: [2, 4, 4, 256], kernel: [5, 5, 256, 512], stride: 2, padding: .same)
            XCTAssertFalse(last.usesOneDNN(.forward), "51% padding: the tap groups win")
            let unstrided = ConvGeometry(input: [2, 8, 8, 32], kernel: [3, 3, 32, 32], stride: 1, padding: .same)
            XCTAssertFalse(unstrided.usesOneDNN(.forward), "stride 1 was not measured")
        }
        let g = ConvGeometry(input: [2, 14, 14, 64], kernel: [5, 5, 64, 128], stride: 2, padding: .same)
        ConvKernels(oneDNN: false).using { XCTAssertFalse(g.usesOneDNN(.forward)) }
    }

    /// Value, both gradients and d<dx, u>/dw (the penalty's path) with oneDNN and without.
    func testOneDNNEqualsOurKernels() throws {
        var rng = RandomGenerator(seed: 11)
        for l in layers {
            let x = rng.uniform(shape: l.input, low: -1, high: 1),
                w = rng.uniform(shape: l.kernel, low: -0.2, high: 0.2)
            x.requiresGrad = true
            w.requiresGrad = true
            let probe = withoutGrad { conv2d(x, w, stride: l.stride, padding: l.padding) }
            let r = rng.uniform(shape: probe.shape, low: -1, high: 1), u = rng.uniform(shape: l.input, low: -1, high: 1)
            func results() throws -> [Tensor] {
                let y = conv2d(x, w, stride: l.stride, padding: l.padding)
                let first = try gradients(of: sum(mul(y, r)), wrt: [x, w], createGraph: true)
                let second = try gradients(of: sum(mul(first[0], u)), wrt: [w])
                return [y, first[0], first[1], second[0]]
            }
            let theirs = try ConvKernels(oneDNN: true).using { try results() }
            let ours = try ConvKernels(oneDNN: false).using { try results() }
            for (name, (a, b)) in zip(["value", "dx", "dw", "d<dx,u>/dw"], zip(theirs, ours)) {
                XCTAssertEqual(a.shape, b.shape)
                let scale = b.values.map(abs).max() ?? 1
                let worst = zip(a.values, b.values).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThanOrEqual(
                    worst, 2e-6 * max(1, scale) * Float(l.kernel[0] * l.kernel[1] * l.kernel[2]).squareRoot(),
                    "\(name) of \(l.input) * \(l.kernel)")
                XCTAssertFalse(a.values.contains { !$0.isFinite })
            }
        }
    }

    /// Against finite differences, first and second order, every pass on oneDNN.
    func testGradientsAgainstFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 12)
        // 18% padding
        let g = ConvGeometry(input: [1, 13, 13, 16], kernel: [3, 3, 16, 4], stride: 2, padding: .symmetric(1))
        try ConvKernels(oneDNN: true).using {
            for pass in [OneDNNConv.Pass.forward, .inputGrad, .weightGrad] {
                XCTAssertTrue(g.usesOneDNN(pass), "\(pass)")
            }
            let inputs = [GradCheck.input(g.inputShape, &rng), scale(GradCheck.input(g.kernelShape, &rng), 0.3)]
            let f = { (t: [Tensor]) in square(conv2d(t[0], t[1], stride: 2, padding: .symmetric(1))) }
            try GradCheck.first(inputs, f)
            try GradCheck.second(inputs.map { $0.copy() }, f)
        }
    }

    /// A pass run the same way twice gives the same bits (what exact resume needs of it).
    func testRepeatable() {
        var rng = RandomGenerator(seed: 13)
        let x = rng.uniform(shape: [4, 14, 14, 64], low: -1, high: 1),
            w = rng.uniform(shape: [5, 5, 64, 128], low: -1, high: 1)
        ConvKernels(oneDNN: true).using {
            let a = conv2d(x, w, stride: 2), b = conv2d(x, w, stride: 2)
            XCTAssertEqual(a.values, b.values)
        }
    }
}
