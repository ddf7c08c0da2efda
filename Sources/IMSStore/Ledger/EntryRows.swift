import IMSCore
import SQLKit

/// Reading entries and their lines from rows (they are written only by `LedgerWriter`). Every function takes the connection (or
/// transaction) to use, so that callers compose them inside one transaction.
enum EntryRows {
    static let entryColumns = [
        "id", "kind", "occurred_at", "recorded_at", "recorded_by", "channel", "office", "method_of_payment", "corrects_entry_id",
        "external_reference", "payer_name", "payer_address", "postcode", "psp_reference", "card_brand", "card_last4", "narrative",
        "records_digest",
    ]
    static let lineColumns = [
        "entry_id", "line_number", "account", "fund_code", "account_reference", "amount_pence", "vat_code", "vat_rate_basis_points", "vat_pence",
        "narrative",
    ]

    /// An id for an entry to be inserted later in the same transaction (a migration entry, whose records
    /// are written first so that it can hold their digest). SQLite's writers are serialised, so the next
    /// rowid is free until this transaction ends; PostgreSQL draws from the entries' own sequence.
    static func reserveID(in database: any SQLDatabase) async throws -> Int64 {
        let sql: SQLQueryString =
            SQLDialectKind(database) == .postgres
            ? "SELECT nextval(pg_get_serial_sequence('entries', 'id')) AS id"
            : "SELECT COALESCE(MAX(id), 0) + 1 AS id FROM entries"
        guard let id = try await database.raw(sql).first()?.decode(column: "id", as: Int64.self) else {
            throw StoreError(.corruptRow, "No entry id could be reserved")
        }
        return id
    }

    /// The entries with these ids (with their lines), in id order; missing ids are simply absent.
    static func load(ids: [Int64], from database: any SQLDatabase) async throws -> [Entry] {
        guard !ids.isEmpty else { return [] }
        let entryRows = try await database.select().columns(entryColumns).from("entries")
            .where("id", .in, ids).orderBy("id").all()
        let lineRows = try await database.select().columns(lineColumns).from("entry_lines")
            .where("entry_id", .in, ids).orderBy("entry_id").orderBy("line_number").all()
        var linesByEntry: [Int64: [EntryLine]] = [:]
        for row in lineRows {
            linesByEntry[try row.decode(column: "entry_id", as: Int64.self), default: []].append(try line(from: row))
        }
        return try entryRows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            return try entry(from: row, lines: linesByEntry[id] ?? [])
        }
    }

    static func load(id: Int64, from database: any SQLDatabase) async throws -> Entry? {
        try await load(ids: [id], from: database).first
    }

    /// Entries correcting `id`, oldest first.
    static func correcting(_ id: Int64, from database: any SQLDatabase) async throws -> [Entry] {
        let ids = try await database.raw("SELECT id FROM entries WHERE corrects_entry_id = \(bind: id) ORDER BY id").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        return try await load(ids: ids, from: database)
    }

    private static func entry(from row: any SQLRow, lines: [EntryLine]) throws -> Entry {
        let id = try row.decode(column: "id", as: Int64.self)
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        guard let kind = EntryKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let recordedBy = Principal(key: try row.decode(column: "recorded_by", as: String.self))
        else {
            throw StoreError(.corruptRow, "Entry \(id) has an unknown kind or recorder")
        }
        let content = EntryContent(
            kind: kind,
            occurredAt: Timestamp(microsecondsSince1970: try row.decode(column: "occurred_at", as: Int64.self)),
            recordedBy: recordedBy,
            origin: Origin(channel: try text("channel"), office: try text("office"), methodOfPayment: try text("method_of_payment")),
            correctsEntryID: try row.decode(column: "corrects_entry_id", as: Int64?.self), externalReference: try text("external_reference"),
            payer: PayerDetails(name: try text("payer_name"), address: try text("payer_address"), postcode: try text("postcode")),
            pspReference: try text("psp_reference"), card: CardSummary(brand: try text("card_brand"), lastFourDigits: try text("card_last4")),
            narrative: try text("narrative"), lines: lines, recordsDigest: try text("records_digest"))
        return Entry(id: id, recordedAt: Timestamp(microsecondsSince1970: try row.decode(column: "recorded_at", as: Int64.self)), content: content)
    }

    private static func line(from row: any SQLRow) throws -> EntryLine {
        let key = try row.decode(column: "account", as: String.self)
        guard let account = LedgerAccount(key: key) else { throw StoreError(.corruptRow, "Unknown ledger account \(key)") }
        return EntryLine(
            account: account, amount: Money(pence: try row.decode(column: "amount_pence", as: Int64.self)),
            vatCode: try row.decode(column: "vat_code", as: String?.self),
            vatRateBasisPoints: try row.decode(column: "vat_rate_basis_points", as: Int64.self),
            vatAmount: Money(pence: try row.decode(column: "vat_pence", as: Int64.self)),
            narrative: try row.decode(column: "narrative", as: String?.self))
    }
}
