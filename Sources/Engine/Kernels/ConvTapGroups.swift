/// Output pixels of a convolution whose valid kernel taps (those inside the image) form the same
/// window: rows `oy` x columns `ox` of the output, taps `ky` x `kx` of the kernel.
///
/// A strided "same" convolution on a small image spends many multiply-adds on zero padding: the
/// critic's 5x5 stride-2 layers waste 14% (16 -> 8 pixels), 28% (8 -> 4) and 51% (4 -> 2). Split into
/// tap groups, each group is one sgemm with K = |ky| |kx| C over its own pixels, and no zero is
/// multiplied. The sums are the same terms without the zero ones.
struct ConvTapGroup: Equatable {
    var oy: Range<Int>, ox: Range<Int>, ky: Range<Int>, kx: Range<Int>

    var pixels: Int { oy.count * ox.count }
    func patchSize(_ c: Int) -> Int { ky.count * kx.count * c }
}

extension ConvGeometry {
    /// Runs of consecutive output positions along one axis that see the same range of valid taps.
    static func tapRuns(outputs: Int, input: Int, kernel: Int, stride: Int, pad: Int) -> [(
        out: Range<Int>, taps: Range<Int>
    )] {
        var runs: [(out: Range<Int>, taps: Range<Int>)] = []
        for o in 0..<outputs {
            let lo = min(kernel, max(0, pad - o * stride)), hi = max(lo, min(kernel, input + pad - o * stride))
            if let last = runs.last, last.taps == lo..<hi {
                runs[runs.count - 1].out = last.out.lowerBound..<(o + 1)
            } else {
                runs.append((o..<(o + 1), lo..<hi))
            }
        }
        return runs
    }

    /// The tap groups, row runs times column runs; they partition the output pixels.
    var tapGroups: [ConvTapGroup] {
        let rows = Self.tapRuns(outputs: oh, input: h, kernel: kh, stride: stride, pad: padTop)
        let cols = Self.tapRuns(outputs: ow, input: w, kernel: kw, stride: stride, pad: padLeft)
        return rows.flatMap { r in cols.map { c in ConvTapGroup(oy: r.out, ox: c.out, ky: r.taps, kx: c.taps) } }
    }

    /// Multiply-adds per image that touch the image (the rest multiply padding zeros).
    public var validMacsPerImage: Int { validMacsPerImage(tapGroups) }
    func validMacsPerImage(_ groups: [ConvTapGroup]) -> Int { groupedPatchCount(images: 1, groups) * oc }

    /// Whether the grouped kernels are used: several groups and at least a tenth of the work saved.
    /// Measured on the reference pair: grouping the 14%-waste 16 -> 8 layer too took an iteration
    /// from 1.29 to 1.19 s; grouping the critic's first layer (7%, one input channel) made it slower.
    /// Small batches keep the dense kernels: an sgemm with a handful of rows runs far slower per
    /// multiply-add (sampling one image at a time, grouped: 1,275 images/s; dense: 1,690).
    public var usesTapGroups: Bool {
        let kernels = ConvKernels.current
        guard kernels.skipPadding && oc > 1 else { return false }
        let groups = tapGroups
        return groups.count > 1 && n * (groups.map(\.pixels).min() ?? 0) >= kernels.minimumGroupRows
            && validMacsPerImage(groups) * 10 <= oh * ow * patchSize * oc * 9
    }

    /// Floats of the grouped patch buffer for `images` images.
    func groupedPatchCount(images: Int, _ groups: [ConvTapGroup]) -> Int {
        groups.reduce(0) { $0 + images * $1.pixels * $1.patchSize(c) }
    }
}

/// Grouped im2col: for each group in turn, rows (b, oy, ox) of `images` and columns (ky, kx, c) of
/// the group's taps only, so every entry comes from the image.
func im2colGrouped(
    _ x: UnsafePointer<Float>, _ g: ConvGeometry, _ groups: [ConvTapGroup], images: Range<Int>,
    _ col: UnsafeMutablePointer<Float>
) {
    var base = col
    for t in groups {
        let k = t.patchSize(g.c), run = t.kx.count * g.c, groupBase = base
        base += images.count * t.pixels * k
        if k == 0 { continue }
        parallelRanges(images.count * t.oy.count) { rows in
            for r in rows {
                let b = images.lowerBound + r / t.oy.count, oy = t.oy.lowerBound + r % t.oy.count
                var dst = groupBase + r * t.ox.count * k
                for ox in t.ox {
                    let ix = ox * g.stride - g.padLeft + t.kx.lowerBound
                    for ky in t.ky {
                        let iy = oy * g.stride - g.padTop + ky
                        dst.update(from: x + ((b * g.h + iy) * g.w + ix) * g.c, count: run)
                        dst += run
                    }
                }
            }
        }
    }
}

/// The adjoint of `im2colGrouped`: adds every patch row back into `dx` (which must be zeroed).
func col2imGrouped(
    _ col: UnsafePointer<Float>, _ g: ConvGeometry, _ groups: [ConvTapGroup], images: Range<Int>,
    _ dx: UnsafeMutablePointer<Float>
) {
    var offsets: [Int] = [], total = 0
    for t in groups { offsets.append(total); total += images.count * t.pixels * t.patchSize(g.c) }
    parallelRanges(images.count) { local in  // split by image: no two threads touch one image
        for li in local {
            let b = images.lowerBound + li
            for (t, offset) in zip(groups, offsets) where t.patchSize(g.c) > 0 {
                let k = t.patchSize(g.c), run = t.kx.count * g.c
                var src = col + offset + li * t.pixels * k
                for oy in t.oy {
                    for ox in t.ox {
                        let ix = ox * g.stride - g.padLeft + t.kx.lowerBound
                        for ky in t.ky {
                            let d = dx + ((b * g.h + oy * g.stride - g.padTop + ky) * g.w + ix) * g.c
                            for j in 0..<run { d[j] += src[j] }
                            src += run
                        }
                    }
                }
            }
        }
    }
}

/// Copies the output rows of a group's pixels, y [N, OH, OW, OC] -> [images * pixels, OC]; with
/// `reverse`, writes them back into y instead.
func movePixels(
    _ y: UnsafeMutablePointer<Float>, _ g: ConvGeometry, _ t: ConvTapGroup, images: Range<Int>,
    _ rows: UnsafeMutablePointer<Float>, reverse: Bool = false
) {
    let run = t.ox.count * g.oc
    var p = rows
    for b in images {
        for oy in t.oy {
            let q = y + ((b * g.oh + oy) * g.ow + t.ox.lowerBound) * g.oc
            if reverse { q.update(from: p, count: run) } else { p.update(from: q, count: run) }
            p += run
        }
    }
}
