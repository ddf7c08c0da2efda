import IMSCore

/// Keeps every handed-off payment's outcome in the ledger without a payer or a notification: every 30
/// seconds it confirms the payments whose check is due (backing off, see `PaymentReconciliation`) and
/// expires those nobody finished in time (only once the provider agrees). Safe on several instances: each
/// change is made under the payment's row lock.
public struct PaymentReconciliationWork: PeriodicWork {
    let payments: PaymentService
    public let name = "payment reconciliation"
    public let intervalSeconds = 30

    public init(payments: PaymentService) {
        self.payments = payments
    }

    public func runOnce() async throws {
        try await payments.reconcileDue()
        try await payments.expireDue()
    }
}
