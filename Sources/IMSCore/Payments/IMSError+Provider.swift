/// The failures of a ``PaymentProvider``. The kind each is thrown with decides the HTTP status at IMS's
/// edge: the provider's own HTTP statuses never leak through as they are.
extension IMSError.Code {
    /// The request to the provider breaks one of its limits (kind `.validation`).
    public static let providerRequestInvalid = Self("provider.request_invalid")
    /// The provider could not be reached, timed out, was overloaded or failed (kind `.unavailable`).
    public static let providerUnavailable = Self("provider.unavailable")
    /// The provider answered with something that is not its documented API (kind `.unavailable`).
    public static let providerMalformedResponse = Self("provider.malformed_response")
    /// The provider refused IMS's credentials: the API key is wrong, revoked or for another account
    /// (kind `.internal`: configuration, not the user, must change).
    public static let providerCredentialsRefused = Self("provider.credentials_refused")
    /// The provider refused the request as invalid (kind `.validation`); `field` says which when it does.
    public static let providerRejected = Self("provider.rejected")
    /// The provider has no such payment in this account (kind `.notFound`).
    public static let providerPaymentNotFound = Self("provider.payment_not_found")
    /// The payment is finished and can no longer be cancelled (kind `.conflict`).
    public static let providerNotCancellable = Self("provider.not_cancellable")
    /// The payment cannot be refunded at all, or not yet (kind `.conflict`).
    public static let providerNotRefundable = Self("provider.not_refundable")
    /// The refund is more than what remains refundable (kind `.validation`).
    public static let providerRefundExceeds = Self("provider.refund_exceeds")
    /// The caller's view of the refundable amount is out of date (kind `.preconditionFailed`).
    public static let providerRefundStale = Self("provider.refund_stale")
    /// The provider is not configured for what was asked, e.g. no API key for the fund or service, or the
    /// sandbox in production (kind `.internal`).
    public static let providerNotConfigured = Self("provider.not_configured")
}
