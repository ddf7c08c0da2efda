import IMSCore
import IMSStore

/// Migrated-style income records for search tests, written straight into the search table as the legacy
/// loader does.
enum LegacySample {
    /// An instant given in UTC.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0, _ second: Int = 0) -> Timestamp {
        let days = Int64(UKLocalTime.daysFromCivil(year: year, month: month, day: day))
        return Timestamp(microsecondsSince1970: (days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)) * 1_000_000)
    }

    static func record(
        _ receipt: String, at time: Timestamp, amount: Int64, fund: FundCode = "CTAX", account: String = "771234564",
        kind: EntryKind = .payment, payer: String? = nil, narrative: String? = nil, address: String? = nil, postcode: String? = nil,
        method: String? = "CASH", office: String? = "TOWNHALL", user: String? = "jbloggs", provider: String? = nil, card: String? = nil,
        original: String? = nil, batch: Int64 = 7, line: Int64 = 2, entryID: Int64 = 1, reversed: Bool = false
    ) -> TransactionRecord {
        TransactionRecord(
            id: RecordID.migrated(occurredAt: time, seed: UInt64(batch) << 32 | UInt64(line)), occurredAt: time, kind: kind, source: .legacy,
            entryID: entryID, receiptReference: receipt, originalReceiptReference: original, fund: fund, accountReference: account,
            amount: Money(pence: amount), vatCode: "OUT", vatAmount: .zero, origin: Origin(office: office, methodOfPayment: method), user: user,
            providerReference: provider, card: CardSummary(lastFourDigits: card),
            payer: PayerDetails(name: payer, address: address, postcode: postcode.map(Postcode.normalise)),
            narrative: narrative, importBatchID: batch, fileLine: line, isReversed: reversed)
    }

    /// Six records of 2019–2021 over four funds, two batches, a refund linked to its payment, and the
    /// names search must cope with.
    static let history: [TransactionRecord] = [
        record(
            "L-1001", at: utc(2019, 5, 1), amount: 45_00, payer: "Siân O'Brien", narrative: "Council tax May",
            address: "1 High Street, Demoton", postcode: "dm1 2ab", line: 2),
        record(
            "L-1002", at: utc(2019, 6, 15), amount: 65_00, fund: "BINS", account: "GW-104233", payer: "Aoife Wright-Lee",
            narrative: "Garden waste", address: "22 Mill Lane", postcode: "DM2 3CD", method: "CARD", office: "WEB", user: "online",
            provider: "pay-abc", card: "4242", line: 3),
        record(
            "L-1003", at: utc(2020, 2, 10), amount: -20_00, fund: "BINS", account: "GW-104234", kind: .refund, payer: "Aoife Wright-Lee",
            method: "CARD", office: "WEB", user: "online", card: "4242", original: "L-1002", line: 4),
        record(
            "L-1004", at: utc(2020, 7, 1), amount: 70_00, fund: "PARK", account: "PCN12345", payer: "Máire Ní Bhriain",
            method: "CHQ", office: "POST", user: "mclerk", batch: 8, line: 2),
        record("L-1005", at: utc(2021, 1, 5), amount: 120_00, account: "771234572", payer: "John Smith", line: 5),
        record("L-1006", at: utc(2021, 3, 5), amount: 30_00, account: "771234580", payer: "Jane Smithson", method: "DD", line: 6),
    ]
}

extension IMSDatabase {
    /// The receipt references of every record matching the API-style parameters, newest first.
    func receipts(_ parameters: [(String, String)], scope: FundScope = .all) async throws -> [String] {
        var filter = try TransactionFilter(parameters: parameters.map { (name: $0.0, value: $0.1) })
        filter.scope = scope
        return try await transactions(matching: filter, after: nil, limit: 1_000).records.map(\.receiptReference)
    }
}
