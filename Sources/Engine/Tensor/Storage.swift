import Foundation

/// Float32 buffer owned by one or more tensors (a reshape shares it).
///
/// Buffers are recycled through `BufferPool`: a training step allocates the same sizes every
/// iteration, and fresh large allocations cost page faults (the kernel zeroes every page).
public final class Storage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// A buffer of `count` floats; its content is undefined unless `zeroed`.
    public init(count: Int, zeroed: Bool = false) {
        self.count = count
        pointer = BufferPool.shared.take(count)
        if zeroed { pointer.update(repeating: 0, count: count) }
    }

    deinit { BufferPool.shared.give(pointer, count) }

    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }

    /// Floats held by live storages: what a leak test watches.
    public static var liveFloats: Int { BufferPool.shared.live }
}

/// Exact-size free lists of float buffers, bounded in total size.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var pooledFloats = 0
    private(set) var live = 0
    private let limitFloats = 1 << 30  // 4 GiB of float32
    private let lock = NSLock()

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = max(count, 1)
        lock.lock()
        live += n
        if var list = free[n], let p = list.popLast() {
            free[n] = list
            pooledFloats -= n
            lock.unlock()
            return p
        }
        lock.unlock()
        return UnsafeMutablePointer<Float>.allocate(capacity: n)
    }

    func give(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        let n = max(count, 1)
        lock.lock()
        live -= n
        if pooledFloats + n <= limitFloats {
            free[n, default: []].append(p)
            pooledFloats += n
            lock.unlock()
        } else {
            lock.unlock()
            p.deallocate()
        }
    }
}
