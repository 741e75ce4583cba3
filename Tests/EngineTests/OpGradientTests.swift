import Engine
import XCTest

/// Every op of `Op.Kind`, first and second order, against finite differences (GradCheck).
///
/// `cases(_:)` switches over every kind without a default, so a new op without a case does not
/// compile, and each case must record an op of its kind (checked on the graph), so a case cannot
/// stand for an op it does not reach. The one op without an adjoint, softmaxCrossEntropyGrad, is
/// checked to refuse a second derivative.
final class OpGradientTests: XCTestCase {
    /// A function of some inputs that records at least one op of the kind under test.
    struct Case {
        var inputs: [Tensor]
        var f: ([Tensor]) -> Tensor
        var secondOrder = true
        var kernels = ConvKernels()
    }

    var rng = RandomGenerator(seed: 1)
    func x(_ shape: Int...) -> Tensor { GradCheck.input(shape, &rng) }
    func positive(_ shape: Int...) -> Tensor { rng.uniform(shape: shape, low: 0.5, high: 2) }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func cases(_ kind: Op.Kind) -> [Case] {
        switch kind {
        case .add: return [Case(inputs: [x(3, 4), x(3, 4)]) { add($0[0], $0[1]) }]
        case .sub: return [Case(inputs: [x(3, 4), x(3, 4)]) { sub($0[0], $0[1]) }]
        case .mul: return [Case(inputs: [x(3, 4), x(3, 4)]) { mul($0[0], $0[1]) }]
        case .div: return [Case(inputs: [x(3, 4), positive(3, 4)]) { div($0[0], $0[1]) }]
        case .scale: return [Case(inputs: [x(5)]) { square(scale($0[0], -2.5)) }]
        case .addScalar: return [Case(inputs: [x(5)]) { square(addScalar($0[0], 3)) }]
        case .square: return [Case(inputs: [x(2, 3)]) { square($0[0]) }]
        case .sqrt: return [Case(inputs: [positive(2, 3)]) { sqrt($0[0]) }]
        case .reciprocal: return [Case(inputs: [positive(2, 3)]) { reciprocal($0[0]) }]
        case .tanh: return [Case(inputs: [x(2, 3)]) { tanh($0[0]) }]
        case .exp: return [Case(inputs: [x(2, 3)]) { exp($0[0]) }]
        case .sigmoid: return [Case(inputs: [scale(x(2, 3), 3)]) { sigmoid($0[0]) }]
        case .softplus: return [Case(inputs: [scale(x(2, 3), 3)]) { softplus($0[0]) }]
        case .leakyRelu:
            return [
                Case(inputs: [x(4, 3)]) { leakyRelu($0[0], slope: 0.2) },
                Case(inputs: [x(2, 3)]) { mul(tanh($0[0]), leakyRelu($0[0], slope: 0.2)) },
            ]
        case .biasLeakyRelu:
            // A small bias keeps |x + b| >= 0.05: no kink within a step of h.
            func bias() -> Tensor { Tensor(shape: [3], values: [0.05, -0.03, 0.02]) }
            return [
                Case(inputs: [x(4, 3), bias()]) { square(biasLeakyRelu($0[0], $0[1], slope: 0.2)) },
                Case(inputs: [x(2, 3), bias()]) { mul(tanh($0[0]), biasLeakyRelu($0[0], $0[1], slope: 0.2)) },
            ]
        case .leakyReluGrad:
            return [Case(inputs: [x(4, 3), x(4, 3)]) { square(leakyReluGrad($0[0], $0[1], slope: 0.2)) }]
        case .matmul:
            return [(false, false), (false, true), (true, false), (true, true)].map { ta, tb in
                Case(inputs: [ta ? x(4, 3) : x(3, 4), tb ? x(2, 4) : x(4, 2)]) {
                    square(matmul($0[0], $0[1], transA: ta, transB: tb))
                }
            }
        case .conv2d:
            let geometries: [([Int], [Int], Int, ConvPadding)] = [
                ([2, 5, 5, 2], [3, 3, 2, 3], 1, .same), ([1, 6, 7, 2], [5, 5, 2, 2], 2, .same),
                ([2, 6, 6, 1], [3, 3, 1, 2], 1, .valid), ([1, 7, 5, 3], [3, 3, 3, 2], 2, .symmetric(1)),
                // one output channel: direct kernels
                ([2, 5, 4, 3], [3, 3, 3, 1], 1, .same), ([1, 7, 6, 2], [5, 5, 2, 1], 2, .same),
            ]
            let dense = geometries.map { xs, ws, s, p in
                Case(inputs: [GradCheck.input(xs, &rng), GradCheck.input(ws, &rng)]) {
                    square(conv2d($0[0], $0[1], stride: s, padding: p))
                }
            }
            // Tap groups (the padding skipped), taken for these small sizes with a one-row minimum.
            let grouped = Case(
                inputs: [x(2, 8, 8, 2), x(5, 5, 2, 3)], f: { square(conv2d($0[0], $0[1], stride: 2, padding: .same)) },
                kernels: ConvKernels(minimumGroupRows: 1))
            return dense + [grouped]
        case .convInputGrad:
            let g = ConvGeometry(input: [2, 6, 5, 2], kernel: [3, 3, 2, 3], stride: 2, padding: .same)
            return [Case(inputs: [x(2, 3, 3, 3), x(3, 3, 2, 3)]) { square(convInputGrad($0[0], $0[1], g)) }]
        case .convWeightGrad:
            let g = ConvGeometry(input: [2, 6, 5, 2], kernel: [3, 3, 2, 3], stride: 2, padding: .same)
            return [Case(inputs: [x(2, 6, 5, 2), x(2, 3, 3, 3)]) { square(convWeightGrad($0[0], $0[1], g)) }]
        case .sum:
            return [Case(inputs: [x(3, 4)]) { sum(square($0[0])) }, Case(inputs: [x(3, 4)]) { mean(square($0[0])) }]
        case .expand: return [Case(inputs: [x(1)]) { square(expand($0[0], to: [2, 2])) }]
        case .sumRows: return [Case(inputs: [x(3, 4)]) { square(sumRows($0[0])) }]
        case .expandRows: return [Case(inputs: [x(3)]) { square(expandRows($0[0], columns: 2)) }]
        case .sumColumns: return [Case(inputs: [x(2, 2, 3)]) { square(sumColumns($0[0])) }]
        case .expandColumns: return [Case(inputs: [x(3)]) { square(expandColumns($0[0], to: [2, 3])) }]
        case .addBias: return [Case(inputs: [x(2, 3), x(3)]) { square(addBias($0[0], $0[1])) }]
        case .mulColumns: return [Case(inputs: [x(2, 3), x(3)]) { square(mulColumns($0[0], $0[1])) }]
        case .reshape: return [Case(inputs: [x(2, 6)]) { square(reshape($0[0], [3, 4])) }]
        case .pad:
            return [
                Case(inputs: [x(1, 3, 2, 2)]) { square(pad($0[0], Padding2D(top: 1, left: 2, bottom: 0, right: 1))) }
            ]
        case .crop:
            return [
                Case(inputs: [x(1, 5, 6, 2)]) { square(crop($0[0], Padding2D(top: 1, left: 2, bottom: 2, right: 1))) }
            ]
        case .upsample2x: return [Case(inputs: [x(2, 2, 3, 2)]) { square(upsample2x($0[0])) }]
        case .sumPool2x: return [Case(inputs: [x(1, 4, 4, 2)]) { square(sumPool2x($0[0])) }]
        case .concatBatch: return [Case(inputs: [x(2, 3), x(1, 3)]) { square(concatBatch([$0[0], $0[1]])) }]
        case .sliceBatch: return [Case(inputs: [x(4, 3)]) { square(sliceBatch($0[0], 1, 2)) }]
        case .foldKernel:
            return (0..<4).map { p in Case(inputs: [x(3, 3, 2, 2)]) { square(foldKernel($0[0], p / 2, p % 2)) } }
        case .unfoldKernel:
            return (0..<4).map { p in Case(inputs: [x(2, 2, 2, 2)]) { square(unfoldKernel($0[0], p / 2, p % 2)) } }
        case .interleave2x:
            return [
                Case(inputs: [x(1, 2, 3, 2), x(1, 2, 3, 2), x(1, 2, 3, 2), x(1, 2, 3, 2)]) { square(interleave2x($0)) }
            ]
        case .parityPlane:
            return (0..<4).map { p in Case(inputs: [x(1, 4, 2, 2)]) { square(parityPlane($0[0], p / 2, p % 2)) } }
        case .maxPool2x:
            // Distinct values 0.2 apart: no tie or near-tie within a step of h.
            return [
                Case(inputs: [Tensor(shape: [1, 4, 4, 2], values: rng.permutation(32).map { Float($0) * 0.2 - 3 })]) {
                    square(maxPool2x($0[0]))
                }
            ]
        case .scatter:
            let index: [Int32] = [4, 0, 4, 2, 1, 5]  // repeats add up
            return [Case(inputs: [x(2, 3)]) { square(scatter($0[0], index, into: [6])) }]
        case .gather:
            let index: [Int32] = [3, 3, 0, 5, 1, 2, 0, 4]
            return [Case(inputs: [x(6)]) { square(gather($0[0], index, shape: [2, 4])) }]
        case .softmaxCrossEntropy:
            return [Case(inputs: [x(3, 4)], f: { softmaxCrossEntropy($0[0], labels: [0, 3, 1]) }, secondOrder: false)]
        case .softmaxCrossEntropyGrad:
            return []  // no adjoint by design: testCrossEntropyRefusesASecondDerivative
        }
    }

