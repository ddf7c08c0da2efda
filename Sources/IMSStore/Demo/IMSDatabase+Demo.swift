import IMSCore
import SQLKit

extension IMSDatabase {
    static let demoSeededSetting = "demo.seeded_at"

    /// Whether the database is empty or holds the demo's own council and data: `ims demo` runs on nothing
    /// else, so pointing it at a real council's database cannot mix sample income into real books.
    public func holdsOnlyDemoData() async throws -> Bool {
        if try await setting(Self.demoSeededSetting) != nil { return true }
        return try await backend.read { database in
            for table in ["entries", "funds", "payments", "income_records", "api_keys"] {
                if try await database.raw("SELECT 1 AS n FROM \(unsafeRaw: table) LIMIT 1").first() != nil { return false }
            }
            return true
        }
    }

    /// Seeds the demo council once: its configuration and a few weeks of sample income ending now,
    /// including a partial refund and a journal. All in one transaction; a database already seeded is left
    /// as it is. Returns whether it seeded now.
    @discardableResult
    public func seedDemo(paymentCount: Int = 360, days: Int = 28) async throws -> Bool {
        guard try await setting(Self.demoSeededSetting) == nil else { return false }
        try await save(DemoCouncil.configuration)
        let now = clock.now()
        var generator = DemoIncome()
        let payments = try generator.payments(count: paymentCount, days: days, endingAt: now.adding(seconds: -3_600))
        return try await backend.write { database in
            // Checked again inside the transaction: two processes starting the demo together seed once.
            let seeded = try await database.raw("SELECT value FROM settings WHERE key = \(bind: Self.demoSeededSetting)").first()
            guard seeded == nil else { return false }
            var stored: [Entry] = []
            for payment in payments {
                stored.append(try await self.ledgerWriter(database).post(payment, reservedID: nil, recordedAt: payment.occurredAt))
            }
            try await self.seedCorrections(of: stored, now: now, ledger: self.ledgerWriter(database))
            try await Self.upsertSetting(Self.demoSeededSetting, now.iso8601, in: database)
            return true
        }
    }

    /// A partial refund of the first card payment and a journal moving a council tax payment to another account.
    private func seedCorrections(of payments: [Entry], now: Timestamp, ledger: LedgerWriter) async throws {
        let configuration = DemoCouncil.configuration
        if let cardPayment = payments.first(where: { $0.origin.methodOfPayment == MethodOfPayment.cardCode && $0.fundLines.count == 1 }) {
            let request = RefundRequest(
                paymentEntryID: cardPayment.id, amount: Money(pence: cardPayment.incomeTotal.pence / 2),
                occurredAt: now.adding(seconds: -1_800), recordedBy: .user("income.officer"),
                reason: "Paid twice: half refunded at the payer's request")
            let refund = try RefundPolicy.refund(
                request, of: cardPayment, remainder: RefundPolicy.remainder(of: cardPayment, refunds: []),
                methodOfPayment: configuration.methodOfPayment("CARD"))
            _ = try await ledger.post(refund, reservedID: nil, recordedAt: refund.occurredAt)
        }
        if let taxPayment = payments.first(where: { $0.fundLines.first?.account.code == "CTAX" }),
            let line = taxPayment.fundLines.first, let reference = line.account.reference, let fund = configuration.fund("CTAX")
        {
            let destination = try fund.validateReference("771234564")
            let journal = try PostingRules.journal(
                amount: line.incomeAmount, from: (fund, reference), to: (fund, destination), occurredAt: now.adding(seconds: -900),
                recordedBy: .user("income.officer"), narrative: "Paid to the wrong council tax account", correcting: taxPayment.id,
                sourceLine: line, vatCodes: configuration.vatCodesByCode)
            _ = try await ledger.post(journal, reservedID: nil, recordedAt: journal.occurredAt)
        }
    }
}
