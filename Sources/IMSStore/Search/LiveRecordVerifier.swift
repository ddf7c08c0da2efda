import IMSCore
import SQLKit

/// Part of `ims verify`: the search records of IMS's own entries (`source = 'ims'`) are exactly what their
/// entries' lines say. Search, the staff screens and the CSV exports read these records, not the lines, so a
/// record changed behind IMS's back (an amount, a fund, an account reference, a payer's name) would change
/// what officers see while the ledger itself still verifies. Checked a batch of entries at a time, alongside
/// the chain, so memory stays flat.
enum LiveRecordVerifier {
    /// Every column but the id (which moves on a collision) and `is_reversed` (set by a batch's reversal).
    private static let comparedColumns = IncomeRecordColumns.names.indices.filter {
        !["id", "is_reversed"].contains(IncomeRecordColumns.names[$0])
    }

    /// The problems with the search records of `entries` (sealed entries, loaded with their lines): a fund
    /// line without its record, a record that differs from its line, a record for no line.
    static func check(_ entries: [Entry], in database: any SQLDatabase) async throws -> (records: Int, problems: [String]) {
        guard !entries.isEmpty else { return (0, []) }
        var expected: [LineKey: IncomeRecordRows.Row] = [:]
        for entry in entries where !entry.lines.contains(where: { $0.account == .migrationClearing }) {
            for row in IncomeRecordRows.liveRows(of: entry) { expected[LineKey(entry: entry.id, line: row.lineNumber ?? 0)] = row }
        }
        let rows = try await database.raw(
            """
            SELECT \(unsafeRaw: IncomeRecordColumns.names.joined(separator: ", ")) FROM income_records
            WHERE source = 'ims' AND entry_id IN (\(binds: entries.map(\.id)))
            """
        ).all()
        var problems: [String] = []
        var seen = Set<LineKey>()
        for row in rows {
            let key = LineKey(
                entry: try row.decode(column: "entry_id", as: Int64.self), line: try row.decode(column: "line_number", as: Int64?.self) ?? 0)
            let recordID = try row.decode(column: "id", as: Int64.self)
            guard let wanted = expected[key], seen.insert(key).inserted else {
                problems.append("Search record \(recordID) (entry \(key.entry), line \(key.line)) stands for no ledger line")
                continue
            }
            let wantedValues = IncomeRecordColumns.values(wanted.record, lineNumber: wanted.lineNumber)
            let changed = try comparedColumns.filter { index in
                try !stored(row, column: IncomeRecordColumns.names[index], like: wantedValues[index])
            }.map { IncomeRecordColumns.names[$0] }
            if !changed.isEmpty {
                problems.append("Search record \(recordID) differs from entry \(key.entry) line \(key.line): \(changed.joined(separator: ", "))")
            }
        }
        for key in Set(expected.keys).subtracting(seen).sorted(by: { ($0.entry, $0.line) < ($1.entry, $1.line) }) {
            problems.append("Entry \(key.entry) line \(key.line) has no search record")
        }
        return (rows.count, problems)
    }

    /// Live records whose entry does not exist at all (the entries' own check cannot see them).
    static func orphans(in database: any SQLDatabase) async throws -> [String] {
        let count =
            try await database.raw(
                """
                SELECT COUNT(*) AS orphans FROM income_records r
                WHERE r.source = 'ims' AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = r.entry_id)
                """
            ).first()?.decode(column: "orphans", as: Int64.self) ?? 0
        return count > 0 ? ["\(count) search records of IMS's own income belong to no entry"] : []
    }

    private static func stored(_ row: any SQLRow, column: String, like value: IncomeRecordColumns.Value) throws -> Bool {
        switch value {
        case .integer(let number): try row.decode(column: column, as: Int64?.self) == number
        case .text(let text): try row.decode(column: column, as: String?.self) == text
        }
    }

    private struct LineKey: Hashable {
        var entry: Int64
        var line: Int64
    }
}
