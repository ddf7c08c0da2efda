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
                IncomeRecordColumns.bind(record, id: id, entryID: entryID, to: insert)
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

/// The columns of `income_records` in insert order, and how a record fills them.
enum IncomeRecordColumns {
    static let names = [
        "id", "occurred_at", "kind", "source", "entry_id", "line_number", "import_batch_id", "file_line", "receipt_reference",
        "original_receipt_reference", "fund_code", "account_reference", "amount_pence", "vat_code", "vat_pence", "method_of_payment",
        "channel", "office", "user_name", "psp_reference", "card_last4", "payer_name", "address", "postcode", "narrative", "is_reversed",
    ]

    static func insertSQL(placeholders: [String]) -> String {
        "INSERT INTO income_records (\(names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))"
    }

    /// The record's values in column order: integers as `Int64`, text as `String`, nulls as `nil`.
    static func values(_ record: TransactionRecord, lineNumber: Int64? = nil) -> [Value] {
        [
            .integer(record.id), .integer(record.occurredAt.microsecondsSince1970), .text(record.kind.rawValue), .text(record.source.rawValue),
            .integer(record.entryID), .integer(lineNumber), .integer(record.importBatchID), .integer(record.fileLine),
            .text(record.receiptReference), .text(record.originalReceiptReference), .text(record.fund.rawValue), .text(record.accountReference),
            .integer(record.amount.pence), .text(record.vatCode), .integer(record.vatAmount?.pence), .text(record.origin.methodOfPayment),
            .text(record.origin.channel), .text(record.origin.office), .text(record.user), .text(record.providerReference),
            .text(record.card.lastFourDigits),
            .text(record.payer.name), .text(record.payer.address), .text(record.payer.postcode), .text(record.narrative),
            .integer(record.isReversed ? 1 : 0),
        ]
    }

    enum Value {
        case integer(Int64?)
        case text(String?)
    }

    /// Binds the record's values in column order (as `values` gives them) straight to the statement: no
    /// array of values per row, which cost the bulk loader's writer about a tenth of its time.
    /// Under `id` and `entryID`, which an import's record gets as it is written, without a copy of it.
    static func bind(_ record: TransactionRecord, id: Int64, entryID: Int64, to statement: RawSQLite.Statement) {
        statement.bind(1, id)
        statement.bind(2, record.occurredAt.microsecondsSince1970)
        statement.bind(3, record.kind.rawValue)
        statement.bind(4, record.source.rawValue)
        statement.bind(5, entryID)
        statement.bind(6, Int64?.none)
        statement.bind(7, record.importBatchID)
        statement.bind(8, record.fileLine)
        statement.bind(9, record.receiptReference)
        statement.bind(10, record.originalReceiptReference)
        statement.bind(11, record.fund.rawValue)
        statement.bind(12, record.accountReference)
        statement.bind(13, record.amount.pence)
        statement.bind(14, record.vatCode)
        statement.bind(15, record.vatAmount?.pence)
        statement.bind(16, record.origin.methodOfPayment)
        statement.bind(17, record.origin.channel)
        statement.bind(18, record.origin.office)
        statement.bind(19, record.user)
        statement.bind(20, record.providerReference)
        statement.bind(21, record.card.lastFourDigits)
        statement.bind(22, record.payer.name)
        statement.bind(23, record.payer.address)
        statement.bind(24, record.payer.postcode)
        statement.bind(25, record.narrative)
        statement.bind(26, Int64(record.isReversed ? 1 : 0))
    }
}
