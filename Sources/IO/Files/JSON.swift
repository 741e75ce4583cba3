/// One JSON object from (key, already-encoded value) pairs, in order: the one-line output of `--json`.
public func jsonObject(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
}
