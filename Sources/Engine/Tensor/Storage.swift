import Synchronization

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

/// Exact-size free lists of float buffers, bounded in total size; one lock around them, since
/// tensors are made and freed on every thread that computes.
final class BufferPool: Sendable {
    static let shared = BufferPool()
    private struct Lists {
        /// Buffer addresses by size (as integers: the lock's state must be Sendable).
        var free: [Int: [UInt]] = [:]
        var pooledFloats = 0
        var live = 0
    }
    private let lists = Mutex(Lists())
    private let limitFloats = 1 << 30  // 4 GiB of float32

    var live: Int { lists.withLock { $0.live } }

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = max(count, 1)
        let reused = lists.withLock { l -> UInt? in
            l.live += n
            guard let address = l.free[n]?.popLast() else { return nil }
            l.pooledFloats -= n
            return address
        }
        return reused.flatMap { UnsafeMutablePointer<Float>(bitPattern: $0) } ?? UnsafeMutablePointer<Float>.allocate(capacity: n)
    }

    func give(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        let n = max(count, 1)
        let address = UInt(bitPattern: p)
        let pooled = lists.withLock { l -> Bool in
            l.live -= n
            guard l.pooledFloats + n <= limitFloats else { return false }
            l.free[n, default: []].append(address)
            l.pooledFloats += n
            return true
        }
        if !pooled { p.deallocate() }
    }
}
