/// A payment service provider (PSP) that takes the card on its own hosted page: GOV.UK Pay, or the
/// sandbox that stands in for one. The core owns this protocol; `IMSProviders` implements it.
///
/// **PCI DSS.** IMS never receives, stores or logs a card number, security code or track data. Nothing
/// that crosses this boundary can carry one: a request holds the amount, reference, description, return
/// URL and metadata; an answer holds the provider's ids, the state, the amount and at most a
/// ``CardSummary`` (brand, last 4 digits, expiry month/year). The payer keys the card into the
/// provider's page, never into IMS.
///
/// **Trust.** A payer's browser returning to IMS proves nothing: it may be forged or replayed. The
/// outcome of a payment is only ever what ``status(of:account:)`` answers, server to server (or a
/// notification whose signature IMS has checked).
///
/// **Accounts.** A council may hold several accounts at one provider (GOV.UK Pay: one API key per fund or
/// per council service). ``createPayment(_:)`` chooses the account from the request's fund and service and
/// names it in ``ProviderPayment/account``; IMS keeps that name with the payment and passes it back on
/// every later call, so a payment is always looked up, cancelled and refunded where it was made.
///
/// Every failure is an ``IMSError`` with one of the `provider.*` codes (see `IMSError+Provider.swift`).
public protocol PaymentProvider: Sendable {
    /// A stable name for records and logs, e.g. `govuk_pay` or `sandbox`.
    var name: String { get }

    /// Creates a payment at the provider. The payer is then sent to ``ProviderPayment/nextURL``.
    func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment

    /// The provider's current view of a payment: the only source of truth for its outcome.
    func status(of providerPaymentID: String, account: String) async throws -> ProviderPaymentStatus

    /// Stops a payment the payer has not finished (`provider.not_cancellable` once it has).
    func cancel(_ providerPaymentID: String, account: String) async throws

    /// Gives `amount` back to the card that paid. `expectedAvailable` is the amount the caller believes is
    /// still refundable; when given and out of date the provider refuses (`provider.refund_stale`), so a
    /// refund sent twice is not paid twice.
    func refund(
        _ providerPaymentID: String, account: String, amount: Money, expectedAvailable: Money?
    ) async throws -> ProviderRefund
}
