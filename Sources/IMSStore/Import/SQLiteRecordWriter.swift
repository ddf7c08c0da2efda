import IMSCore

/// The SQLite bulk writer: prepared statements on the writer connection's C handle, one step per row,
/// inside the chunk's transaction. See decision 0007.
final class SQLiteRecordWriter: BulkRecordWriter, @unchecked Sendable {
    private let raw: RawSQLite
    /// SQLite's extended result code for a primary key (or `WITHOUT ROWID` key) that is already taken.
    private static let primaryKeyTaken: Int32 = 1555

    init(_ raw: RawSQLite) throws {
        self.raw = raw
    }

    func claim(_ records: [MigratedRecord], order: [Int], batchID: Int64) async throws -> [KeyClaim] {
        let insert = try raw.prepare("INSERT INTO legacy_receipts (duplicate_key, batch_id, line, record_id, row_hash) VALUES (?1, ?2, ?3, ?4, ?5)")
        let existing = try raw.prepare("SELECT batch_id, line, row_hash FROM legacy_receipts WHERE duplicate_key = ?1")
        var claims = [KeyClaim](repeating: .claimed, count: records.count)
        // In key order (and line order within a key, so the first occurrence wins): the register's pages are
        // then visited in one pass instead of at random.
        for index in order {
            let migrated = records[index]
            insert.bind(1, migrated.duplicateKey)
            insert.bind(2, batchID)
            insert.bind(3, migrated.record.fileLine ?? 0)
            insert.bind(4, migrated.record.id)
            insert.bind(5, migrated.rowHash)
            let status = insert.run()
            if status == Self.primaryKeyTaken {
                existing.bind(1, migrated.duplicateKey)
                guard let holder = existing.firstRow(columns: 3) else { throw raw.failure("find duplicate key", migrated.duplicateKey) }
                claims[index] = KeyClaim(
                    holderBatch: holder[0], holderLine: holder[1], holderHash: holder[2], claimingBatch: batchID, rowHash: migrated.rowHash)
            } else {
                try insert.check(status, "claim receipt reference")
            }
        }
        return claims
    }

    func insert(_ records: [MigratedRecord], entryID: Int64) async throws -> [Int64] {
        let insert = try raw.prepare(IncomeRecordColumns.insertSQL(placeholders: (1...IncomeRecordColumns.names.count).map { "?\($0)" }))
        let words = try raw.prepare("INSERT INTO income_text (rowid, words) VALUES (?1, ?2)")
        let moveKey = try raw.prepare("UPDATE legacy_receipts SET record_id = ?1 WHERE duplicate_key = ?2")
        var storedIDs: [Int64] = []
        storedIDs.reserveCapacity(records.count)
        for migrated in records {
            let record = migrated.record
            var id = record.id
            while true {
                var columns = StatementColumns(statement: insert)
                IncomeRecordColumns.write(record, id: id, entryID: entryID, to: &columns)
                let status = insert.run()
                guard status == Self.primaryKeyTaken else {
                    try insert.check(status, "insert income record")
                    break
                }
                id = RecordID.next(after: id)
            }
            storedIDs.append(id)
            if id != record.id {
                moveKey.bind(1, id)
                moveKey.bind(2, migrated.duplicateKey)
                try moveKey.check(moveKey.run(), "move receipt reference")
            }
            let text = migrated.searchWords
            guard !text.isEmpty else { continue }
            words.bind(1, id)
            words.bind(2, text)
            try words.check(words.run(), "index words")
        }
        return storedIDs
    }
}

/// Binds a record's columns to a prepared statement's parameters, in order (no array of values per row,
/// which cost the bulk loader's writer about a tenth of its time).
struct StatementColumns: IncomeRecordColumnSink {
    let statement: RawSQLite.Statement
    private var index: Int32 = 0

    init(statement: RawSQLite.Statement) {
        self.statement = statement
    }

    mutating func integer(_ value: Int64?) {
        index += 1
        statement.bind(index, value)
    }

    mutating func text(_ value: String?) {
        index += 1
        statement.bind(index, value)
    }
}
