import Foundation
import IO

/// What one generator iteration left in the history. Its columns are `StepRecord.columns`, the one
/// table from which `/history` in the files, `log.csv` and the doc's table all follow.
public struct StepRecord: Equatable, Sendable {
    public var step: Int
    public var criticLoss: Double
    public var penalty: Double
    public var generatorLoss: Double
    public var wasserstein: Double
    /// Wall-clock seconds of training up to the end of this step (summed over resumed runs).
    public var seconds: Double
    /// For a run with a code: E[-log Q(c | G(z, c))] at the last critic update (log K: Q guesses; 0: it names every code).
    public var info: Double? = nil

    public init(
        step: Int, criticLoss: Double, penalty: Double, generatorLoss: Double, wasserstein: Double, seconds: Double,
        info: Double? = nil
    ) {
        (self.step, self.criticLoss, self.penalty, self.generatorLoss) = (step, criticLoss, penalty, generatorLoss)
        (self.wasserstein, self.seconds, self.info) = (wasserstein, seconds, info)
    }
}

/// One column of the step history.
public struct HistoryColumn: Sendable {
    public let name: String
    public let meaning: String
    /// Only runs with a code have it; files and logs of other runs leave it out or empty.
    public let optional: Bool
    /// Stored as int64 (the step) rather than float64.
    public let integer: Bool
    let get: @Sendable (StepRecord) -> Double?
    let set: @Sendable (inout StepRecord, Double) -> Void
    /// The value as `log.csv` writes it.
    let text: @Sendable (Double) -> String

    init(
        _ name: String, _ meaning: String, optional: Bool = false, integer: Bool = false,
        text: @escaping @Sendable (Double) -> String = { "\($0)" },
        _ get: @escaping @Sendable (StepRecord) -> Double?,
        _ set: @escaping @Sendable (inout StepRecord, Double) -> Void
    ) {
        (self.name, self.meaning, self.optional, self.integer, self.get, self.set, self.text) = (
            name, meaning, optional, integer, get, set, text
        )
    }
}

extension StepRecord {
    /// The columns of `/history` and `log.csv`, in order.
    public static let columns: [HistoryColumn] = [
        HistoryColumn(
            "step", "generator iteration, from 1", integer: true, text: { String(Int($0)) }, { Double($0.step) },
            { $0.step = Int($1) }),
        HistoryColumn(
            "critic_loss", "the critic's loss at the step's last critic update", { $0.criticLoss },
            { $0.criticLoss = $1 }),
        HistoryColumn("penalty", "the gradient penalty (weighted) at that update", { $0.penalty }, { $0.penalty = $1 }),
        HistoryColumn("generator_loss", "the generator's loss", { $0.generatorLoss }, { $0.generatorLoss = $1 }),
        HistoryColumn(
            "wasserstein", "E[D(real)] - E[D(fake)] at the last critic update", { $0.wasserstein },
            { $0.wasserstein = $1 }),
        HistoryColumn(
            "seconds", "training wall-clock up to the end of the step, summed over resumed runs",
            text: { String(format: "%.3f", $0) },
            { $0.seconds }, { $0.seconds = $1 }),
        HistoryColumn(
            "info", "runs with a code: the code's cross-entropy E[-log Q(c | G(z, c))] at the last critic update",
            optional: true,
            { $0.info }, { $0.info = $1 }),
    ]

    /// An all-zero record for `columns` to fill.
    static var blank: StepRecord {
        StepRecord(step: 0, criticLoss: 0, penalty: 0, generatorLoss: 0, wasserstein: 0, seconds: 0)
    }

    /// The header line of `log.csv`.
    public static var csvHeader: String { columns.map(\.name).joined(separator: ",") + "\n" }

    /// This record as a line of `log.csv` (an optional column it lacks is empty).
    public var csvLine: String { Self.columns.map { c in c.get(self).map(c.text) ?? "" }.joined(separator: ",") + "\n" }

    /// The `/history` table of docs/checkpoint-format.md (a test keeps the doc equal to it).
    public static var markdownTable: String {
        var lines = ["| column | type | meaning |", "| --- | --- | --- |"]
        for c in columns {
            lines.append(
                "| `\(c.name)` | \(c.integer ? "int64" : "float64")\(c.optional ? ", optional" : "") | \(c.meaning) |")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: /history in HDF5

    /// Writes `/history`: one dataset per column; an optional column only when every record has it.
    public static func write(_ h: [StepRecord], to f: HDF5File) throws {
        try f.makeGroup("/history")
        for c in columns {
            let values = h.map(c.get)
            if c.optional && (h.isEmpty || values.contains(where: { $0 == nil })) { continue }
            let path = "/history/\(c.name)"
            if c.integer { try f.write(path, values.map { Int64($0!) }) } else { try f.write(path, values.map { $0! }) }
        }
    }

    /// Reads `/history`; every column present must have as many rows as `step`.
    public static func read(from f: HDF5File) throws -> [StepRecord] {
        var records: [StepRecord] = []
        for c in columns {
            let path = "/history/\(c.name)"
            if c.optional && !f.exists(path) { continue }
            let values =
                c.integer
                ? try f.read(path, as: Int64.self).values.map(Double.init) : try f.read(path, as: Double.self).values
            if records.isEmpty && c.name == columns[0].name { records = Array(repeating: blank, count: values.count) }
            guard values.count == records.count else {
                throw IOError(
                    f.path, "\(path) has \(values.count) rows, /history/\(columns[0].name) has \(records.count)")
            }
            for i in values.indices { c.set(&records[i], values[i]) }
        }
        return records
    }
}
