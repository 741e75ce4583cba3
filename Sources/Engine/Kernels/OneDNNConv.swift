import CDNNL
import Foundation
import Synchronization

/// oneDNN's direct convolutions (its brgconv / jit AVX-512 kernels on Zen 4) for the three passes of a
/// strided convolution, on the project's layouts: activations NHWC, weights [KH, KW, C, OC] ("hwio"),
/// reordered to oneDNN's blocked layout on the way in (weight gradients on the way out).
///
/// They compute the same sums as `conv2d`, `convInputGrad` and `convWeightGrad` in another order
/// (agreement to float32 rounding: `OneDNNConvTests`), so the adjoint table, and with it the penalty's
/// gradient of a gradient, is unchanged. Which passes use them: `ConvGeometry.usesOneDNN(_:)`.
public enum OneDNNConv {
    public enum Pass: Int, Sendable { case forward, inputGrad, weightGrad }

    /// A built primitive with the weight reorder it needs; immutable, so any thread may execute it
    /// (the scratchpad is ours, one per call).
    final class Plan: @unchecked Sendable {
        let primitive: OpaquePointer
        /// hwio -> the primitive's weights (forward, input gradient), or its weight gradient -> hwio.
        let reorder: OpaquePointer?
        let activations: (dnnl_memory_desc_t, dnnl_memory_desc_t)  // (src or diff_src, dst or diff_dst)
        let hwio: dnnl_memory_desc_t, blocked: dnnl_memory_desc_t, scratchpad: dnnl_memory_desc_t
        let blockedFloats: Int, scratchpadFloats: Int

        init(
            primitive: OpaquePointer, reorder: OpaquePointer?, activations: (dnnl_memory_desc_t, dnnl_memory_desc_t),
            hwio: dnnl_memory_desc_t, blocked: dnnl_memory_desc_t, scratchpad: dnnl_memory_desc_t
        ) {
            (self.primitive, self.reorder, self.activations) = (primitive, reorder, activations)
            (self.hwio, self.blocked, self.scratchpad) = (hwio, blocked, scratchpad)
            var b = blocked, s = scratchpad
            blockedFloats = (dnnl_memory_desc_get_size(&b) + 3) / 4
            scratchpadFloats = (dnnl_memory_desc_get_size(&s) + 3) / 4
        }
    }

    /// `WGAN_CONV=onednn` or `ours`, which the tools set from a measurement on this machine
    /// (`KernelTuning` in CLISupport); the project's kernels when unset. Fixed for the process, so a
    /// run computes the same bytes from start to end.
    public static let enabledByDefault: Bool = {
        switch EnvironmentVariable.conv.value?.lowercased() {
        case "onednn": return true
        case "ours": return false
        default: return false
        }
    }()

    /// "oneDNN 2.6.3 strided convolutions" or "wgan-swift's convolutions": what the processor line says.
    public static var kernelsDescription: String {
        ConvKernels.current.oneDNN ? "\(BLAS.oneDNNName) strided convolutions" : "wgan-swift's convolutions"
    }

    private struct Key: Hashable { let geometry: ConvGeometry, pass: Pass }
    private static let plans = Mutex<[Key: Plan?]>([:])

    final class Engine: @unchecked Sendable {
        let handle: OpaquePointer
        init(_ h: OpaquePointer) { handle = h }
    }
    static let engine: Engine? = {
        var e: OpaquePointer?
        guard dnnl_engine_create(&e, dnnl_cpu, 0) == dnnl_success, let e else { return nil }
        return Engine(e)
    }()

    /// Whether oneDNN builds this pass for this geometry (it may refuse; then our kernels run).
    static func available(_ g: ConvGeometry, _ pass: Pass) -> Bool { cachedPlan(g, pass) != nil }

    /// y = conv(x, w).
    static func forward(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        _ g: ConvGeometry
    ) -> Bool {
        guard let p = plan(g, .forward) else { return false }
        return Profiler.measure("oneDNN conv forward") {
            p.run(
                weights: w,
                [
                    (DNNL_ARG_SRC, UnsafeMutableRawPointer(mutating: x), p.activations.0),
                    (DNNL_ARG_DST, UnsafeMutableRawPointer(y), p.activations.1),
                ], weightArg: DNNL_ARG_WEIGHTS)
        }
    }

    /// dx = conv^T(gy, w); every element of dx is written.
    static func inputGrad(
        _ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        _ g: ConvGeometry
    ) -> Bool {
        guard let p = plan(g, .inputGrad) else { return false }
        return Profiler.measure("oneDNN conv input-grad") {
            p.run(
                weights: w,
                [
                    (DNNL_ARG_DIFF_SRC, UnsafeMutableRawPointer(dx), p.activations.0),
                    (DNNL_ARG_DIFF_DST, UnsafeMutableRawPointer(mutating: gy), p.activations.1),
                ],
                weightArg: DNNL_ARG_WEIGHTS)
        }
    }

