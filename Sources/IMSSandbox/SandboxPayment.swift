import IMSCore

/// One payment at the sandbox processor, and the rules of its life, as GOV.UK Pay documents them:
/// created → started (the payer opened the page) → success | failed | error, or cancelled, or expired
/// after 90 minutes. Transitions are pure: each returns the next payment or says why it cannot happen.
///
/// Of the card it keeps only the brand, last 4 digits and expiry (`CardSummary`).
struct SandboxPayment: Sendable, Hashable {
    enum Status: String, Sendable, Hashable {
        case created, started, success, failed, cancelled, error

        var isFinished: Bool { self != .created && self != .started }
    }

    /// A value of the payment's metadata: GOV.UK Pay accepts strings, numbers and booleans.
    enum MetadataValue: Sendable, Hashable {
        case string(String)
        case integer(Int64)
        case number(Double)
        case boolean(Bool)
    }

    struct Refund: Sendable, Hashable {
        let id: String
        let amount: Int64
        let createdAt: Timestamp
    }

    /// GOV.UK Pay's payment time limit.
    static let expiresAfterSeconds: Int64 = 90 * 60

    let id: String
    /// The secret in the hosted page's address; unrelated to `id`, so knowing the id does not open the page.
    /// Each read of the payment issues another (``showing(pageToken:)``).
    private(set) var pageToken: String
    let amount: Int64
    let reference: String
    let description: String
    let returnURL: String
    let metadata: [String: MetadataValue]
    let language: String
    let email: String?
    let moto: Bool
    let createdAt: Timestamp
    private(set) var status: Status = .created
    private(set) var failure: ProviderFailure?
    private(set) var card: CardSummary?
    private(set) var refunds: [Refund] = []
    /// When the money was submitted for capture (GOV.UK Pay's `settlement_summary.capture_submit_time`).
    private(set) var capturedAt: Timestamp?

    init(
        id: String, pageToken: String, amount: Int64, reference: String, description: String, returnURL: String,
        metadata: [String: MetadataValue], language: String, email: String?, moto: Bool, createdAt: Timestamp
    ) {
        self.id = id
        self.pageToken = pageToken
        self.amount = amount
        self.reference = reference
        self.description = description
        self.returnURL = returnURL
        self.metadata = metadata
        self.language = language
        self.email = email
        self.moto = moto
        self.createdAt = createdAt
    }

    var expiresAt: Timestamp { createdAt.adding(seconds: Self.expiresAfterSeconds) }

    /// The payment as one read shows it: with the page token that read issued.
    func showing(pageToken token: String) -> SandboxPayment {
        var shown = self
        shown.pageToken = token
        return shown
    }

    /// The payment as it stands at `now`: one the payer has not finished within 90 minutes has failed with
    /// GOV.UK Pay's `P0020`.
    func asOf(_ now: Timestamp) -> SandboxPayment {
        guard !status.isFinished, now >= expiresAt else { return self }
        var expired = self
        expired.status = .failed
        expired.failure = ProviderFailure(code: "P0020", message: "Payment expired")
        return expired
    }

    /// The payer opened the hosted page.
    func opened() -> SandboxPayment {
        guard status == .created else { return self }
        var next = self
        next.status = .started
        return next
    }

    /// The payer submitted a test card that the page accepted; the card's documented outcome applies.
    /// `nil` when the payment is already finished.
    func paid(with testCard: SandboxTestCard, expiry: String, at now: Timestamp) -> SandboxPayment? {
        guard !status.isFinished,
            let summary = try? CardSummary(brand: testCard.brand, lastFourDigits: testCard.lastFourDigits, expiry: expiry)
        else {
            return nil
        }
        var next = self
        next.card = summary
        switch testCard.outcome {
        case .success:
            next.status = .success
            next.capturedAt = now
        case .declined:
            next.fail("P0010", "Payment method rejected: the card was declined")
        case .expired:
            next.fail("P0010", "Payment method rejected: the card has expired")
        case .incorrectCVC:
            next.fail("P0010", "Payment method rejected: the card security code was incorrect")
        case .generalError:
            next.status = .error
            next.failure = ProviderFailure(code: "P0050", message: "Payment provider returned an error")
        case .cardTypeNotAccepted:
            return nil
        }
        return next
    }

    /// Cancelled by the payer on the hosted page (`failed`, `P0030`) or by the service through the API
    /// (`cancelled`, `P0040`). `nil` when the payment is already finished.
    func cancelled(byPayer: Bool) -> SandboxPayment? {
        guard !status.isFinished else { return nil }
        var next = self
        if byPayer {
            next.fail("P0030", "Payment was cancelled by the user")
        } else {
            next.status = .cancelled
            next.failure = ProviderFailure(code: "P0040", message: "Payment was cancelled by the service")
        }
        return next
    }

    private mutating func fail(_ code: String, _ message: String) {
        status = .failed
        failure = ProviderFailure(code: code, message: message)
    }

    // MARK: Refunds

    var amountRefunded: Int64 { refunds.reduce(0) { $0 + $1.amount } }

    /// GOV.UK Pay's `refund_summary.status`: `pending` until the payment finishes, `unavailable` unless it
    /// succeeded, `full` once all of it is refunded.
    var refundStatus: String {
        switch status {
        case .created, .started: "pending"
        case .failed, .cancelled, .error: "unavailable"
        case .success: amountRefunded >= amount ? "full" : "available"
        }
    }

    var refundAvailable: Int64 {
        switch status {
        case .created, .started: amount
        case .success: amount - amountRefunded
        case .failed, .cancelled, .error: 0
        }
    }

    enum RefundRefusal: Error, Equatable {
        /// `refund_amount_available` differs from what is available (GOV.UK Pay `P0604`, HTTP 412).
        case stale
        /// The payment cannot be refunded; carries the refund status (`P0603`).
        case notRefundable(String)
        /// More than what is available (`P0603`, `amount_not_available`).
        case amountNotAvailable
    }

    /// A refund of `amount` pence; the sandbox settles refunds at once, as GOV.UK Pay's sandbox does.
    func refunded(_ amount: Int64, expectedAvailable: Int64?, id: String, at now: Timestamp) -> Result<SandboxPayment, RefundRefusal> {
        if let expectedAvailable, expectedAvailable != refundAvailable { return .failure(.stale) }
        guard refundStatus == "available" else { return .failure(.notRefundable(refundStatus)) }
        guard amount <= refundAvailable else { return .failure(.amountNotAvailable) }
        var next = self
        next.refunds.append(Refund(id: id, amount: amount, createdAt: now))
        return .success(next)
    }
}
