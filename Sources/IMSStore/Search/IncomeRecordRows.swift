import IMSCore
import SQLKit

/// Reading and writing `income_records`, the search table (see docs/decisions/0007-legacy-migration-and-search.md),
/// and its full-text words: SQLite's contentless `income_text` (row id = record id), PostgreSQL's
/// `search_words` column. Like `EntryRows`, every function takes the connection or transaction to use.
package enum IncomeRecordRows {
    /// The table's columns, in the order the bulk writers use too (`IncomeRecordColumns`).
    static let columns = IncomeRecordColumns.names
    /// `columns` of the table aliased `r`, for SELECT lists.
    static let selectList = columns.map { "r." + $0 }.joined(separator: ", ")

    /// Rows per INSERT statement: 27 bound values a row stays well inside SQLite's 32,766 and PostgreSQL's 65,535.
    static let rowsPerStatement = 500
    /// How many times a colliding id moves on to the next id of its second before the insert gives up.
    static let maximumCollisionRounds = 4_096

    /// A record to write, with the ledger line it projects (live records only).
    struct Row {
        var record: TransactionRecord
        var lineNumber: Int64?
    }

    /// Inserts records (migrated ones, or any built elsewhere) with their full-text words, in the caller's
    /// transaction. A record whose id is taken moves to the next free id of the same second
    /// (`RecordID.next(after:)`); the records are returned with the ids they were stored under, in order.
    @discardableResult
    package static func insert(_ records: [TransactionRecord], into database: any SQLDatabase) async throws -> [TransactionRecord] {
        try await insert(records.map { Row(record: $0, lineNumber: nil) }, into: database)
    }

    /// Writes the search records of a ledger entry just inserted: one per fund-side line. Entries balanced
    /// against the migration clearing account (an import chunk's `migration` entry, its reversal) have none:
    /// the migrated records themselves stand for them.
    static func insertLive(_ entry: Entry, into database: any SQLDatabase) async throws {
        guard !entry.lines.contains(where: { $0.account == .migrationClearing }) else { return }
        let rows = liveRows(of: entry)
        guard !rows.isEmpty else { return }
        try await insert(rows, into: database)
    }

    /// The records of an entry as search shows them: amounts as the fund sees them (income positive), the
    /// line's narrative or else the entry's, the recorder's name as the user.
    static func liveRows(of entry: Entry) -> [Row] {
        let id = RecordID.live(occurredAt: entry.occurredAt)
        return entry.lines.enumerated().compactMap { index, line in
            guard let fund = line.account.fundCode else { return nil }
            let record = TransactionRecord(
                id: id, occurredAt: entry.occurredAt, kind: entry.kind, source: .ims, entryID: entry.id, receiptReference: entry.receiptNumber,
                originalReceiptReference: entry.correctsEntryID.map(Entry.receiptNumber(forEntryID:)), fund: fund,
                accountReference: line.account.reference?.value ?? "", amount: line.incomeAmount, vatCode: line.vatCode,
                vatAmount: -line.vatAmount, origin: entry.origin, user: entry.recordedBy.name, providerReference: entry.pspReference,
                card: CardSummary(lastFourDigits: entry.card.lastFourDigits),
                payer: PayerDetails(name: entry.payer.name, address: entry.payer.address, postcode: entry.payer.postcode.map(Postcode.normalise)),
                narrative: line.narrative ?? entry.narrative)
            return Row(record: record, lineNumber: Int64(index + 1))
        }
    }

    @discardableResult
    static func insert(_ rows: [Row], into database: any SQLDatabase) async throws -> [TransactionRecord] {
        let dialect = SQLDialectKind(database)
        var stored: [TransactionRecord] = []
        stored.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(start + rowsPerStatement, rows.count)])
            let inserted = try await insertResolvingCollisions(chunk, dialect: dialect, into: database)
            if dialect == .sqlite { try await insertWords(of: inserted, into: database) }
            stored.append(contentsOf: inserted)
            start += rowsPerStatement
        }
        return stored
    }

    /// Inserts the rows, moving each whose id is taken (by a stored record or an earlier row of the chunk)
    /// on to the next id until all are in.
    private static func insertResolvingCollisions(_ rows: [Row], dialect: SQLDialectKind, into database: any SQLDatabase) async throws
        -> [TransactionRecord]
    {
        var pending = Array(rows.enumerated())
        var stored = [TransactionRecord?](repeating: nil, count: rows.count)
        var rounds = 0
        while !pending.isEmpty {
            rounds += 1
            guard rounds <= maximumCollisionRounds else {
                throw StoreError(.corruptRow, "No free record id near \(pending[0].element.record.id) after \(maximumCollisionRounds) tries")
            }
            pending = distinctIDs(pending)
            let inserted = try await insertIgnoringTakenIDs(pending.map(\.element), dialect: dialect, into: database)
            var stillPending: [(offset: Int, element: Row)] = []
            for (offset, row) in pending {
                if inserted.contains(row.record.id) {
                    stored[offset] = row.record
                } else {
                    var moved = row
                    moved.record.id = RecordID.next(after: row.record.id)
                    stillPending.append((offset, moved))
                }
            }
            pending = stillPending
        }
        return stored.compactMap { $0 }
    }

    /// The rows with ids distinct among themselves (a later duplicate moves on), so that a returned id
    /// names exactly one row.
    private static func distinctIDs(_ rows: [(offset: Int, element: Row)]) -> [(offset: Int, element: Row)] {
        var used = Set<Int64>()
        return rows.map { offset, row in
            var row = row
            while !used.insert(row.record.id).inserted { row.record.id = RecordID.next(after: row.record.id) }
            return (offset, row)
        }
    }

    /// One multi-row INSERT that skips rows whose id is taken; returns the ids it inserted.
    private static func insertIgnoringTakenIDs(_ rows: [Row], dialect: SQLDialectKind, into database: any SQLDatabase) async throws -> Set<Int64> {
        let names = columns + (dialect == .postgres ? ["search_words"] : [])
        var sql: SQLQueryString = "INSERT INTO income_records (\(unsafeRaw: names.joined(separator: ", "))) VALUES "
        sql += rows.map { row -> SQLQueryString in
            let values = values(of: row)
            guard dialect == .postgres else { return "(\(binds: values))" }
            return "(\(binds: values), CAST(\(bind: row.record.searchText) AS tsvector))"
        }.joined(separator: ", ")
        sql += " ON CONFLICT (id) DO NOTHING RETURNING id"
        return Set(try await database.raw(sql).all().map { try $0.decode(column: "id", as: Int64.self) })
    }

    /// SQLite's full-text rows: the folded words under the record's id (records without words have none).
    private static func insertWords(of records: [TransactionRecord], into database: any SQLDatabase) async throws {
        let texts = records.map { ($0.id, $0.searchText) }.filter { !$0.1.isEmpty }
        guard !texts.isEmpty else { return }
        var sql: SQLQueryString = "INSERT INTO income_text (rowid, words) VALUES "
        sql += texts.map { id, words -> SQLQueryString in "(\(bind: id), \(bind: words))" }.joined(separator: ", ")
        try await database.raw(sql).run()
    }

    /// The values of `columns`, in order.
    private static func values(of row: Row) -> [any Encodable & Sendable] {
        IncomeRecordColumns.values(row.record, lineNumber: row.lineNumber).map { value -> any Encodable & Sendable in
            switch value {
            case .integer(let number): number
            case .text(let text): text
            }
        }
    }

    /// A record from a row holding `columns`.
    static func record(from row: any SQLRow) throws -> TransactionRecord {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func integer(_ column: String) throws -> Int64? { try row.decode(column: column, as: Int64?.self) }
        let id = try row.decode(column: "id", as: Int64.self)
        guard let kind = EntryKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let source = TransactionSource(rawValue: try row.decode(column: "source", as: String.self)),
            let fund = try? FundCode(parsing: try row.decode(column: "fund_code", as: String.self))
        else {
            throw StoreError(.corruptRow, "Income record \(id) has an unknown kind, source or fund")
        }
        return TransactionRecord(
            id: id, occurredAt: Timestamp(microsecondsSince1970: try row.decode(column: "occurred_at", as: Int64.self)), kind: kind,
            source: source, entryID: try row.decode(column: "entry_id", as: Int64.self),
            receiptReference: try row.decode(column: "receipt_reference", as: String.self),
            originalReceiptReference: try text("original_receipt_reference"), fund: fund,
            accountReference: try row.decode(column: "account_reference", as: String.self),
            amount: Money(pence: try row.decode(column: "amount_pence", as: Int64.self)), vatCode: try text("vat_code"),
            vatAmount: try integer("vat_pence").map(Money.init(pence:)),
            origin: Origin(channel: try text("channel"), office: try text("office"), methodOfPayment: try text("method_of_payment")),
            user: try text("user_name"), providerReference: try text("psp_reference"), card: CardSummary(lastFourDigits: try text("card_last4")),
            payer: PayerDetails(name: try text("payer_name"), address: try text("address"), postcode: try text("postcode")),
            narrative: try text("narrative"), importBatchID: try integer("import_batch_id"), fileLine: try integer("file_line"),
            isReversed: try row.decode(column: "is_reversed", as: Int64.self) != 0)
    }
}

extension SQLDialectKind {
    /// The dialect of a connection handed to a row function (which has no backend to ask).
    init(_ database: any SQLDatabase) {
        self = database.dialect.name == "sqlite" ? .sqlite : .postgres
    }
}