    /// dw = sum over pixels of patch(x) gy.
    static func weightGrad(
        _ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
        _ g: ConvGeometry
    ) -> Bool {
        guard let p = plan(g, .weightGrad) else { return false }
        return Profiler.measure("oneDNN conv weight-grad") {
            p.runWeightGrad(
                [
                    (DNNL_ARG_SRC, UnsafeMutableRawPointer(mutating: x), p.activations.0),
                    (DNNL_ARG_DIFF_DST, UnsafeMutableRawPointer(mutating: gy), p.activations.1),
                ], dw)
        }
    }

    /// The plan of a pass about to run (its work counted).
    private static func plan(_ g: ConvGeometry, _ pass: Pass) -> Plan? {
        guard let p = cachedPlan(g, pass) else { return nil }
        WorkCounters.current?.add(flops: 2 * g.n * g.validMacsPerImage)
        return p
    }

    private static func cachedPlan(_ g: ConvGeometry, _ pass: Pass) -> Plan? {
        let key = Key(geometry: g, pass: pass)
        return plans.withLock { cache in
            if let cached = cache[key] { return cached }
            let built = engine.flatMap { build(g, pass, $0.handle) }
            cache[key] = .some(built)
            return built
        }
    }

    private static func desc(_ dims: [Int], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t? {
        var md = dnnl_memory_desc_t()
        let d = dims.map(Int64.init)
        return dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, dnnl_f32, tag) == dnnl_success ? md : nil
    }

    /// The forward descriptor (the hint the backward passes need) and the pass's own primitive.
    private static func build(_ g: ConvGeometry, _ pass: Pass, _ engine: OpaquePointer) -> Plan? {
        guard var src = desc([g.n, g.c, g.h, g.w], dnnl_nhwc), var dst = desc([g.n, g.oc, g.oh, g.ow], dnnl_nhwc),
            var hwio = desc([g.oc, g.c, g.kh, g.kw], dnnl_hwio),
            var any = desc([g.oc, g.c, g.kh, g.kw], dnnl_format_tag_any)
        else { return nil }
        let strides: [Int64] = [Int64(g.stride), Int64(g.stride)]
        let padL: [Int64] = [Int64(g.padTop), Int64(g.padLeft)]
        let padR: [Int64] = [
            Int64((g.oh - 1) * g.stride + g.kh - g.h - g.padTop),
            Int64((g.ow - 1) * g.stride + g.kw - g.w - g.padLeft),
        ]
        var attr: OpaquePointer?
        guard dnnl_primitive_attr_create(&attr) == dnnl_success else { return nil }
        defer { dnnl_primitive_attr_destroy(attr) }
        guard dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user) == dnnl_success else {
            return nil
        }

        var fwdDesc = dnnl_convolution_desc_t(), hint: OpaquePointer?
        guard
            dnnl_convolution_forward_desc_init(
                &fwdDesc, dnnl_forward_training, dnnl_convolution_direct, &src, &any, nil,
                &dst, strides, padL, padR) == dnnl_success,
            dnnl_primitive_desc_create(&hint, &fwdDesc, attr, engine, nil) == dnnl_success, let hint
        else { return nil }
        defer { dnnl_primitive_desc_destroy(hint) }

        var pd: OpaquePointer?
        var weightsQuery = dnnl_query_weights_md
        switch pass {
        case .forward:
            guard dnnl_primitive_desc_clone(&pd, hint) == dnnl_success else { return nil }
        case .inputGrad:
            var d = dnnl_convolution_desc_t()
            guard
                dnnl_convolution_backward_data_desc_init(
                    &d, dnnl_convolution_direct, &src, &any, &dst, strides, padL, padR)
                    == dnnl_success, dnnl_primitive_desc_create(&pd, &d, attr, engine, hint) == dnnl_success
            else { return nil }
        case .weightGrad:
            var d = dnnl_convolution_desc_t()
            guard
                dnnl_convolution_backward_weights_desc_init(
                    &d, dnnl_convolution_direct, &src, &any, nil, &dst, strides,
                    padL, padR) == dnnl_success,
                dnnl_primitive_desc_create(&pd, &d, attr, engine, hint) == dnnl_success
            else { return nil }
            weightsQuery = dnnl_query_diff_weights_md
        }
        guard let pd else { return nil }
        defer { dnnl_primitive_desc_destroy(pd) }
        guard let blockedPtr = dnnl_primitive_desc_query_md(pd, weightsQuery, 0),
            let scratchPtr = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)
        else { return nil }
        var blocked = blockedPtr.pointee
        let scratchpad = scratchPtr.pointee

        var primitive: OpaquePointer?
        guard dnnl_primitive_create(&primitive, pd) == dnnl_success, let primitive else { return nil }
        var reorder: OpaquePointer?
        if dnnl_memory_desc_equal(&blocked, &hwio) == 0 {
            var rpd: OpaquePointer?
            let made =
                pass == .weightGrad
                ? dnnl_reorder_primitive_desc_create(&rpd, &blocked, engine, &hwio, engine, nil)
                : dnnl_reorder_primitive_desc_create(&rpd, &hwio, engine, &blocked, engine, nil)
            guard made == dnnl_success, let rpd else { dnnl_primitive_destroy(primitive); return nil }
            defer { dnnl_primitive_desc_destroy(rpd) }
            guard dnnl_primitive_create(&reorder, rpd) == dnnl_success else {
                dnnl_primitive_destroy(primitive); return nil
            }
        }
        return Plan(
            primitive: primitive, reorder: reorder, activations: (src, dst), hwio: hwio, blocked: blocked,
            scratchpad: scratchpad)
    }
}

