/// Unfolds image patches: col[(b, oy, ox), (ky, kx, c)] = x[b, oy*s - top + ky, ox*s - left + kx, c],
/// zero outside the image. Rows of `col` are output pixels of images `images`.
func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, _ col: UnsafeMutablePointer<Float>) {
    let k = g.patchSize, rowsPerImage = g.oh * g.ow, c = g.c
    parallelRanges(images.count * g.oh) { rows in
        for r in rows {
            let b = images.lowerBound + r / g.oh, oy = r % g.oh
            for ox in 0..<g.ow {
                var dst = col + ((b - images.lowerBound) * rowsPerImage + oy * g.ow + ox) * k
                for ky in 0..<g.kh {
                    let iy = oy * g.stride - g.padTop + ky
                    if iy < 0 || iy >= g.h { dst.update(repeating: 0, count: g.kw * c); dst += g.kw * c; continue }
                    let rowBase = x + ((b * g.h + iy) * g.w) * c
                    let ix0 = ox * g.stride - g.padLeft
                    if ix0 >= 0 && ix0 + g.kw <= g.w {
                        dst.update(from: rowBase + ix0 * c, count: g.kw * c)  // whole kernel row inside
                        dst += g.kw * c
                        continue
                    }
                    for kx in 0..<g.kw {
                        let ix = ix0 + kx
                        if ix < 0 || ix >= g.w {
                            dst.update(repeating: 0, count: c)
                        } else {
                            dst.update(from: rowBase + ix * c, count: c)
                        }
                        dst += c
                    }
                }
            }
        }
    }
}

/// The adjoint of im2col: adds every patch row of `col` back into `dx` (which must be zeroed).
func col2im(_ col: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, _ dx: UnsafeMutablePointer<Float>) {
    let k = g.patchSize, rowsPerImage = g.oh * g.ow, c = g.c
    parallelRanges(images.count) { local in  // split by image: no two threads touch one image
        for li in local {
            let b = images.lowerBound + li
            for oy in 0..<g.oh {
                for ox in 0..<g.ow {
                    var src = col + (li * rowsPerImage + oy * g.ow + ox) * k
                    for ky in 0..<g.kh {
                        let iy = oy * g.stride - g.padTop + ky
                        if iy < 0 || iy >= g.h { src += g.kw * c; continue }
                        let rowBase = dx + ((b * g.h + iy) * g.w) * c
                        for kx in 0..<g.kw {
                            let ix = ox * g.stride - g.padLeft + kx
                            if ix >= 0 && ix < g.w {
                                let d = rowBase + ix * c
                                for j in 0..<c { d[j] += src[j] }
                            }
                            src += c
                        }
                    }
                }
            }
        }
    }
}
