/// Online and telephone payments inside a transaction. The workflow decides every change; this only
/// reads, locks and writes the payment's row and its history.
public protocol PaymentTransaction: Sendable {
    /// Records a new payment. False (and nothing written) when `idempotencyKey` was already used by its
    /// service: the caller then reads the original with `payment(service:idempotencyKey:)`.
    func insert(_ payment: Payment, idempotencyKey: IdempotencyKey?) async throws -> Bool
    /// The payment `service` made with `idempotencyKey`; throws `idempotency.key_reused` when the key came
    /// with another request.
    func payment(service: String, idempotencyKey: IdempotencyKey) async throws -> Payment?
    /// The payment's row, locked until the transaction ends; throws `payment.not_found`.
    func lock(_ id: String) async throws -> LockedPayment
    /// Writes every changeable field of `locked` back to its row.
    func save(_ locked: LockedPayment) async throws
    /// Adds a step to the payment's history.
    func recordEvent(_ id: String, state: PaymentState, detail: String?) async throws
}

/// A payment read under its row lock, with the bookkeeping of its reconciliation and hand-off.
public struct LockedPayment: Sendable, Hashable {
    public var payment: Payment
    /// When the payment's outcome is next to be asked of the provider; nil for never.
    public var nextCheckAt: Timestamp?
    /// Checks in a row that changed nothing (the back-off counter).
    public var checkAttempts: Int
    /// When a caller claimed the hand-off to the provider; nil when nobody holds it.
    public var handOffClaimedAt: Timestamp?

    public init(payment: Payment, nextCheckAt: Timestamp?, checkAttempts: Int, handOffClaimedAt: Timestamp?) {
        self.payment = payment
        self.nextCheckAt = nextCheckAt
        self.checkAttempts = checkAttempts
        self.handOffClaimedAt = handOffClaimedAt
    }
}
