import Engine
import XCTest

/// Convolutions that skip the zero-padding taps (`ConvKernels.skipPadding`) against the dense im2col
/// kernels: the same values, first and second derivatives, up to float rounding.
final class ConvTapGroupTests: XCTestCase {
    /// Small cases must take the grouped path: every test runs with a one-row minimum.
    override func invokeTest() { ConvKernels(minimumGroupRows: 1).using { super.invokeTest() } }

    /// The critic's 5x5 stride-2 "same" layers by hand: per axis the output positions see 4, 5, ..., 5, 3
    /// of the 5 taps, so 32 -> 16 keeps (77/80)^2 (under a tenth saved: not grouped), 16 -> 8 keeps
    /// (37/40)^2, 8 -> 4 keeps (17/20)^2 and 4 -> 2 keeps (7/10)^2.
    func testValidWorkOfTheCriticLayers() {
        for (side, c, oc, kept, grouped) in [
            (32, 1, 64, 77 * 77, false), (16, 64, 128, 37 * 37, true),
            (8, 128, 256, 17 * 17, true), (4, 256, 512, 7 * 7, true),
        ] {
            let g = ConvGeometry(input: [1, side, side, c], kernel: [5, 5, c, oc], stride: 2, padding: .same)
            XCTAssertEqual(g.validMacsPerImage, kept * c * oc, "side \(side)")
            XCTAssertEqual(g.usesTapGroups, grouped, "side \(side)")
        }
        let single = ConvGeometry(input: [1, 4, 4, 256], kernel: [5, 5, 256, 512], stride: 2, padding: .same)
        ConvKernels(minimumGroupRows: 32).using {
            XCTAssertFalse(single.usesTapGroups, "one image: one-row sgemms")
            XCTAssertTrue(
                ConvGeometry(input: [32, 4, 4, 256], kernel: [5, 5, 256, 512], stride: 2, padding: .same).usesTapGroups)
        }
        let unpadded = ConvGeometry(input: [1, 9, 9, 2], kernel: [3, 3, 2, 4], stride: 2, padding: .valid)
        XCTAssertEqual(unpadded.validMacsPerImage, unpadded.macs)
        XCTAssertFalse(unpadded.usesTapGroups)
    }

    /// Value, gradients and the gradient of the input gradient, with and without tap groups.
    func testGroupedEqualsDense() throws {
        var rng = RandomGenerator(seed: 5)
        let cases: [([Int], [Int], Int, ConvPadding)] = [
            ([3, 4, 4, 6], [5, 5, 6, 7], 2, .same),  // the critic's last layer in small
            ([2, 8, 8, 3], [5, 5, 3, 4], 2, .same),
            ([2, 5, 7, 2], [3, 3, 2, 3], 1, .same),
            ([1, 7, 5, 3], [3, 3, 3, 2], 2, .symmetric(1)),
            ([2, 2, 3, 2], [3, 3, 2, 3], 1, .symmetric(3)),  // border outputs see no pixel at all
        ]
        for (xs, ws, stride, padding) in cases {
            XCTAssertTrue(
                ConvGeometry(input: xs, kernel: ws, stride: stride, padding: padding).usesTapGroups, "\(xs) \(ws)")
            let x = rng.uniform(shape: xs, low: -1, high: 1), w = rng.uniform(shape: ws, low: -1, high: 1)
            x.requiresGrad = true
            w.requiresGrad = true
            let probe = conv2d(x, w, stride: stride, padding: padding)
            let r = rng.uniform(shape: probe.shape, low: -1, high: 1)
            let u = rng.uniform(shape: xs, low: -1, high: 1)
            func results() throws -> [Tensor] {
                let y = conv2d(x, w, stride: stride, padding: padding)
                let first = try gradients(of: sum(mul(y, r)), wrt: [x, w], createGraph: true)
                let second = try gradients(of: sum(mul(first[0], u)), wrt: [w])  // d<dx, u>/dw: the penalty's path
                return [y, first[0], first[1], second[0]]
            }
            let grouped = try results()
            let dense = try ConvKernels(skipPadding: false).using { try results() }
            for (name, (a, b)) in zip(["value", "dx", "dw", "d<dx,u>/dw"], zip(grouped, dense)) {
                XCTAssertEqual(a.shape, b.shape)
                let scale = b.values.map(abs).max() ?? 1
                let worst = zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(worst, 1e-5 * max(1, scale), "\(name) of \(xs) * \(ws)")
            }
        }
    }

    /// The grouped kernels against finite differences, first and second order.
    func testGroupedGradientsAgainstFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 8)
        for (xs, ws) in [([2, 4, 4, 2], [5, 5, 2, 3]), ([1, 5, 3, 2], [3, 3, 2, 2])] {
            let stride = ws[0] == 5 ? 2 : 1
            XCTAssertTrue(ConvGeometry(input: xs, kernel: ws, stride: stride, padding: .same).usesTapGroups)
            let inputs = [GradCheck.input(xs, &rng), GradCheck.input(ws, &rng)]
            let f = { (t: [Tensor]) in square(conv2d(t[0], t[1], stride: stride, padding: .same)) }
            try GradCheck.first(inputs, f)
            try GradCheck.second(inputs.map { $0.copy() }, f)
        }
    }
}
