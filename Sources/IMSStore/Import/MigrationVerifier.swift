import IMSCore
import SQLKit

/// Part of `ims verify`: every migration entry must carry exactly the records that point at it — per fund,
/// its fund lines and its records add up to nothing (income is negative on the fund lines), and the count of
/// records is the one the import noted (one pass, grouped in SQL); and where the entry holds the digest of
/// its records (every entry imported since decision 0008), the records as stored still have that digest,
/// so a change to any field of any record is found (`checkDigests`, a second pass, a page at a time).
enum MigrationVerifier {
    struct Totals: Hashable {
        var pence: Int64 = 0
        var records: Int64 = 0
    }

    static func verify(_ backend: any DatabaseBackend) async throws -> (checked: Int, problems: [String]) {
        try await backend.read { database in
            var records: [Int64: [String: Totals]] = [:]
            for row in try await database.raw(
                """
                SELECT entry_id, fund_code, CAST(SUM(amount_pence) AS BIGINT) AS pence, COUNT(*) AS records
                FROM income_records WHERE source = 'legacy' GROUP BY entry_id, fund_code
                """
            ).all() {
                records[try row.decode(column: "entry_id", as: Int64.self), default: [:]][try row.decode(column: "fund_code", as: String.self)] =
                    Totals(pence: try row.decode(column: "pence", as: Int64.self), records: try row.decode(column: "records", as: Int64.self))
            }
            var lines: [Int64: [String: Int64]] = [:]
            for row in try await database.raw(
                """
                SELECT l.entry_id, l.fund_code, CAST(SUM(l.amount_pence) AS BIGINT) AS pence FROM entry_lines l
                JOIN entries e ON e.id = l.entry_id WHERE e.kind = 'migration' AND l.fund_code IS NOT NULL GROUP BY l.entry_id, l.fund_code
                """
            ).all() {
                lines[try row.decode(column: "entry_id", as: Int64.self), default: [:]][try row.decode(column: "fund_code", as: String.self)] =
                    try row.decode(column: "pence", as: Int64.self)
            }
            var noted: [Int64: Int64] = [:]
            for row in try await database.raw("SELECT entry_id, records FROM import_batch_entries").all() {
                noted[try row.decode(column: "entry_id", as: Int64.self)] = try row.decode(column: "records", as: Int64.self)
            }
            // Only a chunk of nothing but £0.00 records posts no entry (entry 0): any amount there was added
            // behind the ledger's back.
            let strays =
                try await database.raw(
                    "SELECT COUNT(*) AS n FROM income_records WHERE source = 'legacy' AND entry_id = 0 AND amount_pence <> 0"
                ).first()?.decode(column: "n", as: Int64.self) ?? 0
            var found = problems(records: records, lines: lines, noted: noted)
            if strays > 0 { found.append("\(strays) migrated records with an amount belong to no migration entry") }
            return (lines.count, found)
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
                    problems.append(
                        "Migration entry \(entry) posts \(Money(pence: posted).formatted) to \(fund) but its records add up to \(Money(pence: recorded).formatted)"
                    )
                }
            }
            let count = byFund.values.map(\.records).reduce(0, +)
            if let expected = noted[entry], expected != count {
                problems.append("Migration entry \(entry) should carry \(expected) records but \(count) point at it")
            }
        }
        return problems
    }

    static let digestPageSize: Int64 = 5_000

    /// Re-computes each migration entry's `MigratedRecordsDigest` from its records as stored, reading every
    /// migrated record once in id order (a page at a time; one running digest per entry), and compares it
    /// with the digest the entry holds. Entries sealed before the digest existed hold none and are skipped.
    static func checkDigests(_ backend: any DatabaseBackend) async throws -> (checked: Int, problems: [String]) {
        var digests: [Int64: MigratedRecordsDigest] = [:]
        var afterID = Int64.min
        while true {
            let after = afterID
            let records = try await backend.read { database in
                try await database.raw(
                    """
                    SELECT \(unsafeRaw: IncomeRecordRows.selectList) FROM income_records r
                    WHERE r.source = 'legacy' AND r.id > \(bind: after) ORDER BY r.id LIMIT \(bind: digestPageSize)
                    """
                ).all().map(IncomeRecordRows.record(from:))
            }
            guard let last = records.last else { break }
            afterID = last.id
            for record in records {
                digests[record.entryID, default: MigratedRecordsDigest(flushBytes: 1_024)].add(record)
            }
        }
        let held = try await backend.read { database in
            try await database.raw("SELECT id, records_digest FROM entries WHERE kind = 'migration' AND records_digest IS NOT NULL ORDER BY id")
                .all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "records_digest", as: String.self)) }
        }
        var problems: [String] = []
        for (entryID, digest) in held where (digests[entryID] ?? MigratedRecordsDigest()).finalize() != digest {
            problems.append("Migration entry \(entryID): its records have changed since it was sealed (their digest differs)")
        }
        return (held.count, problems)
    }
}
