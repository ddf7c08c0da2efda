/// Reading online and telephone payments; every change goes through a workflow's unit of work
/// (`PaymentTransaction`).
public protocol PaymentStore: UnitOfWork, CouncilStore, AccountHolderStore {
    /// The time by the store's clock (the one tests control).
    func now() -> Timestamp
    func payment(id: String) async throws -> Payment?
    /// The payment made at the provider as `providerPaymentID`, if IMS has it.
    func payment(providerPaymentID: String) async throws -> Payment?
    /// A payment's history, oldest first.
    func paymentEvents(id: String) async throws -> [PaymentEventRecord]
    /// Open payments whose time is up, oldest first.
    func duePayments(limit: Int) async throws -> [Payment]
    /// Payments whose reconciliation check is due, longest waiting first.
    func paymentsToCheck(limit: Int) async throws -> [Payment]
    /// Payments an officer must look at, newest first.
    func paymentsNeedingAttention(limit: Int) async throws -> [Payment]
}

/// Council services' webhooks and their deliveries from the outbox.
public protocol WebhookStore: Sendable {
    /// A service's webhook URL and secret, if it has one.
    func webhook(of service: String) async throws -> (url: String, secret: String)?
    /// Claims the deliveries due now for `leaseSeconds`, so several senders never take the same one.
    func claimDueWebhookDeliveries(limit: Int, leaseSeconds: Int64) async throws -> [WebhookDelivery]
    /// A payment's webhook deliveries with their attempts, for staff.
    func webhookDeliveries(paymentID: String) async throws -> [(WebhookDelivery, [WebhookAttempt])]
    /// Records an attempt: delivered, retry at `retryAt`, or (retryAt nil and not delivered) given up.
    func recordWebhookAttempt(
        _ deliveryID: Int64, statusCode: Int?, error: String?, durationMilliseconds: Int64, delivered: Bool, retryAt: Timestamp?
    ) async throws
}
