import IO

/// One field of the training configuration: its `/config` attribute, the flag that sets it, the
/// values it may take, how a file written before it existed is read, and whether `wgan-resume` may
/// change it. `TrainingConfig.fields` lists them all; writing and reading `/config`, validation (of
/// flags and of files alike), the refusals of `wgan-resume` and the table in
/// docs/checkpoint-format.md all come from that one list.
public struct ConfigField {
    public enum Resume: Sendable {
        /// Part of the schedule: a resumed run may set it anew.
        case schedule
        /// A setting of the recipe that leaves the networks' layout alone (a rate, the batch size): a
        /// resumed run keeps it, a branch (`wgan-resume --branch`) may set it anew.
        case branch
        /// Defines the model, the loss or the optimizers: a resumed run keeps it, a branch too.
        case frozen

        /// The "on resume" column of docs/checkpoint-format.md.
        var column: String {
            switch self {
            case .schedule: return "may change"
            case .branch: return "kept; `--branch` may change it"
            case .frozen: return "kept"
            }
        }
    }

    /// The attribute of `/config`.
    public let key: String
    /// The command-line flag that sets it, when there is one.
    public let flag: String?
    /// The attribute's HDF5 type, as the format doc names it.
    public let type: String
    public let meaning: String
    /// What the values may be, as the doc and error messages say it ("an integer in 1...1000").
    public let valid: String
    /// How a file without the attribute is read (nil: it is required).
    public let absent: String?
    public let resume: Resume
    let write: (TrainingConfig, HDF5File, String) throws -> Void
    let read: (inout TrainingConfig, HDF5File, String) throws -> Void
    /// The value as text, and whether it is valid in this configuration.
    let check: (TrainingConfig) -> (value: String, ok: Bool)
    let same: (TrainingConfig, TrainingConfig) -> Bool
    /// Sets this field of the first configuration to its value in the second.
    let adopt: (inout TrainingConfig, TrainingConfig) -> Void

    /// The value of this field in `c`, as text.
    public func value(in c: TrainingConfig) -> String { check(c).value }
    public func isValid(in c: TrainingConfig) -> Bool { check(c).ok }
    public func isSame(_ a: TrainingConfig, _ b: TrainingConfig) -> Bool { same(a, b) }
}

