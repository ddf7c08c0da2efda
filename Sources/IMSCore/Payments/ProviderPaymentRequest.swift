import Foundation

/// What IMS asks a provider to take: one amount for one payer, whose page then returns the payer to
/// `returnURL`. Checked when made against the limits GOV.UK Pay publishes, which are also the sandbox's,
/// so a request that would be refused is refused here with the field named.
public struct ProviderPaymentRequest: Hashable, Sendable {
    /// The language of the provider's page.
    public enum Language: String, Hashable, Sendable, Codable, CaseIterable {
        case english = "en"
        case welsh = "cy"
    }

    public static let maximumReferenceLength = 255
    public static let maximumDescriptionLength = 255
    public static let maximumReturnURLLength = 2_000
    public static let maximumMetadataCount = 10
    public static let maximumMetadataKeyLength = 30
    public static let maximumMetadataValueLength = 100
    public static let maximumEmailLength = 254

    /// In pence, positive.
    public let amount: Money
    /// IMS's reference for the payment, shown to staff in the provider's reports (not unique there).
    public let reference: String
    /// What the payer sees they are paying for.
    public let description: String
    /// Where the payer's browser goes when the provider's page is done (an absolute http or https URL).
    public let returnURL: String
    /// Up to 10 key–value pairs kept with the payment at the provider, e.g. the fund's ledger code.
    public let metadata: [String: String]
    public let language: Language
    /// Prefills the payer's email on the provider's page.
    public let email: String?
    /// A mail-order or telephone-order payment keyed by staff (the provider's MOTO mode).
    public let moto: Bool
    /// The fund the money is for, when the payment is for a single fund: chooses the provider account.
    public let fundCode: FundCode?
    /// The council service (API key holder) that asked for the payment: chooses the provider account when
    /// the fund does not.
    public let service: String?
    /// Sent as GOV.UK Pay's `Idempotency-Key`, so a create retried after a timeout (or sent twice by two
    /// tabs) gives the same provider payment, never a second one: IMS's payment id with every character
    /// outside `[a-zA-Z0-9-]` made a `-`.
    public let idempotencyKey: String?

    /// Characters GOV.UK Pay refuses in a reference or description (400 P0102), which the payer would see
    /// as "unavailable": refused at IMS's own edge instead, naming the field.
    public static let refusedCharacters: Set<Character> = ["<", ">", "|"]

    /// `text` as an `Idempotency-Key`: letters, digits and `-` only, at most 255 characters.
    public static func idempotencyKey(for text: String) -> String {
        String(text.prefix(255).map { $0.isASCIILetterCharacter || $0.isASCIIDigitCharacter || $0 == "-" ? $0 : "-" })
    }

    public init(
        amount: Money, reference: String, description: String, returnURL: String, metadata: [String: String] = [:],
        language: Language = .english, email: String? = nil, moto: Bool = false, fundCode: FundCode? = nil,
        service: String? = nil, idempotencyKey: String? = nil
    ) throws(IMSError) {
        guard amount.isPositive, amount <= Money.maximumMagnitude else {
            throw Self.invalid("The amount must be more than £0.00", field: "amount")
        }
        try Self.check(reference, field: "reference", maximumLength: Self.maximumReferenceLength)
        try Self.check(description, field: "description", maximumLength: Self.maximumDescriptionLength)
        try Self.checkReturnURL(returnURL)
        guard metadata.count <= Self.maximumMetadataCount else {
            throw Self.invalid("At most \(Self.maximumMetadataCount) metadata entries are allowed", field: "metadata")
        }
        for (key, value) in metadata {
            guard (1...Self.maximumMetadataKeyLength).contains(key.utf16.count) else {
                throw Self.invalid("A metadata key is 1 to \(Self.maximumMetadataKeyLength) characters", field: "metadata")
            }
            guard value.utf16.count <= Self.maximumMetadataValueLength else {
                throw Self.invalid("A metadata value is at most \(Self.maximumMetadataValueLength) characters", field: "metadata.\(key)")
            }
            try Self.refuseCardNumber(in: key, field: "metadata")
            try Self.refuseCardNumber(in: value, field: "metadata.\(key)")
        }
        if let email {
            guard (3...Self.maximumEmailLength).contains(email.utf16.count), email.contains("@") else {
                throw Self.invalid("Enter an email address of at most \(Self.maximumEmailLength) characters, like name@example.com", field: "email")
            }
        }
        self.amount = amount
        self.reference = reference
        self.description = description
        self.returnURL = returnURL
        self.metadata = metadata
        self.language = language
        self.email = email
        self.moto = moto
        self.fundCode = fundCode
        self.service = service
        self.idempotencyKey = idempotencyKey.map(Self.idempotencyKey(for:))
    }

    /// GOV.UK Pay counts a length in UTF-16 code units (Java strings): an emoji is two.
    private static func check(_ text: String, field: String, maximumLength: Int) throws(IMSError) {
        guard !text.trimmingWhitespace().isEmpty, text.utf16.count <= maximumLength else {
            throw invalid("The \(field) is 1 to \(maximumLength) characters", field: field)
        }
        if let refused = text.first(where: refusedCharacters.contains) {
            throw invalid("The \(field) must not contain \(refused) (nor <, > or |)", field: field)
        }
        try refuseCardNumber(in: text, field: field)
    }

    private static func checkReturnURL(_ text: String) throws(IMSError) {
        guard text.count <= maximumReturnURLLength, WebAddress(text) != nil else {
            throw invalid("The return URL must be an absolute http or https URL of at most \(maximumReturnURLLength) characters", field: "return_url")
        }
    }

    /// Text sent to a provider is shown in its reports and IMS's: a card number must never be in it.
    private static func refuseCardNumber(in text: String, field: String) throws(IMSError) {
        if CardNumberDetector.containsCardNumber(text) {
            throw invalid("This looks like a card number; card numbers are never sent or stored", field: field)
        }
    }

    private static func invalid(_ reason: String, field: String) -> IMSError {
        .validation(.providerRequestInvalid, reason, field: field)
    }
}
