import Engine
import XCTest

/// Every differentiable op, first and second order, against finite differences.
final class OpGradientTests: XCTestCase {
    var rng = RandomGenerator(seed: 1)
    func x(_ shape: Int...) -> Tensor { GradCheck.input(shape, &rng) }
    func positive(_ shape: Int...) -> Tensor { rng.uniform(shape: shape, low: 0.5, high: 2) }

    func both(_ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Tensor]) -> Tensor) throws {
        try GradCheck.first(inputs, file: file, line: line, f)
        try GradCheck.second(inputs.map { $0.copy() }, file: file, line: line, f)
    }

    func testElementwise() throws {
        try both([x(3, 4), x(3, 4)]) { add($0[0], $0[1]) }
        try both([x(3, 4), x(3, 4)]) { sub($0[0], $0[1]) }
        try both([x(3, 4), x(3, 4)]) { mul($0[0], $0[1]) }
        try both([x(3, 4), positive(3, 4)]) { div($0[0], $0[1]) }
        try both([x(5)]) { scale($0[0], -2.5) }
        try both([x(5)]) { addScalar($0[0], 3) }
        try both([x(2, 3)]) { square($0[0]) }
        try both([positive(2, 3)]) { sqrt($0[0]) }
        try both([positive(2, 3)]) { reciprocal($0[0]) }
        try both([x(2, 3)]) { tanh($0[0]) }
        try both([x(2, 3)]) { exp($0[0]) }
        try both([x(4, 3)]) { leakyRelu($0[0], slope: 0.2) }
        try both([x(4, 3)]) { relu($0[0]) }
        // Products of nonlinear ops, so that second derivatives are not trivially zero.
        try both([x(2, 3)]) { mul(tanh($0[0]), leakyRelu($0[0], slope: 0.2)) }
    }

    func testReductions() throws {
        try both([x(3, 4)]) { sum(square($0[0])) }
        try both([x(3, 4)]) { mean(square($0[0])) }
        try both([x(3, 4)]) { square(sumRows($0[0])) }
        try both([x(3)]) { square(expandRows($0[0], columns: 2)) }
        try both([x(2, 2, 3)]) { square(sumColumns($0[0])) }
        try both([x(3)]) { square(expandColumns($0[0], to: [2, 3])) }
        try both([x(1)]) { square(expand($0[0], to: [2, 2])) }
        try both([x(2, 3), x(3)]) { square(addBias($0[0], $0[1])) }
        try both([x(2, 3), x(3)]) { square(mulColumns($0[0], $0[1])) }
    }

    func testMatmulAllTranspositions() throws {
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = ta ? x(4, 3) : x(3, 4), b = tb ? x(2, 4) : x(4, 2)
            try both([a, b]) { square(matmul($0[0], $0[1], transA: ta, transB: tb)) }
        }
    }

    func testShapes() throws {
        try both([x(2, 6)]) { square(reshape($0[0], [3, 4])) }
        try both([x(1, 3, 2, 2)]) { square(pad($0[0], Padding2D(top: 1, left: 2, bottom: 0, right: 1))) }
        try both([x(1, 5, 6, 2)]) { square(crop($0[0], Padding2D(top: 1, left: 2, bottom: 2, right: 1))) }
        try both([x(2, 2, 3, 2)]) { square(upsample2x($0[0])) }
        try both([x(1, 4, 4, 2)]) { square(sumPool2x($0[0])) }
        try both([x(2, 3), x(1, 3)]) { square(concatBatch([$0[0], $0[1]])) }
        try both([x(4, 3)]) { square(sliceBatch($0[0], 1, 2)) }
    }

    func testConvolutionEveryPaddingAndStride() throws {
        let cases: [([Int], [Int], Int, ConvPadding)] = [
            ([2, 5, 5, 2], [3, 3, 2, 3], 1, .same),
            ([1, 6, 7, 2], [5, 5, 2, 2], 2, .same),
            ([2, 6, 6, 1], [3, 3, 1, 2], 1, .valid),
            ([1, 7, 5, 3], [3, 3, 3, 2], 2, .symmetric(1)),
            ([2, 5, 4, 3], [3, 3, 3, 1], 1, .same),       // one output channel: direct kernels
            ([1, 7, 6, 2], [5, 5, 2, 1], 2, .same),
        ]
        for (xs, ws, stride, padding) in cases {
            try both([GradCheck.input(xs, &rng), GradCheck.input(ws, &rng)]) {
                square(conv2d($0[0], $0[1], stride: stride, padding: padding))
            }
        }
    }

    /// The four-parity form equals the upsample-then-convolve definition, and differentiates twice.
    func testUpsampleConvolutionMatchesItsDefinition() throws {
        for (xs, ws) in [([2, 3, 4, 3], [3, 3, 3, 5]), ([1, 4, 3, 2], [3, 3, 2, 1]), ([3, 1, 1, 4], [3, 3, 4, 2])] {
            let input = GradCheck.input(xs, &rng), kernel = GradCheck.input(ws, &rng)
            let fast = upsampleConv3x3(input, kernel), slow = conv2d(upsample2x(input), kernel)
            XCTAssertEqual(fast.shape, slow.shape)
            for (a, b) in zip(fast.values, slow.values) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        }
        for (xs, ws) in [([2, 3, 2, 2], [3, 3, 2, 3]), ([1, 2, 3, 3], [3, 3, 3, 1])] {
            try both([GradCheck.input(xs, &rng), GradCheck.input(ws, &rng)]) { square(upsampleConv3x3($0[0], $0[1])) }
        }
    }

    func testMaxPool() throws {
        // Distinct values 0.2 apart: no tie or near-tie within a step of h.
        let t = Tensor(shape: [1, 4, 4, 2], values: rng.permutation(32).map { Float($0) * 0.2 - 3 })
        try both([t]) { square(maxPool2x($0[0])) }
    }

    func testSoftmaxCrossEntropyFirstOrderAndRefusesSecond() throws {
        let logits = x(3, 4)
        try GradCheck.first([logits]) { softmaxCrossEntropy($0[0], labels: [0, 3, 1]) }
        logits.requiresGrad = true
        let g = try gradients(of: softmaxCrossEntropy(logits, labels: [0, 3, 1]), wrt: [logits], createGraph: true)[0]
        XCTAssertThrowsError(try gradients(of: sum(square(g)), wrt: [logits])) { error in
            XCTAssertTrue("\(error)".contains("softmaxCrossEntropyGrad"), "\(error)")
        }
    }

    func testGradientsOnlyVisitWhatIsAsked() throws {
        let a = x(2, 2), b = x(2, 2)
        a.requiresGrad = true
        b.requiresGrad = true
        let y = sum(mul(a, b))
        let ga = try gradients(of: y, wrt: [a])[0]
        XCTAssertEqual(ga.values, b.values)
        let unrelated = x(3)
        XCTAssertEqual(try gradients(of: y, wrt: [unrelated])[0].values, [0, 0, 0])
        XCTAssertThrowsError(try gradients(of: mul(a, b), wrt: [a]))  // not a scalar, no seed
    }
}
