import COpenBLAS

/// The three convolution products computed by tap groups (see `ConvTapGroup`). A group's patches
/// hold its taps row by row, and its kernel rows for one kernel row `ky` are contiguous in w, so
/// each product is a short sum of sgemms straight on w (no kernel copy): M = images x group pixels,
/// K = |kx| C per kernel row (or the whole window when it spans every column), N = OC.
struct GroupedConv {
    let g: ConvGeometry
    let groups: [ConvTapGroup]

    init(_ g: ConvGeometry) {
        self.g = g
        groups = g.tapGroups
    }

    /// The group's patch columns in slabs that are contiguous kernel rows: (column offset, first
    /// kernel row of w, width). One slab when the window spans every kernel column.
    private func slabs(_ t: ConvTapGroup) -> [(column: Int, kernelRow: Int, width: Int)] {
        let run = t.kx.count * g.c
        if run == 0 || t.ky.isEmpty { return [] }  // pixels that see only padding
        if t.kx.count == g.kw { return [(0, t.ky.lowerBound * g.kw * g.c, t.ky.count * run)] }
        return t.ky.enumerated().map { (i, ky) in (i * run, (ky * g.kw + t.kx.lowerBound) * g.c, run) }
    }

    private var patchBuffer: Storage { Storage(count: g.groupedPatchCount(images: g.imagesPerChunk, groups)) }
    /// Output pixels of the largest group.
    private var maxPixels: Int { groups.map(\.pixels).max() ?? 0 }
    private var rowBuffer: Storage { Storage(count: g.imagesPerChunk * maxPixels * g.oc) }

    /// y [N, OH, OW, OC] = conv(x, w). Returns the patches when one chunk held the whole batch and
    /// `keep` is set, for the weight gradient.
    func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, keep: Bool)
        -> Storage?
    {
        let col = patchBuffer, rows = rowBuffer
        for chunk in g.chunks() {
            Profiler.measure("im2col") { im2colGrouped(x, g, groups, images: chunk, col.pointer) }
            var a = col.pointer
            for t in groups {
                let k = t.patchSize(g.c), m = chunk.count * t.pixels
                if k == 0 { rows.pointer.update(repeating: 0, count: m * g.oc) }
                for (i, s) in slabs(t).enumerated() {
                    gemm(
                        "sgemm conv forward", transA: false, transB: false, m: m, n: g.oc, k: s.width, a: a + s.column,
                        lda: k,
                        b: w + s.kernelRow * g.oc, ldb: g.oc, beta: i == 0 ? 0 : 1, c: rows.pointer, ldc: g.oc)
                }
                Profiler.measure("tap-group pixel copies") {
                    movePixels(y, g, t, images: chunk, rows.pointer, reverse: true)
                }
                a += m * k
            }
        }
        return keep && g.imagesPerChunk >= g.n ? col : nil
    }

    /// dx [N, H, W, C] (zeroed by the caller) += the transposed convolution of gy with w.
    ///
    /// With oneDNN's sgemm each slab is computed transposed, w_slab [width, OC] x rows^T, and
    /// transposed into place: oneDNN runs that shape about half again as fast as rows x w_slab^T.
    func inputGrad(_ gy: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let col = patchBuffer, rows = rowBuffer
        let slabBuffer = BLAS.backend == .oneDNN ? Storage(count: g.imagesPerChunk * maxPixels * g.patchSize) : nil
        for chunk in g.chunks() {
            var c = col.pointer
            for t in groups {
                let k = t.patchSize(g.c), m = chunk.count * t.pixels
                if k > 0 {
                    Profiler.measure("tap-group pixel copies") { movePixels(gy, g, t, images: chunk, rows.pointer) }
                }
                for s in slabs(t) {
                    if let slab = slabBuffer?.pointer {
                        gemm(
                            "sgemm conv input-grad", transA: false, transB: true, m: s.width, n: m, k: g.oc,
                            a: w + s.kernelRow * g.oc, lda: g.oc, b: rows.pointer, ldb: g.oc, c: slab, ldc: m)
                        Profiler.measure("tap-group pixel copies") {
                            transpose(slab, rows: s.width, columns: m, into: c + s.column, ld: k)
                        }
                        continue
                    }
                    gemm(
                        "sgemm conv input-grad", transA: false, transB: true, m: m, n: s.width, k: g.oc,
                        a: rows.pointer, lda: g.oc,
                        b: w + s.kernelRow * g.oc, ldb: g.oc, c: c + s.column, ldc: k)
                }
                c += m * k
            }
            Profiler.measure("col2im") { col2imGrouped(col.pointer, g, groups, images: chunk, dx) }
        }
    }

    /// dw [KH, KW, C, OC] = sum over groups of patches^T x gy rows, each added into its taps' rows.
    func weightGrad(
        _ x: UnsafePointer<Float>, _ gy: UnsafeMutablePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
        patches: Storage?
    ) {
        dw.update(repeating: 0, count: g.kh * g.kw * g.c * g.oc)
        let col = patches ?? patchBuffer, rows = rowBuffer
        for chunk in g.chunks() {
            if patches == nil { Profiler.measure("im2col") { im2colGrouped(x, g, groups, images: chunk, col.pointer) } }
            var a = col.pointer
            for t in groups {
                let k = t.patchSize(g.c), m = chunk.count * t.pixels
                if k > 0 {
                    Profiler.measure("tap-group pixel copies") { movePixels(gy, g, t, images: chunk, rows.pointer) }
                }
                for s in slabs(t) {
                    gemm(
                        "sgemm conv weight-grad", transA: true, transB: false, m: s.width, n: g.oc, k: m,
                        a: a + s.column, lda: k,
                        b: rows.pointer, ldb: g.oc, beta: 1, c: dw + s.kernelRow * g.oc, ldc: g.oc)
                }
                a += m * k
            }
        }
    }
}

/// dst[j * ld + i] = src[i * columns + j]: a [rows, columns] block written transposed into rows of
/// stride `ld` (OpenBLAS's out-of-place transpose, on the calling thread).
func transpose(_ src: UnsafePointer<Float>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<Float>, ld: Int) {
    cblas_somatcopy(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, src, Int32(columns), dst, Int32(ld))
}
