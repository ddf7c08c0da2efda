import Hummingbird
import IMSCore

extension TransactionScreens {
    /// One record with every field, the ledger entries behind it (their lines limited to the staff member's
    /// funds), the records linked to it and what can still be refunded.
    static func detailPage(_ context: IMSRequestContext, database: any TransactionStore, pages: PageRenderer) async throws -> Response {
        let user = try context.staffUser
        guard let id = context.parameters.get("id", as: Int64.self), let detail = try await database.transactionDetail(id: id),
            user.mayUse(detail.record.fund)
        else {
            throw HTTPError(.notFound, message: "There is no transaction with that number that you can see.")
        }
        let record = detail.record
        let linked = detail.linked.filter { user.mayUse($0.fund) }
        var values: [String: Any] = [
            "title": "\(label(record.kind)) \(record.receiptReference)", "kind": label(record.kind), "receipt": record.receiptReference,
            "isLegacy": record.source == .legacy, "isReversed": record.isReversed, "fields": fields(of: record),
            "entries": detail.entries.map { entryValues($0, user: user) }, "linked": linked.map(resultRow), "hasLinked": !linked.isEmpty,
            "searchLink": "/staff/transactions",
        ]
        if let remainder = detail.refundableRemainder(visibleTo: user.visibility) {
            values["remainder"] = remainder.formatted
        }
        if record.source == .ims, record.kind == .payment, user.allows(.refundsCreate) {
            values["refundLink"] = "/staff/entries/\(record.entryID)/refund"
        }
        return pages.page("staff-transaction", values, session: context.session)
    }

    /// Every field of the record, as label and value (and a link where one helps).
    static func fields(of record: TransactionRecord) -> [[String: Any]] {
        let batchLink = record.importBatchID.map { "/staff/transactions?import_batch=\($0)" }
        let originalLink = record.originalReceiptReference.map { "/staff/transactions?receipt_reference=\(TransactionSearchForm.encode($0))" }
        let rows: [(String, String?, String?)] = [
            ("When", PageFormat.dateTime(record.occurredAt), nil),
            ("Kind", label(record.kind), nil),
            ("Source", record.source == .legacy ? "Legacy (migrated)" : "IMS", nil),
            ("Receipt reference", record.receiptReference, nil),
            ("Original receipt reference", record.originalReceiptReference, originalLink),
            ("Fund", record.fund.rawValue, nil),
            ("Account reference", record.accountReference, nil),
            ("Amount", record.amount.formatted, nil),
            ("VAT code", record.vatCode, nil),
            ("VAT amount", record.vatAmount?.formatted, nil),
            ("Method of payment", record.origin.methodOfPayment, nil),
            ("Channel", record.origin.channel, nil),
            ("Office", record.origin.office, nil),
            ("Taken by", record.user, nil),
            ("Payment provider reference", record.providerReference, nil),
            ("Card: last 4 digits", record.card.lastFourDigits, nil),
            ("Payer", record.payer.name, nil),
            ("Address", record.payer.address, nil),
            ("Postcode", record.payer.postcode, nil),
            ("Narrative", record.narrative, nil),
            ("Import batch", record.importBatchID.map { "Batch \($0)" }, batchLink),
            ("Line in the imported file", record.fileLine.map(String.init), nil),
            ("Reversed", record.isReversed ? "Yes: an import reversal cancelled it" : "No", nil),
            ("Ledger entry", String(record.entryID), nil),
        ]
        return rows.map { label, value, link in
            ["label": label, "value": value.flatMap { $0.isEmpty ? nil : $0 } ?? "Not recorded", "link": link ?? ""].droppingEmptyText()
        }
    }

    /// A ledger entry and its lines; fund lines of funds outside the staff member's scope are left out.
    static func entryValues(_ entry: Entry, user: StaffUser) -> [String: Any] {
        let lines = user.visibility.lines(of: entry)
        return [
            "id": entry.id, "kind": label(entry.kind), "when": PageFormat.dateTime(entry.occurredAt), "by": entry.recordedBy.key,
            "narrative": entry.narrative ?? "",
            "lines": lines.map { line -> [String: Any] in
                [
                    "account": line.account.key, "amount": line.amount.formatted,
                    "vat": line.vatCode.map { "\($0) \(line.vatAmount.formatted)" } ?? "",
                    "narrative": line.narrative ?? "",
                ]
            },
        ].droppingEmptyText()
    }
}
