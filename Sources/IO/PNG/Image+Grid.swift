import Engine

extension Image {
    /// One 8-bit image per entry of `images` [N, H, W, C] (C = 1: gray, C = 3: RGB), mapping [-1, 1] to [0, 255].
    public static func digits(_ images: Tensor) -> [Image] {
        let (n, h, w, c) = (images.shape[0], images.shape[1], images.shape[2], images.rank > 3 ? images.shape[3] : 1)
        return (0..<n).map { i in
            let p = images.pointer + i * h * w * c
            return Image(width: w, height: h, channels: c, pixels: (0..<(h * w * c)).map { toByte(p[$0]) })
        }
    }

    /// [-1, 1] -> 0...255, rounded, clamped.
    @inline(__always)
    static func toByte(_ v: Float) -> UInt8 {
        let x = ((v + 1) * 127.5).rounded()
        return UInt8(max(0, min(255, x.isNaN ? 0 : x)))
    }

    /// A grid of equal-size tiles, `columns` wide, with `border` pixels of `borderValue` around and
    /// between cells, every pixel repeated `scale` times in each direction.
    public static func grid(_ tiles: [Image], columns: Int, border: Int = 2, scale: Int = 1, borderValue: UInt8 = 128)
        -> Image
    {
        guard let first = tiles.first else { return Image(width: 1, height: 1, channels: 1) }
        let cols = max(1, min(columns, tiles.count)), rows = (tiles.count + cols - 1) / cols
        let (tw, th, ch) = (first.width * scale, first.height * scale, first.channels)
        var out = Image(
            width: cols * tw + (cols + 1) * border, height: rows * th + (rows + 1) * border, channels: ch,
            fill: borderValue)
        for (k, tile) in tiles.enumerated() {
            let x0 = border + (k % cols) * (tw + border), y0 = border + (k / cols) * (th + border)
            for y in 0..<th {
                for x in 0..<tw {
                    for c in 0..<ch {
                        out.pixels[((y0 + y) * out.width + x0 + x) * ch + c] =
                            tile.pixels[((y / scale) * tile.width + x / scale) * ch + c]
                    }
                }
            }
        }
        return out
    }
}
