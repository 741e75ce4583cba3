import CHDF5
import Foundation

/// A thin, typed layer over libhdf5: datasets and attributes addressed by slash paths
/// ("/generator/conv1/kernel"), every failure an `IOError` naming the file and the item.
/// HDF5's own error printing is switched off; nothing reaches stderr from the library.
public final class HDF5File {
    public let path: String
    let id: hid_t
    private var closed = false
    /// Deflate level for large datasets written to this file (nil: stored as they are).
    private var compression: Int32?

    private static let silenced: Void = { wgan_h5_silence() }()

    private init(path: String, id: hid_t) {
        self.path = path
        self.id = id
    }

    /// Creates (or truncates) a file for writing. With `compressed`, datasets of 4,096 elements or
    /// more are stored byte-shuffled and deflated (lossless: about a sixth smaller for a checkpoint,
    /// for files that are shipped rather than rewritten every few minutes).
    public static func create(_ path: String, compressed: Bool = false) throws -> HDF5File {
        _ = silenced
        let id = H5Fcreate(path, wgan_h5f_acc_trunc(), wgan_h5p_default(), wgan_h5p_default())
        guard id >= 0 else { throw IOError(path, "cannot create HDF5 file") }
        let f = HDF5File(path: path, id: id)
        if compressed && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 { f.compression = 6 }
        return f
    }

    /// Opens an existing file read-only, telling apart a missing, an empty, a foreign and a damaged file.
    public static func open(_ path: String) throws -> HDF5File {
        _ = silenced
        guard FileSystem.exists(path) else { throw IOError(path, "no such file") }
        guard !FileSystem.isDirectory(path) else { throw IOError(path, "is a folder, not an HDF5 file") }
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attrs[.size] as? Int, FileManager.default.isReadableFile(atPath: path)
        else {
            throw IOError(path, "cannot read file")
        }
        guard size > 0 else { throw IOError(path, "file is empty") }
        guard H5Fis_hdf5(path) > 0 else { throw IOError(path, "not an HDF5 file") }
        switch probe(path) {
        case .sound: break
        case .damaged(let item): throw IOError(path, "HDF5 file is damaged or truncated (reading \(item) fails)")
        case .refused(let problem): throw IOError(path, problem)
        case .crashed:
            throw IOError(
                path, "HDF5 file is damaged (its metadata makes libhdf5 crash; it was read in a separate process)")
        }
        let id = H5Fopen(path, wgan_h5f_acc_rdonly(), wgan_h5p_default())
        guard id >= 0 else { throw IOError(path, "HDF5 file is damaged or truncated") }
        return HDF5File(path: path, id: id)
    }

    /// Opens an existing file for changes (tools and tests that edit a file in place).
    public static func openForWriting(_ path: String) throws -> HDF5File {
        _ = try open(path)  // the same checks and messages as for reading
        let id = H5Fopen(path, wgan_h5f_acc_rdwr(), wgan_h5p_default())
        guard id >= 0 else { throw IOError(path, "cannot open for writing") }
        return HDF5File(path: path, id: id)
    }

    /// Unlinks `item` (the space stays allocated in the file).
    public func remove(_ item: String) throws {
        guard exists(item) else { throw IOError(path, "\(item) is missing") }
        guard H5Ldelete(id, item, wgan_h5p_default()) >= 0 else { throw IOError(path, "cannot remove \(item)") }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        H5Fclose(id)
    }

    deinit { close() }

    // MARK: Paths

