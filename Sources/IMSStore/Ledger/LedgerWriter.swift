import IMSCore
import SQLKit

/// The one door into the ledger: the only code that inserts into `entries`. Posting validates the entry,
/// inserts it and its lines, writes its search records (the read model, in the entry's own transaction)
/// and seals it: inline on SQLite, whose writers are serialised anyway; on PostgreSQL the sealer service
/// chains committed entries in blocks (see docs/decisions/0002-ledger-hash-chain.md).
struct LedgerWriter: Sendable {
    let database: any SQLDatabase
    let dialect: SQLDialectKind
    let clock: any WallClock

    /// Posts `content` and returns it as recorded.
    func post(_ content: EntryContent) async throws -> Entry {
        try await post(content, reservedID: nil, recordedAt: clock.now())
    }

    /// Posts `content` with the id reserved for it with `EntryRows.reserveID` (a migration entry holds the
    /// digest of records written before it) or the next one, recorded at `recordedAt` (the demo's history).
    func post(_ content: EntryContent, reservedID id: Int64?, recordedAt: Timestamp) async throws -> Entry {
        try content.validate()
        let entry = try await insert(content, id: id, recordedAt: recordedAt)
        try await sealInline(count: 1)
        return entry
    }

    private func insert(_ content: EntryContent, id: Int64?, recordedAt: Timestamp) async throws -> Entry {
        let idColumn: SQLQueryString = id == nil ? "" : "id, "
        let idValue: SQLQueryString = id.map { "\(bind: $0), " } ?? ""
        let row = try await database.raw(
            """
            INSERT INTO entries (\(idColumn)kind, occurred_at, recorded_at, recorded_by, channel, office, method_of_payment,
                corrects_entry_id, external_reference, payer_name, payer_address, postcode, psp_reference, card_brand, card_last4, narrative,
                records_digest)
            VALUES (\(idValue)\(bind: content.kind.rawValue), \(bind: content.occurredAt.microsecondsSince1970), \(bind: recordedAt.microsecondsSince1970),
                \(bind: content.recordedBy.key), \(bind: content.origin.channel), \(bind: content.origin.office), \(bind: content.origin.methodOfPayment),
                \(bind: content.correctsEntryID), \(bind: content.externalReference), \(bind: content.payer.name), \(bind: content.payer.address),
                \(bind: content.payer.postcode), \(bind: content.pspReference), \(bind: content.card.brand), \(bind: content.card.lastFourDigits), \(bind: content.narrative),
                \(bind: content.recordsDigest))
            RETURNING id
            """
        ).first()
        guard let row else { throw StoreError(.corruptRow, "INSERT INTO entries returned no id") }
        let entry = Entry(id: try row.decode(column: "id", as: Int64.self), recordedAt: recordedAt, content: content)
        var insert = database.insert(into: "entry_lines").columns(EntryRows.lineColumns)
        for (number, line) in content.lines.enumerated() {
            insert = insert.values(
                [
                    entry.id, Int64(number + 1), line.account.key, line.account.kind == .fund ? line.account.code : nil,
                    line.account.reference?.value, line.amount.pence, line.vatCode, line.vatRateBasisPoints, line.vatAmount.pence, line.narrative,
                ] as [any Encodable & Sendable])
        }
        try await insert.run()
        try await IncomeRecordRows.insertLive(entry, into: database)
        return entry
    }

    /// SQLite seals as it writes; PostgreSQL leaves it to the sealer service.
    func sealInline(count: Int) async throws {
        guard dialect == .sqlite else { return }
        var remaining = count
        while remaining > 0 {
            let sealed = try await LedgerSealer.sealPending(in: database, dialect: .sqlite, now: clock.now(), limit: max(remaining, 1))
            guard sealed > 0 else { break }
            remaining -= sealed
        }
    }
}

extension LedgerWriter: LedgerTransaction {
    func lockEntry(id: Int64) async throws -> Entry? {
        let rowLock = dialect == .postgres ? " FOR UPDATE" : ""
        guard try await database.raw("SELECT id FROM entries WHERE id = \(bind: id)\(unsafeRaw: rowLock)").first() != nil else { return nil }
        return try await EntryRows.load(id: id, from: database)
    }

    func entries(correcting id: Int64) async throws -> [Entry] {
        try await EntryRows.correcting(id, from: database)
    }
}
