import Foundation
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
public final class BufferPool: Sendable {
    static let shared = BufferPool(guardFloats: EnvironmentVariable.guardFloats.value == "1" ? 16 : 0)
    private struct Lists {
        /// Buffer addresses by size (as integers: the lock's state must be Sendable).
        var free: [Int: [UInt]] = [:]
        var pooledFloats = 0
        var live = 0
    }
    private let lists = Mutex(Lists())
    private let limitFloats = 1 << 30  // 4 GiB of float32

    /// `WGAN_GUARD=1`: every buffer gets 16 guard floats past its end, checked whenever it is taken
    /// or given back, so a kernel (ours, OpenBLAS's, oneDNN's) writing past a buffer is named by the
    /// buffer's size at the next check instead of surfacing later as a heap error.
    public let guardFloats: Int
    private static let guardBits: UInt32 = 0x7FC0_DEAD  // a NaN no kernel computes

    public init(guardFloats: Int = 0) { self.guardFloats = guardFloats }

    var live: Int { lists.withLock { $0.live } }

    public func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = max(count, 1)
        let reused = lists.withLock { l -> UInt? in
            l.live += n
            guard let address = l.free[n]?.popLast() else { return nil }
            l.pooledFloats -= n
            return address
        }
        let g = guardFloats
        let p =
            reused.flatMap { UnsafeMutablePointer<Float>(bitPattern: $0) }
            ?? UnsafeMutablePointer<Float>.allocate(capacity: n + g)
        if g > 0 {
            if reused != nil { checkGuard(p, n, "while pooled") }
            for i in n..<(n + g) { p[i] = Float(bitPattern: Self.guardBits) }
        }
        return p
    }

    /// Whether the guard floats past a buffer of `count` floats are as `take` wrote them.
    public func guardIntact(_ p: UnsafeMutablePointer<Float>, _ count: Int) -> Bool {
        let n = max(count, 1)
        return (n..<(n + guardFloats)).allSatisfy { p[$0].bitPattern == Self.guardBits }
    }

    private func checkGuard(_ p: UnsafeMutablePointer<Float>, _ n: Int, _ when: String) {
        guard !guardIntact(p, n) else { return }
        FileHandle.standardError.write(
            Data("wgan: a buffer of \(n) floats was written past its end (\(when)); WGAN_GUARD found it\n".utf8))
        abort()
    }

    public func give(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        let n = max(count, 1)
        if guardFloats > 0 { checkGuard(p, n, "in use") }
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
