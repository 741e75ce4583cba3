/// The root attributes that say what a project file is: `format` (its kind) and `format_version`.
extension HDF5File {
    /// Writes the header of a file of `kind`.
    public func writeHeader(kind: String, version: Int64) throws {
        try setAttribute("format", kind)
        try setAttribute("format_version", version)
    }

    /// Checks that the file is one of `kinds` (kind -> the version this build reads) and returns its
    /// kind; anything else is one error naming the file and what it is instead.
    @discardableResult
    public func checkHeader(accepting kinds: [(kind: String, version: Int64)]) throws -> String {
        let expected =
            kinds.count == 1 ? "a \(kinds[0].kind) file" : "a " + kinds.map(\.kind).joined(separator: " or ") + " file"
        guard hasAttribute("format") else {
            throw IOError(path, "not a wgan-swift file (no format attribute on /), expected \(expected)")
        }
        let found = try stringAttribute("format")
        guard let version = kinds.first(where: { $0.kind == found })?.version else {
            throw IOError(path, "is a \(found) file, expected \(expected)")
        }
        let v = try scalarAttribute("format_version", as: Int64.self)
        guard v == version else {
            throw IOError(path, "\(found) format version \(v), this build reads version \(version)")
        }
        return found
    }
}
