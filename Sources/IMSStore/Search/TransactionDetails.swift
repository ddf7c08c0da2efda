import IMSCore
import SQLKit

/// What the transaction detail shows beside a record: the records linked to it, the ledger entries behind
/// it and, for a payment, what can still be refunded. The source is written into the SQL as a literal so
/// that the planners may use the partial indexes (`income_records_entry` covers live records only).
enum TransactionDetails {
    /// A live record: its entry, the entries that correct it (refunds, journals, reversals) and the entry it
    /// corrects; linked are the other records of all these entries (the other lines of a basket or a
    /// journal among them). A payment's remainder is the ledger's own (`RefundPolicy`), for the whole
    /// payment, since refunds are made against the payment.
    static func live(_ record: TransactionRecord, in database: any SQLDatabase) async throws -> TransactionDetail {
        guard let entry = try await EntryRows.load(id: record.entryID, from: database) else {
            throw StoreError(.corruptRow, "Income record \(record.id) points at missing entry \(record.entryID)")
        }
        let correcting = try await EntryRows.correcting(entry.id, from: database)
        var entries = [entry] + correcting
        if let correctedID = entry.correctsEntryID, let corrected = try await EntryRows.load(id: correctedID, from: database) {
            entries.insert(corrected, at: 0)
        }
        let linked = try await IMSDatabase.records(
            where: "r.source = 'ims' AND r.entry_id IN (\(binds: entries.map(\.id))) AND r.id <> \(bind: record.id)",
            in: database)
        let remainder = record.kind == .payment ? RefundPolicy.remainder(of: entry, refunds: correcting) : nil
        return TransactionDetail(
            record: record, linked: linked, entries: entries, refundableRemainder: remainder.map { record.isReversed ? .zero : $0.remaining },
            refundableByAccount: remainder)
    }

    /// A migrated record: the legacy refunds that name it as their original, or for a refund the payment
    /// it names (by legacy receipt reference); the chunk's migration entry and any reversal of it, without
    /// the other records of the chunk. A payment's remainder is its amount less those refunds (refunds are
    /// negative), never below zero, and zero once reversed.
    static func legacy(_ record: TransactionRecord, in database: any SQLDatabase) async throws -> TransactionDetail {
        var linked = try await IMSDatabase.records(
            where: "r.source = 'legacy' AND r.original_receipt_reference = \(bind: record.receiptReference) AND r.id <> \(bind: record.id)",
            in: database)
        if let original = record.originalReceiptReference {
            linked += try await IMSDatabase.records(where: "r.source = 'legacy' AND r.receipt_reference = \(bind: original)", in: database)
        }
        linked.sort { $0.id > $1.id }
        let entryIDs = try await database.raw(
            """
            SELECT id FROM entries WHERE id = \(bind: record.entryID) OR (corrects_entry_id = \(bind: record.entryID) AND kind = \(bind: EntryKind.reversal.rawValue))
            ORDER BY id
            """
        ).all().map { try $0.decode(column: "id", as: Int64.self) }
        let entries = try await EntryRows.load(ids: entryIDs, from: database)
        return TransactionDetail(record: record, linked: linked, entries: entries, refundableRemainder: legacyRemainder(of: record, linked: linked))
    }

    static func legacyRemainder(of record: TransactionRecord, linked: [TransactionRecord]) -> Money? {
        guard record.kind == .payment else { return nil }
        guard !record.isReversed else { return .zero }
        let refunds = linked.filter { $0.kind == .refund && !$0.isReversed && $0.originalReceiptReference == record.receiptReference }
        return max(.zero, refunds.map(\.amount).reduce(record.amount, +))
    }
}
