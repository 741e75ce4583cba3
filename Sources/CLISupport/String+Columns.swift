/// Text columns for tables on stdout. Foundation on Linux ignores the width of `%@` (`%-20@`, `%7@`),
/// so text cells are padded here; a cell wider than its column is kept whole.
extension String {
    /// The text followed by spaces up to `width` characters.
    public func leftAligned(_ width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(0, width - count))
    }

    /// Spaces up to `width` characters, then the text.
    public func rightAligned(_ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - count)) + self
    }
}
