import CGIF
import Foundation

/// Animated GIFs of 8-bit gray frames through giflib, written atomically, looping forever.
public enum GIF {
    /// Writes `frames` (equal size, channels 1) with `delay` hundredths of a second per frame.
    public static func write(_ frames: [Image], delay: Int = 8, to path: String) throws {
        guard let first = frames.first,
            frames.allSatisfy({ $0.width == first.width && $0.height == first.height && $0.channels == 1 })
        else {
            throw IOError(path, "GIF frames must be gray images of one size")
        }
        try AtomicFile.write(to: path) { tmp in
            var error: Int32 = 0
            guard let gif = EGifOpenFileName(tmp, false, &error) else {
                throw IOError(path, "cannot create GIF (giflib error \(error))")
            }
            var closed = false
            defer { if !closed { EGifCloseFile(gif, &error) } }
            var palette = (0..<256).map { GifColorType(Red: UInt8($0), Green: UInt8($0), Blue: UInt8($0)) }
            guard let map = GifMakeMapObject(256, &palette) else { throw IOError(path, "cannot create GIF palette") }
            defer { GifFreeMapObject(map) }
            EGifSetGifVersion(gif, true)
            guard EGifPutScreenDesc(gif, Int32(first.width), Int32(first.height), 8, 0, map) == GIF_OK else {
                throw IOError(path, "cannot write GIF header")
            }
            // NETSCAPE2.0 application extension: loop forever.
            var app = Array("NETSCAPE2.0".utf8)
            var loop: [UInt8] = [1, 0, 0]
            guard EGifPutExtensionLeader(gif, wgan_gif_application_ext()) == GIF_OK,
                EGifPutExtensionBlock(gif, Int32(app.count), &app) == GIF_OK,
                EGifPutExtensionBlock(gif, Int32(loop.count), &loop) == GIF_OK,
                EGifPutExtensionTrailer(gif) == GIF_OK
            else { throw IOError(path, "cannot write GIF loop extension") }
            for frame in frames {
                var control: [UInt8] = [0, UInt8(delay & 0xff), UInt8(delay >> 8), 0]  // no transparency, delay
                guard EGifPutExtension(gif, wgan_gif_graphics_ext(), 4, &control) == GIF_OK,
                    EGifPutImageDesc(gif, 0, 0, Int32(frame.width), Int32(frame.height), false, nil) == GIF_OK
                else {
                    throw IOError(path, "cannot write GIF frame")
                }
                var pixels = frame.pixels
                for row in 0..<frame.height {
                    let ok = pixels.withUnsafeMutableBufferPointer {
                        EGifPutLine(gif, $0.baseAddress! + row * frame.width, Int32(frame.width))
                    }
                    guard ok == GIF_OK else { throw IOError(path, "cannot write GIF pixels") }
                }
            }
            closed = true
            guard EGifCloseFile(gif, &error) == GIF_OK else {
                throw IOError(path, "cannot finish GIF (giflib error \(error))")
            }
        }
    }

    /// Decodes a GIF with giflib: (width, height, frames); for checking what `write` produced.
    public static func read(_ path: String) throws -> (width: Int, height: Int, frames: [[UInt8]]) {
        var error: Int32 = 0
        guard let gif = DGifOpenFileName(path, &error) else {
            throw IOError(path, "not a GIF file (giflib error \(error))")
        }
        defer { DGifCloseFile(gif, &error) }
        guard DGifSlurp(gif) == GIF_OK else { throw IOError(path, "damaged GIF") }
        let (w, h) = (Int(gif.pointee.SWidth), Int(gif.pointee.SHeight))
        let frames = (0..<Int(gif.pointee.ImageCount)).map { i -> [UInt8] in
            let saved = gif.pointee.SavedImages[i]
            return Array(
                UnsafeBufferPointer(start: saved.RasterBits, count: Int(saved.ImageDesc.Width * saved.ImageDesc.Height))
            )
        }
        return (w, h, frames)
    }
}
