import CHDF5
import Foundation
import Glibc

/// libhdf5 trusts the sizes and offsets in a file's metadata: one changed byte of an object header
/// can make it copy past a buffer (SIGSEGV inside H5Aexists_by_name) rather than report an error. So
/// before the tools read a file, a child process walks all of it (every group, attribute and dataset,
/// each size checked against the storage the file really has) and the parent opens it only if the
/// child came back clean: a damaged file is one error line, never a crash.
extension HDF5File {
    enum ProbeOutcome: Equatable {
        case sound
        /// libhdf5 reported an error at this item.
        case damaged(at: String)
        /// A dataset's header is impossible (a size beyond its storage): what is wrong.
        case refused(String)
        /// libhdf5 died (a signal) while reading the file.
        case crashed
    }

    /// Walks the whole file in a forked child; `.crashed` when libhdf5 died reading it.
    static func probe(_ path: String) -> ProbeOutcome {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return inPlace(path) }
        let pid = fork()
        if pid == 0 {
            // The child: default signal handling (no crash report), no output; the item that failed, if any, down the pipe.
            for s in [SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP] { signal(s, SIG_DFL) }
            Glibc.close(fds[0])
            let null = Glibc.open("/dev/null", O_WRONLY)
            if null >= 0 { dup2(null, STDOUT_FILENO); dup2(null, STDERR_FILENO) }
            wgan_h5_silence()
            let failed = walk(path)
            if let failed {
                _ = Array(failed.utf8.prefix(4000)).withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress, $0.count) }
            }
            _exit(failed == nil ? 0 : 1)
        }
        Glibc.close(fds[1])
        defer { Glibc.close(fds[0]) }
        guard pid > 0 else { return inPlace(path) }  // no fork: probe in place
        var message = [UInt8](repeating: 0, count: 4096), got = 0
        while got < message.count {
            let n = message.withUnsafeMutableBytes { Glibc.read(fds[0], $0.baseAddress! + got, $0.count - got) }
            if n > 0 { got += n } else if n == 0 || errno != EINTR { break }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if (status & 0x7f) != 0 { return .crashed }
        guard (status >> 8) & 0xff != 0 else { return .sound }
        let said = String(decoding: message.prefix(got), as: UTF8.self)
        return said.hasPrefix("!") ? .refused(String(said.dropFirst())) : .damaged(at: said)
    }

    private static func inPlace(_ path: String) -> ProbeOutcome {
        guard let failed = walk(path) else { return .sound }
        return failed.hasPrefix("!") ? .refused(String(failed.dropFirst())) : .damaged(at: failed)
    }

    /// Opens `path` and reads every attribute and dataset; the item where that failed, or nil.
    private static func walk(_ path: String) -> String? {
        let id = H5Fopen(path, wgan_h5f_acc_rdonly(), wgan_h5p_default())
        guard id >= 0 else { return "/" }
        defer { H5Fclose(id) }
        var budget = Int64(HDF5File.maximumFileBytes)  // bytes the walk may read: a damaged size stops here
        return walk(id, "/", depth: 0, budget: &budget)
    }

    private static func walk(_ file: hid_t, _ item: String, depth: Int, budget: inout Int64) -> String? {
        walkItem(file, item, depth: depth, budget: &budget) ? nil : failedChild ?? item
    }

    nonisolated(unsafe) private static var failedChild: String?  // only the single-threaded probe child writes it

    private static func walkItem(_ file: hid_t, _ item: String, depth: Int, budget: inout Int64) -> Bool {
        guard depth < 64 else { return false }
        var info = H5O_info_t()
        guard
            H5Oget_info_by_name2(file, item, &info, UInt32(H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS), wgan_h5p_default())
                >= 0,
            info.num_attrs < 10_000
        else { return false }
        for i in 0..<info.num_attrs {
            let a = H5Aopen_by_idx(file, item, H5_INDEX_NAME, H5_ITER_INC, i, wgan_h5p_default(), wgan_h5p_default())
            guard a >= 0 else { return false }
            defer { H5Aclose(a) }
            guard readAttribute(a, budget: &budget) else { return false }
        }
        switch info.type {
        case H5O_TYPE_GROUP:
            let g = H5Gopen2(file, item, wgan_h5p_default())
            guard g >= 0 else { return false }
            defer { H5Gclose(g) }
            var ginfo = H5G_info_t()
            guard H5Gget_info(g, &ginfo) >= 0, ginfo.nlinks < 1_000_000 else { return false }
            for i in 0..<ginfo.nlinks {
                let n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, wgan_h5p_default())
                guard n > 0, n < 4096 else { return false }
                var buf = [CChar](repeating: 0, count: Int(n) + 1)
                guard
                    H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buf, Int(n) + 1, wgan_h5p_default()) > 0
                else { return false }
                let child =
                    (item == "/" ? "" : item) + "/"
                    + String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if let failed = walk(file, child, depth: depth + 1, budget: &budget) {
                    failedChild = failed; return false
                }
            }
            return true
        case H5O_TYPE_DATASET:
            let d = H5Dopen2(file, item, wgan_h5p_default())
            guard d >= 0 else { return false }
            defer { H5Dclose(d) }
            let bytes: Int
            do { bytes = try checkedByteCount(dataset: d, item: item, path: "") } catch {
                // What is wrong, said from the header alone: "!" marks a problem rather than an item.
                failedChild = "!" + ((error as? IOError)?.problem ?? item)
                return false
            }
            budget -= Int64(bytes)
            guard budget >= 0 else { return false }
            if bytes == 0 { return true }
            let t = H5Dget_type(d)
            defer { H5Tclose(t) }
            // no type this project writes
            guard H5Tget_class(t) != H5T_VLEN, H5Tis_variable_str(t) <= 0 else { return false }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
            defer { buffer.deallocate() }
            return H5Dread(d, t, wgan_h5s_all(), wgan_h5s_all(), wgan_h5p_default(), buffer) >= 0
        default:
            return true  // named types and the like: nothing to read
        }
    }

    private static func readAttribute(_ a: hid_t, budget: inout Int64) -> Bool {
        let t = H5Aget_type(a)
        guard t >= 0 else { return false }
        defer { H5Tclose(t) }
        guard H5Tget_class(t) != H5T_VLEN else { return false }
        // A variable-length string (as h5py writes one) is no damage: the reader, which expects each
        // attribute's type, names the field and the type it wanted. Its bytes are not read here.
        if H5Tis_variable_str(t) > 0 { return true }
        let space = H5Aget_space(a)
        guard space >= 0 else { return false }
        defer { H5Sclose(space) }
        let points = H5Sget_simple_extent_npoints(space), size = H5Tget_size(t)
        guard points >= 0, points <= 1 << 24, size > 0, size <= 1 << 20 else { return false }
        let bytes = max(1, Int(points)) * size
        guard bytes <= 1 << 26 else { return false }
        budget -= Int64(bytes)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        defer { buffer.deallocate() }
        return H5Aread(a, t, buffer) >= 0
    }

    /// The largest dataset any file of this project holds is a few MB (the widest generator's first
    /// kernel); 256 MiB leaves room and bounds what one damaged size can make a reader allocate.
    static let maximumDatasetBytes = 1 << 28
    /// What the whole-file walk may read, all datasets together.
    static let maximumFileBytes = 1 << 30

    /// Bytes that dataset `d` holds by its dataspace and type, after checking that the count is sane
    /// and that, stored contiguously, the file really has that much storage for it.
    static func checkedByteCount(dataset d: hid_t, item: String, path: String) throws -> Int {
        let t = H5Dget_type(d), space = H5Dget_space(d)
        defer { if t >= 0 { H5Tclose(t) }; if space >= 0 { H5Sclose(space) } }
        guard t >= 0, space >= 0 else { throw IOError(path, "\(item): cannot read its type or shape (file damaged)") }
        let points = H5Sget_simple_extent_npoints(space), size = H5Tget_size(t)
        guard points >= 0, size > 0, size <= 16 else {
            throw IOError(path, "\(item): element size or count is damaged")
        }
        let (bytes, overflow) = Int(points).multipliedReportingOverflow(by: size)
        guard !overflow, bytes <= maximumDatasetBytes else {
            throw IOError(
                path, "\(item) claims \(points) elements, more than any file of this project holds (file damaged)")
        }
        guard bytes > 0 else { return 0 }
        let plist = H5Dget_create_plist(d)
        defer { if plist >= 0 { H5Pclose(plist) } }
        let stored = Int(H5Dget_storage_size(d))
        if plist >= 0 && H5Pget_layout(plist) == H5D_CONTIGUOUS {
            guard stored == bytes else {
                throw IOError(
                    path, "\(item) should hold \(bytes) bytes but the file stores \(stored) (file damaged or truncated)"
                )
            }
        } else if plist >= 0 && H5Pget_layout(plist) == H5D_CHUNKED {
            // Deflate packs at most 1032 bytes into one, and this project writes no sparse datasets:
            // a declared size beyond that of its stored chunks is a damaged header, refused before any read.
            guard bytes <= stored * 1032 + 65_536 else {
                throw IOError(
                    path, "\(item) declares \(bytes) bytes but the file stores \(stored) for it (file damaged)")
            }
        }
        return bytes
    }
}
