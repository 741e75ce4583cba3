import CZlib
import Foundation

public enum Gzip {
    /// Decompresses a whole gzip (or zlib) stream; `path` names the file in errors.
    public static func decompress(_ data: Data, path: String) throws -> [UInt8] {
        guard !data.isEmpty else { throw IOError(path, "file is empty") }
        var stream = z_stream()
        guard wgan_inflate_init_gzip(&stream) == Z_OK else { throw IOError(path, "cannot start gzip decompression") }
        defer { inflateEnd(&stream) }
        var out = [UInt8]()
        out.reserveCapacity(data.count * 5)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress!)
            stream.avail_in = uInt(raw.count)
            while status != Z_STREAM_END {
                try chunk.withUnsafeMutableBufferPointer { buf in
                    stream.next_out = buf.baseAddress
                    stream.avail_out = uInt(buf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        if status == Z_BUF_ERROR { throw IOError(path, "gzip data is truncated") }
                        throw IOError(path, "not valid gzip data (zlib error \(status))")
                    }
                    out.append(contentsOf: buf[0..<(buf.count - Int(stream.avail_out))])
                }
                if status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0 {
                    throw IOError(path, "gzip data is truncated")
                }
            }
        }
        return out
    }
}
