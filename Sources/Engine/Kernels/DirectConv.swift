/// Convolutions with a single output channel (the generator's last layer), computed directly:
/// as an sgemm their N = 1 runs at a few GFLOP/s behind an im2col buffer K times the image's size.
/// Each output pixel meets the kernel in contiguous NHWC channel vectors.
enum DirectConv {
    /// Calls `body(inputOffset, kernelOffset)` for every kernel tap of output pixel (b, oy, ox) that
    /// falls inside the image; offsets are in floats, each the start of C channels.
    @inline(__always)
    static func forEachTap(_ g: ConvGeometry, _ b: Int, _ oy: Int, _ ox: Int, _ body: (Int, Int) -> Void) {
        for ky in 0..<g.kh {
            let iy = oy * g.stride - g.padTop + ky
            if iy < 0 || iy >= g.h { continue }
            for kx in 0..<g.kw {
                let ix = ox * g.stride - g.padLeft + kx
                if ix < 0 || ix >= g.w { continue }
                body(((b * g.h + iy) * g.w + ix) * g.c, (ky * g.kw + kx) * g.c)
            }
        }
    }

    /// Sum of a[i] b[i]: eight lanes at a time, since a plain float reduction is not vectorised
    /// (the compiler may not reorder the additions).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            acc +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// y[b, oy, ox] = sum over (ky, kx, c) of x[b, iy, ix, c] w[ky, kx, c]
    static func forward(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvGeometry
    ) {
        parallelRanges(g.n) { images in
            for b in images {
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        var s: Float = 0
                        forEachTap(g, b, oy, ox) { xo, wo in s += dot(x + xo, w + wo, g.c) }
                        y[(b * g.oh + oy) * g.ow + ox] = s
                    }
                }
            }
        }
    }

    /// dx[b, iy, ix, c] = sum over the outputs that read it of gy w; dx must be zeroed.
    static func inputGrad(
        _ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: ConvGeometry
    ) {
        parallelRanges(g.n) { images in
            for b in images {
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        let v = gy[(b * g.oh + oy) * g.ow + ox]
                        if v == 0 { continue }
                        forEachTap(g, b, oy, ox) { xo, wo in
                            let d = dx + xo, k = w + wo
                            for j in 0..<g.c { d[j] += v * k[j] }
                        }
                    }
                }
            }
        }
    }

    /// dw[ky, kx, c] = sum over (b, oy, ox) of x[b, iy, ix, c] gy[b, oy, ox]; one partial sum per thread.
    static func weightGrad(
        _ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ g: ConvGeometry
    ) {
        let k = g.patchSize, parts = 2
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: parts * k)
        defer { partial.deallocate() }
        partial.update(repeating: 0, count: parts * k)
        let chunk = (g.n + parts - 1) / parts
        parallelRanges(parts, parts: parts, minimum: 1) { ps in
            for p in ps {
                let acc = partial + p * k
                for b in (p * chunk)..<min(g.n, (p + 1) * chunk) {
                    for oy in 0..<g.oh {
                        for ox in 0..<g.ow {
                            let v = gy[(b * g.oh + oy) * g.ow + ox]
                            if v == 0 { continue }
                            forEachTap(g, b, oy, ox) { xo, wo in
                                let s = x + xo, a = acc + wo
                                for j in 0..<g.c { a[j] += v * s[j] }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<k { dw[i] = partial[i] + partial[k + i] }
    }

    /// The forward pass for sampling: one vector accumulator over every tap and channel of a pixel and
    /// a single horizontal sum (the recorded forward sums each tap's dot product on its own, so the
    /// two differ in rounding, about 1e-7 relative). Pixels whose taps all fall inside the image take
    /// a path with the tap offsets computed once.
    static func forwardInference(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvGeometry
    ) {
        let c = g.c, wide = c - c % 16
        // Offsets (in floats) of each tap from the pixel's top-left tap, and of its kernel slice.
        var taps: [(Int, Int)] = []
        for ky in 0..<g.kh { for kx in 0..<g.kw { taps.append(((ky * g.w + kx) * c, (ky * g.kw + kx) * c)) } }
        parallelRanges(g.n) { images in
            let rx = UnsafeRawPointer(x), rw = UnsafeRawPointer(w)
            @inline(__always) func accumulate(_ xo: Int, _ wo: Int, _ acc: inout SIMD16<Float>, _ tail: inout Float) {
                var i = 0
                while i < wide {
                    acc +=
                        rx.loadUnaligned(fromByteOffset: (xo + i) * 4, as: SIMD16<Float>.self)
                        * rw.loadUnaligned(fromByteOffset: (wo + i) * 4, as: SIMD16<Float>.self)
                    i += 16
                }
                while i < c { tail += x[xo + i] * w[wo + i]; i += 1 }
            }
            taps.withUnsafeBufferPointer { taps in
                for b in images {
                    for oy in 0..<g.oh {
                        for ox in 0..<g.ow {
                            var acc = SIMD16<Float>()
                            var tail: Float = 0
                            let iy = oy * g.stride - g.padTop, ix = ox * g.stride - g.padLeft
                            if iy >= 0 && ix >= 0 && iy + g.kh <= g.h && ix + g.kw <= g.w {
                                let base = ((b * g.h + iy) * g.w + ix) * c
                                for (dx, wo) in taps { accumulate(base + dx, wo, &acc, &tail) }
                            } else {
                                forEachTap(g, b, oy, ox) { xo, wo in accumulate(xo, wo, &acc, &tail) }
                            }
                            y[(b * g.oh + oy) * g.ow + ox] = acc.sum() + tail
                        }
                    }
                }
            }
        }
    }
}