    /// Kinds recorded in the graph below `t`.
    func recordedKinds(_ t: Tensor) -> Set<Op.Kind> {
        var seen = Set<ObjectIdentifier>(), kinds = Set<Op.Kind>(), stack = [t]
        while let u = stack.popLast() {
            guard let node = u.node, seen.insert(ObjectIdentifier(u)).inserted else { continue }
            kinds.insert(node.op.kind)
            stack += node.inputs
        }
        return kinds
    }

    func testEveryOpFirstAndSecondOrder() throws {
        var checked = 0
        for kind in Op.Kind.allCases {
            let all = cases(kind)
            if kind != .softmaxCrossEntropyGrad { XCTAssertFalse(all.isEmpty, "\(kind) has no finite-difference case") }
            for (i, c) in all.enumerated() {
                try c.kernels.using {
                    for t in c.inputs { t.requiresGrad = true }
                    XCTAssertTrue(
                        recordedKinds(c.f(c.inputs)).contains(kind), "case \(i) of \(kind) does not record \(kind)")
                    try GradCheck.first(c.inputs, label: "\(kind) case \(i)", c.f)
                    if c.secondOrder {
                        try GradCheck.second(c.inputs.map { $0.copy() }, label: "\(kind) case \(i)", c.f)
                    }
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, Op.Kind.allCases.count)
    }

    func testCrossEntropyRefusesASecondDerivative() throws {
        let logits = x(3, 4)
        logits.requiresGrad = true
        let g = try gradients(of: softmaxCrossEntropy(logits, labels: [0, 3, 1]), wrt: [logits], createGraph: true)[0]
        XCTAssertEqual(g.node?.op.kind, .softmaxCrossEntropyGrad)
        XCTAssertThrowsError(try gradients(of: sum(square(g)), wrt: [logits])) { error in
            XCTAssertTrue("\(error)".contains("softmaxCrossEntropyGrad"), "\(error)")
        }
    }

    /// The four-parity form equals the upsample-then-convolve definition, and differentiates twice.
    func testUpsampleConvolutionMatchesItsDefinition() throws {
        for (xs, ws) in [
            ([2, 3, 4, 3], [3, 3, 3, 5]), ([1, 4, 3, 2], [3, 3, 2, 1]), ([3, 1, 1, 4], [3, 3, 4, 2]),
        ] {
            let input = GradCheck.input(xs, &rng), kernel = GradCheck.input(ws, &rng)
            let fast = upsampleConv3x3(input, kernel), slow = conv2d(upsample2x(input), kernel)
            XCTAssertEqual(fast.shape, slow.shape)
            for (a, b) in zip(fast.values, slow.values) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        }
        for (xs, ws) in [([2, 3, 2, 2], [3, 3, 2, 3]), ([1, 2, 3, 3], [3, 3, 3, 1])] {
            let inputs = [GradCheck.input(xs, &rng), GradCheck.input(ws, &rng)]
            try GradCheck.first(inputs, label: "upsampleConv3x3") { square(upsampleConv3x3($0[0], $0[1])) }
            try GradCheck.second(inputs.map { $0.copy() }, label: "upsampleConv3x3") {
                square(upsampleConv3x3($0[0], $0[1]))
            }
        }
    }

    /// The transposed (scatter) form used for sampling equals the definition too, including the
    /// border pixels and 1x1 inputs (that an image does not depend on its batch is LatentTests').
    func testUpsampleScatterMatchesTheDefinition() throws {
        for (xs, ws) in [
            ([2, 3, 4, 3], [3, 3, 3, 5]), ([1, 4, 3, 2], [3, 3, 2, 1]), ([3, 1, 1, 4], [3, 3, 4, 2]),
            ([4, 7, 7, 8], [3, 3, 8, 16]),
        ] {
            let input = GradCheck.input(xs, &rng), kernel = GradCheck.input(ws, &rng)
            let fast = withoutGrad { upsampleConv3x3Scatter(input, kernel) }, slow = conv2d(upsample2x(input), kernel)
            XCTAssertEqual(fast.shape, slow.shape)
            for (a, b) in zip(fast.values, slow.values) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        }
    }

    /// Sampling's single-channel convolution equals the recorded one up to rounding.
    func testInferenceConvolutionMatchesTheRecordedOne() throws {
        for (xs, ws) in [
            ([2, 28, 28, 32], [3, 3, 32, 1]), ([1, 5, 4, 3], [3, 3, 3, 1]), ([3, 6, 6, 40], [3, 3, 40, 1]),
        ] {
            let input = GradCheck.input(xs, &rng), kernel = GradCheck.input(ws, &rng)
            let fast = withoutGrad { conv2dInference(input, kernel) }, slow = conv2d(input, kernel)
            XCTAssertEqual(fast.shape, slow.shape)
            for (a, b) in zip(fast.values, slow.values) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
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
