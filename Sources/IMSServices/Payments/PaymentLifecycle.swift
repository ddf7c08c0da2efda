import Foundation
import IMSCore

/// What a caller of ``PaymentLifecycle/claimHandOff(of:staleAfterSeconds:)`` may do.
public enum HandOffClaim: Sendable {
    /// This caller holds the hand-off: it creates the provider payment and records it.
    case claimed(Payment)
    /// Another caller is creating the provider payment right now: wait for it to be recorded.
    case inProgress(Payment)
    /// The payment is already at the provider: resume it there.
    case started(Payment)
    /// The payment has finished.
    case finished(Payment)
}

/// Every change in a payment's life, each one unit of work holding the payment's row lock: the state
/// machine (`PaymentState`) decides, the posting rule (`SuccessfulPaymentPosting`) says where money taken
/// goes, and the entry, the payment's history, its audit event and its webhook commit together.
public struct PaymentLifecycle: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    /// Records a new payment (state `created`, expiring after `expiresAfterSeconds`). With an idempotency key
    /// seen before for the same request, returns the original and writes nothing (`created` false); with a
    /// different request, throws `idempotency.key_reused`.
    public func create(
        _ basket: PaymentBasket, service: String, channel: Channel, expiresAfterSeconds: Int64, idempotencyKey: IdempotencyKey?
    ) async throws -> (payment: Payment, created: Bool) {
        try await store.transaction { tx in
            if let idempotencyKey, let original = try await tx.payments.payment(service: service, idempotencyKey: idempotencyKey) {
                return (original, false)
            }
            let lines = basket.items.map {
                PaymentRequest.Line(fundCode: $0.fund.code.rawValue, reference: $0.reference.value, amount: $0.amount.pence, narrative: $0.narrative)
            }
            let payment = Payment(
                id: Payment.newID(), service: service, state: .created, lines: lines, amount: basket.total,
                returnURL: basket.returnURL.absoluteString,
                description: basket.description, email: basket.email, metadata: basket.metadata, language: basket.language, channel: channel,
                createdAt: tx.now, updatedAt: tx.now, expiresAt: tx.now.adding(seconds: expiresAfterSeconds))
            guard try await tx.payments.insert(payment, idempotencyKey: idempotencyKey) else {
                // The same key at once: the other request committed first; this one returns its payment.
                guard let idempotencyKey, let original = try await tx.payments.payment(service: service, idempotencyKey: idempotencyKey) else {
                    throw IMSError(.internal, .idempotencyKeyReused, "Payment \(payment.id) could not be recorded")
                }
                return (original, false)
            }
            try await tx.payments.recordEvent(payment.id, state: .created, detail: nil)
            return (payment, true)
        }
    }

    /// Notes the payer's name and address (needed on a full VAT invoice) before the hand-off to the provider.
    public func setPayer(of id: String, name: String?, address: String?, postcode: String?) async throws {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            guard locked.payment.state == .created || locked.payment.state == .started else { return }
            locked.payment.payer.name = name
            locked.payment.payer.address = address
            locked.payment.payer.postcode = postcode
            locked.payment.updatedAt = tx.now
            try await tx.payments.save(locked)
        }
    }

    /// Claims the hand-off to the provider under the payment's row lock, so that two clicks on "Continue to
    /// payment" (or two tabs) make one provider payment: the first caller gets `.claimed`, the others
    /// `.inProgress` until it is recorded. A claim older than `staleAfterSeconds` (its holder died) may be
    /// taken again; the provider's idempotency key makes the retry return the same provider payment.
    public func claimHandOff(of id: String, staleAfterSeconds: Int64 = 60) async throws -> HandOffClaim {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            let payment = locked.payment
            if payment.state.isFinished { return .finished(payment) }
            if payment.providerPaymentID != nil { return .started(payment) }
            if let claimed = locked.handOffClaimedAt, claimed > tx.now.adding(seconds: -staleAfterSeconds) { return .inProgress(payment) }
            locked.handOffClaimedAt = tx.now
            try await tx.payments.save(locked)
            return .claimed(payment)
        }
    }

    /// Records the hand-off to the provider: its ids and the page the payer is sent to, and the first
    /// reconciliation check. When the payment already has another provider payment (or has finished), the
    /// new one is not recorded and is returned as `surplus` for the caller to cancel at the provider.
    public func recordHandOff(of id: String, providerName: String, to providerPayment: ProviderPayment) async throws -> (
        payment: Payment, surplus: ProviderPayment?
    ) {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            if let recorded = locked.payment.providerPaymentID {
                return (locked.payment, recorded == providerPayment.providerPaymentID ? nil : providerPayment)
            }
            guard !locked.payment.state.isFinished else { return (locked.payment, providerPayment) }
            locked.payment.provider = providerName
            locked.payment.providerPaymentID = providerPayment.providerPaymentID
            locked.payment.providerAccount = providerPayment.account
            locked.payment.providerNextURL = providerPayment.nextURL
            if case .moved(let state) = try locked.payment.state.transition(on: .handedToProvider) {
                locked.payment.state = state
                try await tx.payments.recordEvent(id, state: state, detail: PaymentLifecycle.detail(of: .handedToProvider))
            }
            locked.payment.updatedAt = tx.now
            locked.nextCheckAt = PaymentReconciliation.nextCheck(
                after: 0, state: locked.payment.state, capturedAt: nil, handedToProvider: true, now: tx.now)
            locked.checkAttempts = 0
            locked.handOffClaimedAt = nil
            try await tx.payments.save(locked)
            return (locked.payment, nil)
        }
    }

    /// Lets another caller take the hand-off at once (the provider refused or could not be reached).
    public func releaseHandOff(of id: String) async throws {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            guard locked.payment.providerPaymentID == nil, locked.handOffClaimedAt != nil else { return }
            locked.handOffClaimedAt = nil
            try await tx.payments.save(locked)
        }
    }

    /// Applies an event in one unit of work holding the payment's row lock. A move to `success` posts the
    /// ledger entry in that same unit, so however many times a success arrives, one entry is posted. Money
    /// taken always reaches the ledger: what cannot go to its fund goes to suspense
    /// (``SuccessfulPaymentPosting``) and the payment is flagged for an officer with an audit event in the
    /// same transaction. A success that later turns into `error` at the provider (its capture failed) keeps
    /// its entry and is flagged.
    @discardableResult
    public func apply(_ id: String, _ event: PaymentState.Event, status: ProviderPaymentStatus? = nil) async throws -> (
        payment: Payment, transition: PaymentState.Transition
    ) {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            let previous = locked.payment.state
            if previous == .success, case .provider(.error(let failure)) = event {
                try await Self.flagFailedCapture(&locked, failure: failure, in: tx)
                return (locked.payment, .unchanged)
            }
            let transition = try previous.transition(on: event)
            if let card = status?.card { locked.payment.card = card }
            if let capturedAt = status?.capturedAt, locked.payment.capturedAt == nil { locked.payment.capturedAt = capturedAt }
            if case .provider(.failed(let failure)) = event {
                locked.payment.failureCode = failure.code
                locked.payment.failureMessage = failure.message
            }
            if case .moved(let state) = transition {
                locked.payment.state = state
                locked.payment.updatedAt = tx.now
                var detail = Self.detail(of: event)
                if state == .success {
                    let configuration = try await tx.configuration()
                    let plan = try SuccessfulPaymentPosting.plan(
                        for: locked.payment, providerAmount: status?.amount ?? locked.payment.amount, previousState: previous,
                        configuration: configuration)
                    let content = try plan.entry(for: locked.payment, at: locked.payment.capturedAt ?? tx.now, configuration: configuration)
                    locked.payment.entryID = try await tx.ledger.post(content).id
                    if let reason = plan.attention {
                        locked.payment.attention = reason
                        detail = reason
                        try await Self.flag(locked.payment, reason: reason, in: tx)
                    }
                }
                try await tx.payments.recordEvent(id, state: state, detail: detail)
                if state.isFinished {
                    let body = PaymentWebhookBody(finished: locked.payment, at: tx.now)
                    try await tx.outbox.enqueueWebhook(service: locked.payment.service, paymentID: id, event: body.event, body: try body.json())
                }
                locked.checkAttempts = 0
            }
            locked.nextCheckAt = PaymentReconciliation.nextCheck(
                after: locked.checkAttempts, state: locked.payment.state, capturedAt: locked.payment.capturedAt,
                handedToProvider: locked.payment.providerPaymentID != nil, now: tx.now)
            try await tx.payments.save(locked)
            return (locked.payment, transition)
        }
    }

    /// Notes a check that changed nothing and schedules the next one, further off each time; after the last
    /// one the payment is flagged for an officer.
    public func recordUnchangedCheck(of id: String) async throws {
        try await store.transaction { tx in
            var locked = try await tx.payments.lock(id)
            locked.checkAttempts += 1
            let payment = locked.payment
            locked.nextCheckAt = PaymentReconciliation.nextCheck(
                after: locked.checkAttempts, state: payment.state, capturedAt: payment.capturedAt,
                handedToProvider: payment.providerPaymentID != nil, now: tx.now)
            if locked.nextCheckAt == nil, PaymentReconciliation.needsChecking(state: payment.state, capturedAt: payment.capturedAt),
                payment.attention == nil
            {
                locked.payment.attention = PaymentReconciliation.givenUpReason
                locked.payment.updatedAt = tx.now
                try await Self.flag(locked.payment, reason: PaymentReconciliation.givenUpReason, in: tx)
            }
            try await tx.payments.save(locked)
        }
    }

    /// The capture failed after the success was posted: the entry stands until an officer acts.
    private static func flagFailedCapture(_ locked: inout LockedPayment, failure: ProviderFailure?, in tx: any StoreTransaction) async throws {
        let reason =
            "The provider reported an error after success (\(failure.map { "\($0.code) \($0.message)" } ?? "no reason given")): the money may not have been captured"
        if locked.payment.attention != reason {
            locked.payment.attention = reason
            locked.payment.updatedAt = tx.now
            try await tx.payments.recordEvent(locked.payment.id, state: .error, detail: reason)
            try await flag(locked.payment, reason: reason, in: tx)
        }
        locked.nextCheckAt = nil
        try await tx.payments.save(locked)
    }

    /// Writes the flag on a payment to the audit trail, in the transaction that raised it.
    private static func flag(_ payment: Payment, reason: String, in tx: any StoreTransaction) async throws {
        try await tx.audit.append(
            AuditEvent(
                occurredAt: tx.now, actor: "system:payments", address: nil, action: "payment.attention", target: "payment:\(payment.id)",
                outcome: AuditEvent.success, before: nil, after: reason))
    }

    static func detail(of event: PaymentState.Event) -> String? {
        switch event {
        case .handedToProvider: "handed to the provider"
        case .cancel: "cancelled"
        case .expire: "expired unfinished"
        case .provider(.failed(let failure)): "\(failure.code): \(failure.message)"
        case .provider(let state): "provider reported \(state)"
        }
    }
}
