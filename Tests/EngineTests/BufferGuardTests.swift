import Engine
import XCTest

/// `WGAN_GUARD=1`'s guard floats: a write one float past a buffer is seen, a buffer used within its
/// bounds is not, and a pooled buffer comes back with its guard renewed.
final class BufferGuardTests: XCTestCase {
    func testAWritePastTheEndIsSeen() {
        let pool = BufferPool(guardFloats: 16)
        let p = pool.take(10)
        p.update(repeating: 1, count: 10)
        XCTAssertTrue(pool.guardIntact(p, 10))
        p[10] = 0
        XCTAssertFalse(pool.guardIntact(p, 10))
        p[10] = p[11]  // restore the guard so the buffer can go back to the pool
        XCTAssertTrue(pool.guardIntact(p, 10))
        pool.give(p, 10)
        let q = pool.take(10)
        XCTAssertEqual(q, p, "exact-size reuse")
        XCTAssertTrue(pool.guardIntact(q, 10))
        q[25] = 0  // the last guard float
        XCTAssertFalse(pool.guardIntact(q, 10))
    }
}
