import CPNG
import Foundation

/// PNG files through libpng's simplified API (png_image), which reports errors in a message
/// instead of longjmp. Files are written to a temporary file and renamed into place.
public enum PNG {
    /// What a PNG file holds before any conversion.
    public struct Info: Equatable, Sendable {
        public var width, height: Int
        public var isColor, hasAlpha, isSixteenBit, isPalette: Bool

        public init(width: Int, height: Int, isColor: Bool, hasAlpha: Bool, isSixteenBit: Bool, isPalette: Bool) {
            (self.width, self.height, self.isColor, self.hasAlpha, self.isSixteenBit, self.isPalette) = (
                width, height, isColor, hasAlpha, isSixteenBit, isPalette
            )
        }
    }

    /// Writes atomically (temporary file, rename); `durable` also fsyncs (see `AtomicFile`).
    public static func write(_ image: Image, to path: String, durable: Bool = true) throws {
        try AtomicFile.write(to: path, durable: durable) { tmp in
            let png = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
            png.initialize(to: png_image())
            defer { png_image_free(png); png.deallocate() }
            png.pointee.version = wgan_png_image_version()
            png.pointee.width = png_uint_32(image.width)
            png.pointee.height = png_uint_32(image.height)
            png.pointee.format = image.channels == 1 ? wgan_png_format_gray() : wgan_png_format_rgb()
            let ok = image.pixels.withUnsafeBufferPointer {
                png_image_write_to_file(png, tmp, 0, $0.baseAddress, 0, nil)
            }
            guard ok != 0 else { throw IOError(path, "cannot write PNG (\(message(png)))") }
        }
    }

    /// Reads the header: size, colour type and bit depth.
    public static func info(_ path: String) throws -> Info {
        try withImage(path) { png in
            let f = png.pointee.format
            return Info(
                width: Int(png.pointee.width), height: Int(png.pointee.height), isColor: f & 2 != 0,
                hasAlpha: f & 1 != 0,
                isSixteenBit: f & 4 != 0, isPalette: f & 8 != 0)
        }
    }

    /// Reads a PNG converted to 8-bit gray (channels 1) or RGB (channels 3).
    public static func read(_ path: String, channels: Int = 1) throws -> Image {
        try withImage(path) { png in
            png.pointee.format = channels == 1 ? wgan_png_format_gray() : wgan_png_format_rgb()
            var image = Image(width: Int(png.pointee.width), height: Int(png.pointee.height), channels: channels)
            let ok = image.pixels.withUnsafeMutableBufferPointer {
                png_image_finish_read(png, nil, $0.baseAddress, 0, nil)
            }
            guard ok != 0 else { throw IOError(path, "damaged PNG (\(message(png)))") }
            return image
        }
    }

    /// Begins reading `path` into a png_image that stays at one address until `body` returns:
    /// libpng keeps a pointer to it for its error handling, so it must never be copied.
    private static func withImage<R>(_ path: String, _ body: (UnsafeMutablePointer<png_image>) throws -> R) throws -> R
    {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IOError(path, "no such file or not readable")
        }
        guard let fh = FileHandle(forReadingAtPath: path) else { throw IOError(path, "cannot open") }
        let magic = fh.readData(ofLength: 8)
        try? fh.close()
        guard magic == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw IOError(path, "not a PNG file")
        }
        let png = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        png.initialize(to: png_image())
        defer {
            png_image_free(png)  // safe after a failure too: libpng clears what it has freed
            png.deallocate()
        }
        png.pointee.version = wgan_png_image_version()
        guard png_image_begin_read_from_file(png, path) != 0 else {
            throw IOError(path, "damaged PNG (\(message(png)))")
        }
        return try body(png)
    }

    private static func message(_ png: UnsafeMutablePointer<png_image>) -> String {
        withUnsafeBytes(of: &png.pointee.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