extension OneDNNConv.Plan {
    typealias Argument = (kind: Int32, data: UnsafeMutableRawPointer, desc: dnnl_memory_desc_t)

    /// Executes `primitive` with `args`, the weights (reordered when needed) and a fresh scratchpad.
    func run(weights: UnsafePointer<Float>, _ args: [Argument], weightArg: Int32) -> Bool {
        let staged = reorder == nil ? nil : Storage(count: blockedFloats)
        if let reorder, let staged {
            guard
                execute(
                    reorder,
                    [
                        (DNNL_ARG_FROM, UnsafeMutableRawPointer(mutating: weights), hwio),
                        (DNNL_ARG_TO, UnsafeMutableRawPointer(staged.pointer), blocked),
                    ])
            else { return false }
        }
        let w = staged.map { UnsafeMutableRawPointer($0.pointer) } ?? UnsafeMutableRawPointer(mutating: weights)
        // The staged weights must outlive the call that reads them (ARC may end a value at its last use).
        return withExtendedLifetime(staged) {
            withScratchpad { execute(primitive, args + [(weightArg, w, blocked)] + $0) }
        }
    }

    /// Executes the weight-gradient primitive into oneDNN's layout, then reorders into `dw` (hwio).
    func runWeightGrad(_ args: [Argument], _ dw: UnsafeMutablePointer<Float>) -> Bool {
        let staged = reorder == nil ? nil : Storage(count: blockedFloats)
        let target = staged.map { UnsafeMutableRawPointer($0.pointer) } ?? UnsafeMutableRawPointer(dw)
        return withExtendedLifetime(staged) {
            guard withScratchpad({ execute(primitive, args + [(DNNL_ARG_DIFF_WEIGHTS, target, blocked)] + $0) }) else {
                return false
            }
            guard let reorder else { return true }
            return execute(
                reorder, [(DNNL_ARG_FROM, target, blocked), (DNNL_ARG_TO, UnsafeMutableRawPointer(dw), hwio)])
        }
    }

    private func withScratchpad(_ body: ([Argument]) -> Bool) -> Bool {
        guard scratchpadFloats > 0 else { return body([]) }
        let s = Storage(count: scratchpadFloats)
        return withExtendedLifetime(s) { body([(DNNL_ARG_SCRATCHPAD, UnsafeMutableRawPointer(s.pointer), scratchpad)]) }
    }

    /// Wraps the buffers in oneDNN memory objects for one execution on a stream of its own (streams
    /// are not shared between threads; on the CPU, making one costs microseconds).
    private func execute(_ p: OpaquePointer, _ args: [Argument]) -> Bool {
        guard let engine = OneDNNConv.engine?.handle else { return false }
        var memories: [OpaquePointer] = []
        defer { memories.forEach { dnnl_memory_destroy($0) } }
        var execArgs: [dnnl_exec_arg_t] = []
        for a in args {
            var md = a.desc, m: OpaquePointer?
            guard dnnl_memory_create(&m, &md, engine, a.data) == dnnl_success, let m else { return false }
            memories.append(m)
            execArgs.append(dnnl_exec_arg_t(arg: a.kind, memory: m))
        }
        var stream: OpaquePointer?
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let stream else {
            return false
        }
        defer { dnnl_stream_destroy(stream) }
        return dnnl_primitive_execute(p, stream, Int32(execArgs.count), execArgs) == dnnl_success
            && dnnl_stream_wait(stream) == dnnl_success
    }
}

extension ConvGeometry {
    /// Whether `pass` runs on oneDNN's kernels. Measured on Zen 4 for the critic's 5x5 stride-2 layers
    /// (`wgan-bench --conv-layers`, and `scripts/onednn-layers.cpp` for oneDNN alone): oneDNN
    /// wins the forward pass and input gradient unless the padding skip removes 40% of the work or
    /// more (the 4 -> 2 layer: 51%), loses the input gradient of a single-channel input, and wins the
    /// weight gradient only where padding is under a fifth of the work (28 -> 14 and 14 -> 7).
    /// Stride-1 convolutions were not measured and keep our kernels.
    public func usesOneDNN(_ pass: OneDNNConv.Pass) -> Bool {
        guard ConvKernels.current.oneDNN, stride > 1, oc > 1 else { return false }
        let waste = 1 - Double(validMacsPerImage) / Double(oh * ow * patchSize * oc)
        let wins =
            switch pass {
            case .forward: waste < 0.4
            case .inputGrad: c >= 16 && waste < 0.4
            case .weightGrad: waste < 0.2
            }
        return wins && OneDNNConv.available(self, pass)
    }
}
