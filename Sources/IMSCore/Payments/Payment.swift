/// A payment a payer is making online or by phone: what it is for, where it is in its life, and, once it
/// succeeds, the ledger entry it posted. Card details are only what the provider reports back (brand, last
/// four digits, expiry); IMS never sees a card number.
public struct Payment: Sendable, Hashable, Identifiable {
    public let id: String
    /// The council service that created it (its API key's service), or `public` for IMS's own pages.
    public let service: String
    public var state: PaymentState
    /// The basket, normalised (fund codes upper-case, references as validated).
    public let lines: [PaymentRequest.Line]
    public let amount: Money
    public let returnURL: String
    public let description: String?
    public let email: String?
    public let metadata: [String: String]
    public let language: String
    /// `online`, `moto` or `atp`.
    public let channel: Channel
    public var provider: String?
    public var providerPaymentID: String?
    public var providerAccount: String?
    public var providerNextURL: String?
    public var card: CardSummary?
    public var failureCode: String?
    public var failureMessage: String?
    public var payer: PayerDetails
    /// The ledger entry posted when it succeeded.
    public var entryID: Int64?
    /// When the provider submitted the money for capture: the entry's time (tax point). Nil until known.
    public var capturedAt: Timestamp?
    /// Why an officer must look at it (a success after IMS gave it up, money posted to suspense, a capture
    /// that failed after success); nil when nothing is wrong.
    public var attention: String?
    public let createdAt: Timestamp
    public var updatedAt: Timestamp
    public let expiresAt: Timestamp

    public init(
        id: String, service: String, state: PaymentState, lines: [PaymentRequest.Line], amount: Money, returnURL: String,
        description: String?, email: String?, metadata: [String: String], language: String, channel: Channel,
        provider: String? = nil, providerPaymentID: String? = nil, providerAccount: String? = nil, providerNextURL: String? = nil,
        card: CardSummary? = nil, failureCode: String? = nil, failureMessage: String? = nil, payer: PayerDetails = PayerDetails(),
        entryID: Int64? = nil, capturedAt: Timestamp? = nil, attention: String? = nil,
        createdAt: Timestamp, updatedAt: Timestamp, expiresAt: Timestamp
    ) {
        self.id = id
        self.service = service
        self.state = state
        self.lines = lines
        self.amount = amount
        self.returnURL = returnURL
        self.description = description
        self.email = email
        self.metadata = metadata
        self.language = language
        self.channel = channel
        self.provider = provider
        self.providerPaymentID = providerPaymentID
        self.providerAccount = providerAccount
        self.providerNextURL = providerNextURL
        self.card = card
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.payer = payer
        self.entryID = entryID
        self.capturedAt = capturedAt
        self.attention = attention
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }

    /// The service name of payments made on IMS's own public pages (no council service's API key).
    public static let publicService = "public"

    /// The receipt number of the posted entry (`R00001234`), once it succeeded.
    public var receiptNumber: String? {
        entryID.map(Entry.receiptNumber(forEntryID:))
    }

    /// A new payment id: `pay_` and 26 characters of base 32 (130 random bits), unguessable, so that the
    /// payer's page needs no cookie.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        return "pay_" + String((0..<26).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] })
    }

    /// Whether `text` has the shape of a payment id (checked before any database look-up).
    public static func isWellFormedID(_ text: String) -> Bool {
        text.count == 30 && text.hasPrefix("pay_") && text.dropFirst(4).allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) }
    }
}

/// One step of a payment's history, for `GET /api/v1/payments/{id}/events` and the staff screens.
public struct PaymentEventRecord: Sendable, Hashable {
    public let occurredAt: Timestamp
    public let state: PaymentState
    public let detail: String?

    public init(occurredAt: Timestamp, state: PaymentState, detail: String?) {
        self.occurredAt = occurredAt
        self.state = state
        self.detail = detail
    }
}
