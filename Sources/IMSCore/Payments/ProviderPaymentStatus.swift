/// A payment just made at a provider: where to send the payer, and how to find the payment again.
public struct ProviderPayment: Hashable, Sendable {
    /// The provider's id for the payment (GOV.UK Pay's `payment_id`); IMS records it as the PSP reference.
    public let providerPaymentID: String
    /// The provider account the payment was made in; pass it back on every later call.
    public let account: String
    /// The provider's hosted page for this payment, where IMS sends the payer's browser.
    public let nextURL: String
    public let state: ProviderPaymentState

    public init(providerPaymentID: String, account: String, nextURL: String, state: ProviderPaymentState) {
        self.providerPaymentID = providerPaymentID
        self.account = account
        self.nextURL = nextURL
        self.state = state
    }
}

/// The provider's answer to "what happened to this payment?", asked server to server.
public struct ProviderPaymentStatus: Hashable, Sendable {
    public let providerPaymentID: String
    public let state: ProviderPaymentState
    /// What the payer pays or paid.
    public let amount: Money
    /// The card, once the payer has entered one: brand, last 4 digits and expiry only.
    public let card: CardSummary?
    /// What may still be refunded, when the provider says.
    public let refundSummary: ProviderRefundSummary?
    /// Where to send the payer to carry on, while the payment is unfinished. GOV.UK Pay's `next_url` is
    /// single-use and fresh on every read, so a payer coming back is sent to the one just read, never to
    /// one kept from before.
    public let nextURL: String?
    /// When the provider submitted the money for capture (GOV.UK Pay's `settlement_summary.capture_submit_time`):
    /// the tax point and receipt time of a success. Nil until then.
    public let capturedAt: Timestamp?

    public init(
        providerPaymentID: String, state: ProviderPaymentState, amount: Money, card: CardSummary?,
        refundSummary: ProviderRefundSummary?, nextURL: String? = nil, capturedAt: Timestamp? = nil
    ) {
        self.providerPaymentID = providerPaymentID
        self.state = state
        self.amount = amount
        self.card = card
        self.refundSummary = refundSummary
        self.nextURL = nextURL
        self.capturedAt = capturedAt
    }
}

/// Whether a payment can be refunded, as the provider sees it.
public struct ProviderRefundSummary: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// The payment may become refundable (not finished, or not yet settled enough).
        case pending
        /// It cannot be refunded (it failed, for example).
        case unavailable
        /// Some or all of it can be refunded.
        case available
        /// It has been refunded in full.
        case full
    }

    public let status: Status
    /// What can still be refunded; pass it as `expectedAvailable` when refunding.
    public let amountAvailable: Money
    /// What has been refunded so far.
    public let amountSubmitted: Money

    public init(status: Status, amountAvailable: Money, amountSubmitted: Money) {
        self.status = status
        self.amountAvailable = amountAvailable
        self.amountSubmitted = amountSubmitted
    }
}

/// A refund the provider accepted. `submitted` is not yet money back: check again until `success`.
public struct ProviderRefund: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// Accepted and passed to the card processor.
        case submitted
        /// The money is on its way back to the card.
        case success
        /// The processor could not make the refund.
        case error
    }

    public let refundID: String
    public let amount: Money
    public let status: Status

    public init(refundID: String, amount: Money, status: Status) {
        self.refundID = refundID
        self.amount = amount
        self.status = status
    }
}
