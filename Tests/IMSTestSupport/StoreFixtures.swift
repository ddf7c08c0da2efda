import Foundation
import IMSCore
import IMSServices
import IMSStore

/// The stores every storage test runs against: SQLite always, PostgreSQL when `IMS_TEST_POSTGRES_URL` is set
/// (CI sets it; with `IMS_TEST_REQUIRE_POSTGRES=1` a missing server is a failure, not a skip).
package enum TestStores {
    package static let postgresURL = ScratchDatabase.postgresURL
    package static var all: [SQLDialectKind] { ScratchDatabase.dialects }

    /// 27 November 2026, 10:00 UTC.
    package static let start = Timestamp(microsecondsSince1970: 1_795_773_600_000_000)
}

/// Opens a fresh, migrated database of `dialect` holding the demo council's configuration (or, with
/// `configuration: nil`, none, as a council's first run), runs `body`, then closes and removes it.
package func withTestDatabase<T>(
    _ dialect: SQLDialectKind, clock: FixedWallClock = FixedWallClock(TestStores.start),
    configuration: CouncilConfiguration? = DemoCouncil.configuration, _ body: (IMSDatabase, DatabaseLocation) async throws -> T
) async throws -> T {
    try await ScratchDatabase.with(dialect, clock: clock, configuration: configuration, body)
}

/// Builders for ledger content in tests.
package enum Sample {
    /// Three payments and a refund of the first, sealed (PostgreSQL seals in the background; here by hand).
    package static func sealedLedger(_ database: IMSDatabase) async throws -> [Entry] {
        var entries: [Entry] = []
        for pence in [10_00, 25_50, 99_99] as [Int64] {
            entries.append(try await database.append(try payment(pence), idempotencyKey: nil))
        }
        entries.append(try await RefundService(store: database).refund(refund(of: entries[0].id, 4_00)))
        try await database.sealPending()
        return entries
    }

    package static let configuration = DemoCouncil.configuration
    package static let card = configuration.methodOfPayment("CARD")!

    package static func fund(_ code: FundCode) -> Fund { configuration.fund(code)! }

    /// A card payment of `pence` to a council tax account (or the given fund and reference).
    package static func payment(_ pence: Int64, fund: FundCode = "CTAX", reference: String = "771234564", at time: Timestamp = TestStores.start)
        throws -> EntryContent
    {
        let fund = Self.fund(fund)
        let item = PaymentItem(fund: fund, reference: try fund.validateReference(reference), amount: Money(pence: pence))
        return try basket([item], at: time)
    }

    package static func basket(_ items: [PaymentItem], at time: Timestamp = TestStores.start) throws -> EntryContent {
        let details = PaymentDetails(
            occurredAt: time, recordedBy: .service("tests"), methodOfPayment: card, channel: .online, office: "WEB",
            payer: PayerDetails(name: "Siân O'Brien", postcode: "DM1 2AB"), pspReference: "psp-\(UUID().uuidString.prefix(8))",
            card: CardSummary(brand: "visa", lastFourDigits: "4242"))
        return try PostingRules.payment(items, details: details, vatCodes: configuration.vatCodesByCode)
    }

    package static func refund(of paymentID: Int64, _ pence: Int64, expecting remaining: Int64? = nil) -> RefundRequest {
        RefundRequest(
            paymentEntryID: paymentID, amount: Money(pence: pence), expectedRemaining: remaining.map(Money.init(pence:)),
            occurredAt: TestStores.start, recordedBy: .user("income.officer"), reason: "Overpaid")
    }
}
