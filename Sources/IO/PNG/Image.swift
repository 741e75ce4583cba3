/// An 8-bit image, `channels` 1 (gray) or 3 (RGB), rows top to bottom.
public struct Image: Equatable, Sendable {
    public var width, height, channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels)
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }

    public init(width: Int, height: Int, channels: Int, fill: UInt8 = 0) {
        self.init(
            width: width, height: height, channels: channels,
            pixels: [UInt8](repeating: fill, count: width * height * channels))
    }
}
