import CHDF5
import Engine
import Foundation
import IO
import XCTest

final class PNGAndHDF5Tests: XCTestCase {
    func testPNGRoundTripGrayAndRGB() throws {
        let dir = try Fixtures.scratch()
        let gray = Image(width: 5, height: 3, channels: 1, pixels: (0..<15).map { UInt8($0 * 17) })
        try PNG.write(gray, to: dir + "/g.png")
        XCTAssertEqual(try PNG.read(dir + "/g.png"), gray)
        XCTAssertEqual(
            try PNG.info(dir + "/g.png"),
            PNG.Info(width: 5, height: 3, isColor: false, hasAlpha: false, isSixteenBit: false, isPalette: false))
        let rgb = Image(width: 2, height: 2, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9])
        try PNG.write(rgb, to: dir + "/c.png")
        XCTAssertEqual(try PNG.read(dir + "/c.png", channels: 3), rgb)
        XCTAssertTrue(try PNG.info(dir + "/c.png").isColor)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["c.png", "g.png"])
    }

    func testBadPNGsAreNamed() throws {
        let dir = try Fixtures.scratch()
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: dir + "/a.png"))
        XCTAssertThrowsError(try PNG.read(dir + "/a.png")) { XCTAssertEqual("\($0)", "\(dir)/a.png: not a PNG file") }
        try PNG.write(Image(width: 20, height: 20, channels: 1, fill: 7), to: dir + "/b.png")
        let whole = FileManager.default.contents(atPath: dir + "/b.png")!
        try whole.prefix(whole.count - 20).write(to: URL(fileURLWithPath: dir + "/t.png"))
        XCTAssertThrowsError(try PNG.read(dir + "/t.png")) {
            XCTAssertTrue("\($0)".contains("t.png: damaged PNG"), "\($0)")
        }
        XCTAssertThrowsError(try PNG.read(dir + "/none.png")) { XCTAssertTrue("\($0)".contains("none.png"), "\($0)") }
        XCTAssertThrowsError(try PNG.write(Image(width: 1, height: 1, channels: 1), to: dir + "/no/such/x.png")) {
            XCTAssertTrue("\($0)".contains("does not exist"), "\($0)")
        }
    }

    func testGridGeometry() {
        let tiles = (0..<5).map { Image(width: 3, height: 2, channels: 1, fill: UInt8($0 + 1)) }
        let g = Image.grid(tiles, columns: 2, border: 1, scale: 2, borderValue: 0)
        XCTAssertEqual([g.width, g.height], [2 * 6 + 3, 3 * 4 + 4])
        XCTAssertEqual(g.pixels[0], 0)  // border
        XCTAssertEqual(g.pixels[1 * g.width + 1], 1)  // first tile
        XCTAssertEqual(g.pixels[1 * g.width + 8], 2)  // second tile
        XCTAssertEqual(g.pixels[(g.height - 2) * g.width + 1], 5)
        XCTAssertEqual(Image.digits(Tensor(shape: [1, 1, 3, 1], values: [-1, 0, 1]))[0].pixels, [0, 128, 255])
    }

    /// A float dataset in big-endian order (what a damaged or foreign type often is) is named as such,
    /// not as "32-bit floats, expected float32".
    func testAnotherFloatLayoutIsNamed() throws {
        let path = try Fixtures.scratch() + "/be.h5"
        let file = H5Fcreate(path, wgan_h5f_acc_trunc(), wgan_h5p_default(), wgan_h5p_default())
        XCTAssertGreaterThanOrEqual(file, 0)
        let type = H5Tcopy(wgan_h5t_float())
        XCTAssertGreaterThanOrEqual(H5Tset_order(type, H5T_ORDER_BE), 0)
        var dims: [hsize_t] = [3]
        let space = H5Screate_simple(1, &dims, nil)
        let d = H5Dcreate2(file, "/w", type, space, wgan_h5p_default(), wgan_h5p_default(), wgan_h5p_default())
        let values: [Float] = [1, 2, 3]
        XCTAssertGreaterThanOrEqual(
            H5Dwrite(d, wgan_h5t_float(), wgan_h5s_all(), wgan_h5s_all(), wgan_h5p_default(), values), 0)
        H5Dclose(d); H5Sclose(space); H5Tclose(type); H5Fclose(file)
        let r = try HDF5File.open(path)
        XCTAssertThrowsError(try r.read("/w", as: Float.self)) {
            XCTAssertEqual("\($0)", "\(path): /w holds 32-bit big-endian floats, expected float32")
        }
    }

    func testHDF5RoundTripAndTypedErrors() throws {
        let path = try Fixtures.scratch() + "/x.h5"
        let f = try HDF5File.create(path)
        try f.write(
            "/a/b/floats", [Float](arrayLiteral: 1.5, -2, .greatestFiniteMagnitude, .leastNonzeroMagnitude),
            shape: [2, 2])
        try f.write("/a/ints", [Int64.min, 0, Int64.max])
        try f.write("/empty", [Double]())
        try f.setAttribute("name", "wgan é", on: "/a")
        try f.setAttribute("x", 2.5, on: "/a/b/floats")
        f.close()
        let r = try HDF5File.open(path)
        XCTAssertEqual(
            try r.read("/a/b/floats", as: Float.self).values,
            [1.5, -2, .greatestFiniteMagnitude, .leastNonzeroMagnitude])
        XCTAssertEqual(try r.read("/a/b/floats", as: Float.self).shape, [2, 2])
        XCTAssertEqual(try r.read("/a/ints", as: Int64.self).values, [Int64.min, 0, Int64.max])
        XCTAssertEqual(try r.read("/empty", as: Double.self).values, [])
        XCTAssertEqual(try r.stringAttribute("name", on: "/a"), "wgan é")
        XCTAssertEqual(try r.scalarAttribute("x", on: "/a/b/floats", as: Double.self), 2.5)
        XCTAssertEqual(try r.children("/a").sorted(), ["b", "ints"])
        XCTAssertThrowsError(try r.read("/a/ints", as: Float.self)) {
            XCTAssertEqual("\($0)", "\(path): /a/ints holds int64, expected float32")
        }
        XCTAssertThrowsError(try r.read("/a/b/floats", as: Float.self, expected: [4])) {
            XCTAssertEqual("\($0)", "\(path): /a/b/floats has shape [2, 2], expected [4]")
        }
        XCTAssertThrowsError(try r.read("/a/zzz/q", as: Float.self)) {
            XCTAssertEqual("\($0)", "\(path): /a/zzz/q is missing")
        }
    }
}
