import IMSCore
import Testing

/// The demo council's reference data, looked up with `#require` so a missing item fails the test that
/// needed it rather than crashing the run.
enum Fixture {
    static let configuration = DemoCouncil.configuration
    static let vatCodes = DemoCouncil.configuration.vatCodesByCode
    /// 2026-06-01T09:00:00Z.
    static let time = Timestamp(microsecondsSince1970: 1_780_304_400_000_000)

    static func fund(_ code: FundCode, sourceLocation: SourceLocation = #_sourceLocation) throws -> Fund {
        try #require(configuration.fund(code), sourceLocation: sourceLocation)
    }

    static func method(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MethodOfPayment {
        try #require(configuration.methodOfPayment(code), sourceLocation: sourceLocation)
    }

    static func reference(_ text: String) -> AccountReference { AccountReference(normalising: text) }

    static func details(_ method: MethodOfPayment, payerName: String? = "Siân O'Brien") -> PaymentDetails {
        PaymentDetails(
            occurredAt: time, recordedBy: .system("online"), methodOfPayment: method, channel: .online,
            office: "WEB", payer: PayerDetails(name: payerName), pspReference: "sandbox-abc123",
            card: CardSummary(brand: "visa", lastFourDigits: "1111"))
    }
}
