/// The card numbers the sandbox accepts: GOV.UK Pay's published mock card numbers for sandbox test accounts
/// (docs.payments.service.gov.uk/testing_govuk_pay, "Mock card numbers"), each with its documented outcome.
/// These are public test numbers that no bank issues; the sandbox refuses every other number.
public struct SandboxTestCard: Hashable, Sendable {
    /// What happens when a payer uses the card.
    public enum Outcome: String, Hashable, Sendable {
        /// The payment succeeds.
        case success
        /// The card type is not accepted: the page asks for another card and the payment goes on.
        case cardTypeNotAccepted = "card type not accepted"
        /// The bank declines: the payment fails with GOV.UK Pay's `P0010`.
        case declined = "card declined"
        /// The card has expired: the payment fails with `P0010`.
        case expired = "card expired"
        /// The security code is wrong: the payment fails with `P0010`.
        case incorrectCVC = "invalid CVC code"
        /// The processor fails: the payment ends in `error` with `P0050`, no money taken.
        case generalError = "general error"
    }

    /// The published test number, digits only.
    public let number: String
    public let brand: String
    /// Credit, debit, corporate or prepaid, as published.
    public let type: String
    public let outcome: Outcome

    /// American Express security codes are 4 digits; the others' are 3.
    public var securityCodeLength: Int { brand == "American Express" ? 4 : 3 }
    public var lastFourDigits: String { String(number.suffix(4)) }

    /// The whole published list, in the order GOV.UK Pay lists it.
    public static let all: [SandboxTestCard] = [
        .init(number: "4444333322221111", brand: "Visa", type: "Credit", outcome: .success),
        .init(number: "4242424242424242", brand: "Visa", type: "Credit", outcome: .success),
        .init(number: "4000056655665556", brand: "Visa", type: "Debit", outcome: .success),
        .init(number: "4988080000000000", brand: "Visa", type: "Debit - corporate", outcome: .success),
        .init(number: "4000160000000004", brand: "Visa", type: "Debit - prepaid", outcome: .success),
        .init(number: "4131840000000003", brand: "Visa", type: "Debit - corporate prepaid", outcome: .success),
        .init(number: "4000620000000007", brand: "Visa", type: "Credit - corporate", outcome: .success),
        .init(number: "5101110000000004", brand: "Mastercard", type: "Credit", outcome: .success),
        .init(number: "5105105105105100", brand: "Mastercard", type: "Debit", outcome: .success),
        .init(number: "5200828282828210", brand: "Mastercard", type: "Debit", outcome: .success),
        .init(number: "371449635398431", brand: "American Express", type: "Credit", outcome: .success),
        .init(number: "3566002020360505", brand: "JCB", type: "Credit", outcome: .success),
        .init(number: "6011000990139424", brand: "Discover", type: "Credit", outcome: .success),
        .init(number: "36148900647913", brand: "Diners Club", type: "Credit", outcome: .success),
        .init(number: "6759649826438453", brand: "Maestro", type: "Debit", outcome: .cardTypeNotAccepted),
        .init(number: "4000000000000002", brand: "Visa", type: "Credit or debit", outcome: .declined),
        .init(number: "4000000000000069", brand: "Visa", type: "Credit or debit", outcome: .expired),
        .init(number: "4000000000000127", brand: "Visa", type: "Credit or debit", outcome: .incorrectCVC),
        .init(number: "4000000000000119", brand: "Visa", type: "Credit or debit", outcome: .generalError),
    ]

    private static let byNumber: [String: SandboxTestCard] = Dictionary(uniqueKeysWithValues: all.map { ($0.number, $0) })

    /// The test card with exactly these digits (spaces and hyphens already removed), if it is one.
    public static func card(number digits: String) -> SandboxTestCard? { byNumber[digits] }
}