extension ConfigField {
    /// An int64 attribute in `range`; `absent`: the value of files without it (nil: required).
    static func int(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, Int>, flag: String?, range: ClosedRange<Int>,
        resume: Resume, absent: Int? = nil, _ meaning: String
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "int64", meaning: meaning,
            valid: "an integer in \(range.lowerBound)...\(range.upperBound)",
            absent: absent.map { "read as \($0)" }, resume: resume,
            write: { c, f, g in try f.setAttribute(key, Int64(c[keyPath: kp]), on: g) },
            read: { c, f, g in
                if let absent, !f.hasAttribute(key, on: g) { c[keyPath: kp] = absent; return }
                c[keyPath: kp] = try Self.readInt(f, key, g)
            },
            check: { c in ("\(c[keyPath: kp])", range.contains(c[keyPath: kp])) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// An int64 attribute present only when the field is set; `range` may depend on the rest of the configuration.
    static func optionalInt(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, Int?>, flag: String?, valid: String,
        resume: Resume, absent: String, _ meaning: String, _ isValid: @escaping (Int, TrainingConfig) -> Bool
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "int64, optional", meaning: meaning, valid: valid, absent: absent,
            resume: resume,
            write: { c, f, g in if let v = c[keyPath: kp] { try f.setAttribute(key, Int64(v), on: g) } },
            read: { c, f, g in c[keyPath: kp] = f.hasAttribute(key, on: g) ? try Self.readInt(f, key, g) : nil },
            check: { c in c[keyPath: kp].map { ("\($0)", isValid($0, c)) } ?? ("none", true) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// An int64 attribute 0 or 1, absent (false) in older files; `isValid` may involve other fields.
    static func bool(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, Bool>, flag: String?, valid: String = "0 or 1",
        resume: Resume,
        _ meaning: String, _ isValid: @escaping (TrainingConfig) -> Bool
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "int64", meaning: meaning, valid: valid, absent: "read as 0", resume: resume,
            write: { c, f, g in try f.setAttribute(key, Int64(c[keyPath: kp] ? 1 : 0), on: g) },
            read: { c, f, g in
                guard f.hasAttribute(key, on: g) else { c[keyPath: kp] = false; return }
                let v = try f.scalarAttribute(key, on: g, as: Int64.self)
                guard v == 0 || v == 1 else { throw IOError(f.path, "\(g) \(key) is \(v), expected 0 or 1") }
                c[keyPath: kp] = v == 1
            },
            check: { c in (c[keyPath: kp] ? "1" : "0", isValid(c)) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// A float64 attribute.
    static func double(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, Double>, flag: String?, valid: String,
        resume: Resume, absent: Double? = nil, _ meaning: String, _ isValid: @escaping (Double) -> Bool
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "float64", meaning: meaning, valid: valid,
            absent: absent.map { "read as \($0 == 0 ? "0" : "\($0)")" }, resume: resume,
            write: { c, f, g in try f.setAttribute(key, c[keyPath: kp], on: g) },
            read: { c, f, g in
                if let absent, !f.hasAttribute(key, on: g) { c[keyPath: kp] = absent; return }
                c[keyPath: kp] = try f.scalarAttribute(key, on: g, as: Double.self)
            },
            check: { c in ("\(c[keyPath: kp])", c[keyPath: kp].isFinite && isValid(c[keyPath: kp])) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// A float64 attribute present only when the field is set.
    static func optionalDouble(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, Double?>, flag: String?, valid: String,
        resume: Resume, absent: String, _ meaning: String, _ isValid: @escaping (Double) -> Bool
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "float64, optional", meaning: meaning, valid: valid, absent: absent,
            resume: resume,
            write: { c, f, g in if let v = c[keyPath: kp] { try f.setAttribute(key, v, on: g) } },
            read: { c, f, g in
                c[keyPath: kp] = f.hasAttribute(key, on: g) ? try f.scalarAttribute(key, on: g, as: Double.self) : nil
            },
            check: { c in c[keyPath: kp].map { ("\($0)", $0.isFinite && isValid($0)) } ?? ("none", true) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    static func uint64(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, UInt64>, flag: String?, resume: Resume, _ meaning: String
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "uint64", meaning: meaning, valid: "any 64-bit unsigned integer", absent: nil,
            resume: resume,
            write: { c, f, g in try f.setAttribute(key, c[keyPath: kp], on: g) },
            read: { c, f, g in c[keyPath: kp] = try f.scalarAttribute(key, on: g, as: UInt64.self) },
            check: { c in ("\(c[keyPath: kp])", true) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// A string attribute naming one of the cases of `E`.
    static func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, E>, flag: String?,
        resume: Resume, absent: E? = nil, _ meaning: String
    ) -> ConfigField where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        return ConfigField(
            key: key, flag: flag, type: "string", meaning: meaning, valid: "one of " + names.joined(separator: ", "),
            absent: absent.map { "read as \($0.rawValue)" }, resume: resume,
            write: { c, f, g in try f.setAttribute(key, c[keyPath: kp].rawValue, on: g) },
            read: { c, f, g in
                if let absent, !f.hasAttribute(key, on: g) { c[keyPath: kp] = absent; return }
                let text = try f.stringAttribute(key, on: g)
                guard let v = E(rawValue: text) else {
                    throw IOError(f.path, "\(g) \(key) is '\(text)', not one of \(names.joined(separator: ", "))")
                }
                c[keyPath: kp] = v
            },
            check: { c in (c[keyPath: kp].rawValue, true) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// A string attribute present only when the field is set (a record, not a setting).
    static func optionalString(
        _ key: String, _ kp: WritableKeyPath<TrainingConfig, String?>, flag: String?, resume: Resume,
        absent: String, _ meaning: String
    ) -> ConfigField {
        ConfigField(
            key: key, flag: flag, type: "string, optional", meaning: meaning, valid: "any text", absent: absent,
            resume: resume,
            write: { c, f, g in if let v = c[keyPath: kp] { try f.setAttribute(key, v, on: g) } },
            read: { c, f, g in c[keyPath: kp] = f.hasAttribute(key, on: g) ? try f.stringAttribute(key, on: g) : nil },
            check: { c in (c[keyPath: kp] ?? "none", true) },
            same: { $0[keyPath: kp] == $1[keyPath: kp] },
            adopt: { $0[keyPath: kp] = $1[keyPath: kp] })
    }

    /// Int64 attributes are read whole and converted without trapping: a value past Int's range is out of every range.
    static func readInt(_ f: HDF5File, _ key: String, _ g: String) throws -> Int {
        let v = try f.scalarAttribute(key, on: g, as: Int64.self)
        return Int(exactly: v) ?? Int.max
    }
}