    /// Whether every component of `item` exists (H5Lexists fails on a missing parent).
    public func exists(_ item: String) -> Bool {
        var prefix = ""
        for part in item.split(separator: "/") {
            prefix += "/" + part
            guard H5Lexists(id, prefix, wgan_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// Creates the groups of `item` that do not exist yet.
    public func makeGroup(_ item: String) throws {
        var prefix = ""
        for part in item.split(separator: "/") {
            prefix += "/" + part
            if H5Lexists(id, prefix, wgan_h5p_default()) > 0 { continue }
            let g = H5Gcreate2(id, prefix, wgan_h5p_default(), wgan_h5p_default(), wgan_h5p_default())
            guard g >= 0 else { throw IOError(path, "cannot create group \(prefix)") }
            H5Gclose(g)
        }
    }

    /// Names directly under group `item`.
    public func children(_ item: String) throws -> [String] {
        guard exists(item) || item == "/" else { throw IOError(path, "\(item) is missing") }
        let g = H5Gopen2(id, item, wgan_h5p_default())
        guard g >= 0 else { throw IOError(path, "\(item) is not a group") }
        defer { H5Gclose(g) }
        var info = H5G_info_t()
        guard H5Gget_info(g, &info) >= 0 else { throw IOError(path, "cannot list \(item)") }
        return (0..<info.nlinks).compactMap { i -> String? in
            let n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, wgan_h5p_default())
            guard n > 0 else { return nil }
            var buf = [CChar](repeating: 0, count: Int(n) + 1)
            H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buf, Int(n) + 1, wgan_h5p_default())
            return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Creates the groups above `item`.
    private func makeParents(_ item: String) throws {
        let parts = item.split(separator: "/")
        guard !parts.isEmpty else { throw IOError(path, "empty item name") }
        try makeGroup("/" + parts.dropLast().joined(separator: "/"))
    }
}

/// Element types the project stores.
public protocol HDF5Scalar {
    static var hdf5Type: hid_t { get }
    static var typeName: String { get }
    init()
}

extension Float: HDF5Scalar {
    public static var hdf5Type: hid_t { wgan_h5t_float() }; public static var typeName: String { "float32" }
}
extension Double: HDF5Scalar {
    public static var hdf5Type: hid_t { wgan_h5t_double() }; public static var typeName: String { "float64" }
}
extension Int64: HDF5Scalar {
    public static var hdf5Type: hid_t { wgan_h5t_int64() }; public static var typeName: String { "int64" }
}
extension UInt64: HDF5Scalar {
    public static var hdf5Type: hid_t { wgan_h5t_uint64() }; public static var typeName: String { "uint64" }
}

extension HDF5File {
    // MARK: Datasets

    /// Writes a dataset of `shape` (an empty shape stores a 1-D dataset of `values.count`).
    public func write<T: HDF5Scalar>(_ item: String, _ values: UnsafeBufferPointer<T>, shape: [Int]) throws {
        let dims = (shape.isEmpty ? [values.count] : shape).map { hsize_t($0) }
        guard dims.reduce(1, *) == hsize_t(values.count) else {
            throw IOError(path, "\(item): \(values.count) values for shape \(shape)")
        }
        try makeParents(item)
        let space = H5Screate_simple(Int32(dims.count), dims, nil)
        guard space >= 0 else { throw IOError(path, "\(item): cannot create dataspace") }
        defer { H5Sclose(space) }
        var plist = wgan_h5p_default()
        if let level = compression, values.count >= 4096 {
            plist = H5Pcreate(wgan_h5p_dataset_create())
            guard plist >= 0, H5Pset_chunk(plist, Int32(dims.count), dims) >= 0, H5Pset_shuffle(plist) >= 0,
                H5Pset_deflate(plist, UInt32(level)) >= 0
            else { throw IOError(path, "\(item): cannot set up compression") }
        }
        defer { if plist != wgan_h5p_default() { H5Pclose(plist) } }
        let d = H5Dcreate2(id, item, T.hdf5Type, space, wgan_h5p_default(), plist, wgan_h5p_default())
        guard d >= 0 else { throw IOError(path, "\(item): cannot create dataset") }
        defer { H5Dclose(d) }
        guard values.count > 0 else { return }
        guard H5Dwrite(d, T.hdf5Type, wgan_h5s_all(), wgan_h5s_all(), wgan_h5p_default(), values.baseAddress) >= 0
        else {
            throw IOError(path, "\(item): cannot write dataset")
        }
    }

    public func write<T: HDF5Scalar>(_ item: String, _ values: [T], shape: [Int] = []) throws {
        try values.withUnsafeBufferPointer { try write(item, $0, shape: shape) }
    }

    /// The shape of dataset `item`, after checking it exists and holds `T`.
    public func shape<T: HDF5Scalar>(of item: String, as: T.Type) throws -> [Int] {
        let d = try openDataset(item, T.self)
        defer { H5Dclose(d) }
        return try datasetShape(d, item)
    }

    /// Reads dataset `item` of element type `T`, checking its shape when `expected` is given.
    public func read<T: HDF5Scalar>(_ item: String, as: T.Type, expected: [Int]? = nil) throws -> (
        shape: [Int], values: [T]
    ) {
        let d = try openDataset(item, T.self)
        defer { H5Dclose(d) }
        let shape = try datasetShape(d, item)
        if let e = expected, e != shape {
            throw IOError(path, "\(item) has shape \(shape), expected \(e)")
        }
        _ = try Self.checkedByteCount(dataset: d, item: item, path: path)
        var values = [T](repeating: T(), count: shape.reduce(1, *))
        if values.isEmpty { return (shape, values) }
        let status = values.withUnsafeMutableBufferPointer {
            H5Dread(d, T.hdf5Type, wgan_h5s_all(), wgan_h5s_all(), wgan_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw IOError(path, "\(item): cannot read (file damaged or truncated)") }
        return (shape, values)
    }

    /// Reads straight into `destination` (a tensor's storage), checking the shape first.
    public func read(_ item: String, into destination: UnsafeMutablePointer<Float>, expected: [Int]) throws {
        let d = try openDataset(item, Float.self)
        defer { H5Dclose(d) }
        let shape = try datasetShape(d, item)
        guard shape == expected else { throw IOError(path, "\(item) has shape \(shape), expected \(expected)") }
        _ = try Self.checkedByteCount(dataset: d, item: item, path: path)
        guard H5Dread(d, Float.hdf5Type, wgan_h5s_all(), wgan_h5s_all(), wgan_h5p_default(), destination) >= 0 else {
            throw IOError(path, "\(item): cannot read (file damaged or truncated)")
        }
    }

    private func openDataset<T: HDF5Scalar>(_ item: String, _: T.Type) throws -> hid_t {
        guard exists(item) else { throw IOError(path, "\(item) is missing") }
        let d = H5Dopen2(id, item, wgan_h5p_default())
        guard d >= 0 else { throw IOError(path, "\(item) is not a dataset") }
        let t = H5Dget_type(d)
        defer { H5Tclose(t) }
        guard H5Tequal(t, T.hdf5Type) > 0 else {
            H5Dclose(d)
            throw IOError(path, "\(item) holds \(describe(t)), expected \(T.typeName)")
        }
        return d
    }

    private func datasetShape(_ d: hid_t, _ item: String) throws -> [Int] {
        let space = H5Dget_space(d)
        guard space >= 0 else { throw IOError(path, "\(item): cannot read its shape") }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 && rank <= 32 else { throw IOError(path, "\(item): cannot read its shape") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        H5Sget_simple_extent_dims(space, &dims, nil)
        return dims.map { Int($0) }
    }

    private func describe(_ t: hid_t) -> String {
        for (type, name) in [
            (wgan_h5t_float(), "float32"), (wgan_h5t_double(), "float64"), (wgan_h5t_int64(), "int64"),
            (wgan_h5t_uint64(), "uint64"), (wgan_h5t_uint8(), "uint8"),
        ] where H5Tequal(t, type) > 0 {
            return name
        }
        switch H5Tget_class(t) {
        case H5T_STRING: return "strings"
        case H5T_INTEGER: return "\(H5Tget_size(t) * 8)-bit\(layout(t)) integers"
        case H5T_FLOAT: return "\(H5Tget_size(t) * 8)-bit\(layout(t)) floats"
        default: return "another type"
        }
    }

    /// What sets a number type apart from the standard one of its size (a damaged type often only
    /// changes this): its byte order, or a precision or bit offset of its own.
    private func layout(_ t: hid_t) -> String {
        let bits = H5Tget_size(t) * 8, precision = H5Tget_precision(t), offset = H5Tget_offset(t),
            order = H5Tget_order(t)
        if order == H5T_ORDER_BE { return " big-endian" }
        if precision != bits || offset != 0 {
            return " non-standard (\(precision) bits of precision at bit offset \(offset))"
        }
        return order == H5T_ORDER_LE
            ? " non-standard (fields laid out unusually)" : " non-standard (byte order \(order.rawValue))"
    }

    // MARK: Attributes

    /// Sets a string attribute on object `item` (a group or dataset, created when missing).
    public func setAttribute(_ name: String, _ value: String, on item: String = "/") throws {
        try makeGroupUnlessDataset(item)
        let bytes = Array(value.utf8)
        let t = H5Tcopy(wgan_h5t_c_s1())
        defer { H5Tclose(t) }
        H5Tset_size(t, max(1, bytes.count))
        try writeAttribute(name, on: item, type: t, count: nil) { a in
            var buf = bytes.isEmpty ? [UInt8(0)] : bytes
            return H5Awrite(a, t, &buf)
        }
    }

    public func setAttribute<T: HDF5Scalar>(_ name: String, _ value: T, on item: String = "/") throws {
        try setAttribute(name, [value], on: item, scalar: true)
    }

    public func setAttribute<T: HDF5Scalar>(_ name: String, _ values: [T], on item: String = "/", scalar: Bool = false)
        throws
    {
        try makeGroupUnlessDataset(item)
        try writeAttribute(name, on: item, type: T.hdf5Type, count: scalar ? nil : values.count) { a in
            values.withUnsafeBufferPointer { H5Awrite(a, T.hdf5Type, $0.baseAddress) }
        }
    }

    private func makeGroupUnlessDataset(_ item: String) throws {
        if !exists(item) { try makeGroup(item) }
    }

    private func writeAttribute(_ name: String, on item: String, type: hid_t, count: Int?, _ body: (hid_t) -> herr_t)
        throws
    {
        let space: hid_t
        if let n = count {
            var d = hsize_t(n); space = H5Screate_simple(1, &d, nil)
        } else {
            space = H5Screate(H5S_SCALAR)
        }
        defer { H5Sclose(space) }
        if H5Aexists_by_name(id, item, name, wgan_h5p_default()) > 0 {
            H5Adelete_by_name(id, item, name, wgan_h5p_default())
        }
        let a = H5Acreate_by_name(
            id, item, name, type, space, wgan_h5p_default(), wgan_h5p_default(), wgan_h5p_default())
        guard a >= 0 else { throw IOError(path, "\(item): cannot create attribute \(name)") }
        defer { H5Aclose(a) }
        guard body(a) >= 0 else { throw IOError(path, "\(item): cannot write attribute \(name)") }
    }

    /// Deletes attribute `name` of `item` (tools and tests that edit a file).
    public func removeAttribute(_ name: String, from item: String = "/") throws {
        guard hasAttribute(name, on: item) else { throw IOError(path, "attribute \(name) of \(item) is missing") }
        guard H5Adelete_by_name(id, item, name, wgan_h5p_default()) >= 0 else {
            throw IOError(path, "cannot delete attribute \(name) of \(item)")
        }
    }

    public func hasAttribute(_ name: String, on item: String = "/") -> Bool {
        exists(item) || item == "/" ? H5Aexists_by_name(id, item, name, wgan_h5p_default()) > 0 : false
    }

    private func openAttribute(_ name: String, on item: String) throws -> hid_t {
        guard hasAttribute(name, on: item) else { throw IOError(path, "attribute \(name) of \(item) is missing") }
        let a = H5Aopen_by_name(id, item, name, wgan_h5p_default(), wgan_h5p_default())
        guard a >= 0 else { throw IOError(path, "attribute \(name) of \(item) cannot be opened") }
        return a
    }

    public func stringAttribute(_ name: String, on item: String = "/") throws -> String {
        let a = try openAttribute(name, on: item)
        defer { H5Aclose(a) }
        let t = H5Aget_type(a)
        defer { H5Tclose(t) }
        guard H5Tget_class(t) == H5T_STRING, H5Tis_variable_str(t) == 0 else {
            throw IOError(path, "attribute \(name) of \(item) is not a fixed-length string")
        }
        let size = H5Tget_size(t)
        guard size > 0 && size <= 1 << 20 else {
            throw IOError(path, "attribute \(name) of \(item) claims a string of \(size) bytes (file damaged)")
        }
        let space = H5Aget_space(a)
        defer { H5Sclose(space) }
        guard H5Sget_simple_extent_npoints(space) <= 1 else {
            throw IOError(path, "attribute \(name) of \(item) holds several strings, expected one")
        }
        var buf = [UInt8](repeating: 0, count: size + 1)
        guard H5Aread(a, t, &buf) >= 0 else { throw IOError(path, "attribute \(name) of \(item) cannot be read") }
        return String(decoding: buf.prefix { $0 != 0 }, as: UTF8.self)
    }

    public func attribute<T: HDF5Scalar>(_ name: String, on item: String = "/", as: T.Type) throws -> [T] {
        let a = try openAttribute(name, on: item)
        defer { H5Aclose(a) }
        let t = H5Aget_type(a)
        defer { H5Tclose(t) }
        guard H5Tequal(t, T.hdf5Type) > 0 else {
            throw IOError(path, "attribute \(name) of \(item) is not \(T.typeName)")
        }
        let space = H5Aget_space(a)
        defer { H5Sclose(space) }
        let points = H5Sget_simple_extent_npoints(space)
        guard points >= 0 && points <= 1 << 24 else {
            throw IOError(path, "attribute \(name) of \(item) claims \(points) values (file damaged)")
        }
        let n = max(1, Int(points))
        var values = [T](repeating: T(), count: n)
        guard (values.withUnsafeMutableBufferPointer { H5Aread(a, T.hdf5Type, $0.baseAddress) }) >= 0 else {
            throw IOError(path, "attribute \(name) of \(item) cannot be read")
        }
        return values
    }

    public func scalarAttribute<T: HDF5Scalar>(_ name: String, on item: String = "/", as type: T.Type) throws -> T {
        let v = try attribute(name, on: item, as: type)
        guard v.count == 1 else {
            throw IOError(path, "attribute \(name) of \(item) holds \(v.count) values, expected 1")
        }
        return v[0]
    }
}
