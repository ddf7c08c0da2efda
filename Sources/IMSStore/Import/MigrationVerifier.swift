import IMSCore
import SQLKit

/// Part of `ims verify`: every migration entry must carry exactly the records that point at it — per fund,
/// its fund lines and its records add up to nothing (income is negative on the fund lines), and the count of
/// records is the one the import noted. One pass over the migrated records, grouped in SQL.
enum MigrationVerifier {
    struct Totals: Hashable {
        var pence: Int64 = 0
        var records: Int64 = 0
    }

    static func verify(_ backend: any DatabaseBackend) async throws -> (checked: Int, problems: [String]) {
        try await backend.read { database in
            var records: [Int64: [String: Totals]] = [:]
            for row in try await database.raw("""
                SELECT entry_id, fund_code, CAST(SUM(amount_pence) AS BIGINT) AS pence, COUNT(*) AS records
                FROM income_records WHERE source = 'legacy' GROUP BY entry_id, fund_code
                """).all() {
                records[try row.decode(column: "entry_id", as: Int64.self), default: [:]][try row.decode(column: "fund_code", as: String.self)] =
                    Totals(pence: try row.decode(column: "pence", as: Int64.self), records: try row.decode(column: "records", as: Int64.self))
            }
            var lines: [Int64: [String: Int64]] = [:]
            for row in try await database.raw("""
                SELECT l.entry_id, l.fund_code, CAST(SUM(l.amount_pence) AS BIGINT) AS pence FROM entry_lines l
                JOIN entries e ON e.id = l.entry_id WHERE e.kind = 'migration' AND l.fund_code IS NOT NULL GROUP BY l.entry_id, l.fund_code
                """).all() {
                lines[try row.decode(column: "entry_id", as: Int64.self), default: [:]][try row.decode(column: "fund_code", as: String.self)] =
                    try row.decode(column: "pence", as: Int64.self)
            }
            var noted: [Int64: Int64] = [:]
            for row in try await database.raw("SELECT entry_id, records FROM import_batch_entries").all() {
                noted[try row.decode(column: "entry_id", as: Int64.self)] = try row.decode(column: "records", as: Int64.self)
            }
            return (lines.count, problems(records: records, lines: lines, noted: noted))
        }
    }

    static func problems(records: [Int64: [String: Totals]], lines: [Int64: [String: Int64]], noted: [Int64: Int64]) -> [String] {
        var problems: [String] = []
        for entry in Set(records.keys).union(lines.keys).sorted() where entry != 0 {
            let byFund = records[entry] ?? [:]
            for fund in Set(byFund.keys).union((lines[entry] ?? [:]).keys).sorted() {
                let recorded = byFund[fund]?.pence ?? 0
                let posted = -(lines[entry]?[fund] ?? 0)
                if recorded != posted {
                    problems.append("Migration entry \(entry) posts \(Money(pence: posted).formatted) to \(fund) but its records add up to \(Money(pence: recorded).formatted)")
                }
            }
            let count = byFund.values.map(\.records).reduce(0, +)
            if let expected = noted[entry], expected != count {
                problems.append("Migration entry \(entry) should carry \(expected) records but \(count) point at it")
            }
        }
        return problems
    }
}
