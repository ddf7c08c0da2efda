import IMSCore
import SQLKit

/// What a caller of ``IMSDatabase/claimHandOff(of:staleAfterSeconds:)`` may do.
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

extension IMSDatabase {
    /// Claims the hand-off to the provider under the payment's row lock, so that two clicks on "Continue to
    /// payment" (or two tabs) make one provider payment: the first caller gets `.claimed`, the others
    /// `.inProgress` until it is recorded. A claim older than `staleAfterSeconds` (its holder died) may be
    /// taken again; the provider's idempotency key makes the retry return the same provider payment.
    public func claimHandOff(of id: String, staleAfterSeconds: Int64 = 60) async throws -> HandOffClaim {
        let now = clock.now()
        let rowLock = backend.rowLock
        return try await backend.write { database in
            let row = try await Self.lockedPaymentRow(id, rowLock: rowLock, in: database)
            let payment = try Self.payment(from: row)
            if payment.state.isFinished { return .finished(payment) }
            if payment.providerPaymentID != nil { return .started(payment) }
            if let claimed = try row.decode(column: "handoff_claimed_at", as: Int64?.self),
               claimed > now.adding(seconds: -staleAfterSeconds).microsecondsSince1970 {
                return .inProgress(payment)
            }
            try await database.raw("UPDATE payments SET handoff_claimed_at = \(bind: now.microsecondsSince1970) WHERE id = \(bind: id)").run()
            return .claimed(payment)
        }
    }

    /// Records the hand-off to the provider: its ids and the page the payer is sent to, and the first
    /// reconciliation check. When the payment already has another provider payment (or has finished), the
    /// new one is not recorded and is returned as `surplus` for the caller to cancel at the provider.
    public func recordHandOff(
        of id: String, providerName: String, to providerPayment: ProviderPayment
    ) async throws -> (payment: Payment, surplus: ProviderPayment?) {
        let now = clock.now()
        let rowLock = backend.rowLock
        return try await backend.write { database in
            let row = try await Self.lockedPaymentRow(id, rowLock: rowLock, in: database)
            var payment = try Self.payment(from: row)
            if let recorded = payment.providerPaymentID {
                return (payment, recorded == providerPayment.providerPaymentID ? nil : providerPayment)
            }
            guard !payment.state.isFinished else { return (payment, providerPayment) }
            payment.provider = providerName
            payment.providerPaymentID = providerPayment.providerPaymentID
            payment.providerAccount = providerPayment.account
            payment.providerNextURL = providerPayment.nextURL
            if case .moved(let state) = try payment.state.transition(on: .handedToProvider) {
                payment.state = state
                try await Self.recordPaymentEvent(id, state: state, detail: "handed to the provider", at: now, in: database)
            }
            payment.updatedAt = now
            let nextCheck = PaymentReconciliation.nextCheck(after: 0, state: payment.state, capturedAt: nil, handedToProvider: true, now: now)
            try await Self.save(payment, nextCheckAt: nextCheck, attempts: 0, in: database)
            try await database.raw("UPDATE payments SET handoff_claimed_at = NULL WHERE id = \(bind: id)").run()
            return (payment, nil)
        }
    }

    /// Lets another caller take the hand-off at once (the provider refused or could not be reached).
    public func releaseHandOff(of id: String) async throws {
        try await backend.write { database in
            try await database.raw("UPDATE payments SET handoff_claimed_at = NULL WHERE id = \(bind: id) AND provider_payment_id IS NULL").run()
        }
    }

    /// Payments whose reconciliation check is due, longest waiting first.
    public func paymentsToCheck(limit: Int = 100) async throws -> [Payment] {
        let now = clock.now().microsecondsSince1970
        return try await backend.read { database in
            try await database.raw("""
                SELECT * FROM payments WHERE next_check_at IS NOT NULL AND next_check_at <= \(bind: now)
                ORDER BY next_check_at LIMIT \(bind: Int64(limit))
                """).all().map(Self.payment(from:))
        }
    }

    /// Notes a check that changed nothing and schedules the next one, further off each time; after the last
    /// one the payment is flagged for an officer.
    public func recordUnchangedCheck(of id: String) async throws {
        let now = clock.now()
        let dialect = backend.dialect
        let rowLock = backend.rowLock
        try await backend.write { database in
            let row = try await Self.lockedPaymentRow(id, rowLock: rowLock, in: database)
            var payment = try Self.payment(from: row)
            let attempts = try row.decode(column: "check_attempts", as: Int64.self) + 1
            let next = PaymentReconciliation.nextCheck(
                after: Int(attempts), state: payment.state, capturedAt: payment.capturedAt, handedToProvider: payment.providerPaymentID != nil, now: now)
            if next == nil, PaymentReconciliation.needsChecking(state: payment.state, capturedAt: payment.capturedAt), payment.attention == nil {
                payment.attention = PaymentReconciliation.givenUpReason
                payment.updatedAt = now
                try await Self.flag(payment, reason: PaymentReconciliation.givenUpReason, at: now, dialect: dialect, in: database)
            }
            try await Self.save(payment, nextCheckAt: next, attempts: attempts, in: database)
        }
    }

    /// The payment made at the provider as `providerPaymentID`, if IMS has it.
    public func payment(providerPaymentID: String) async throws -> Payment? {
        guard (1...100).contains(providerPaymentID.count) else { return nil }
        return try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE provider_payment_id = \(bind: providerPaymentID)").first().map(Self.payment(from:))
        }
    }

    /// Payments an officer must look at, newest first.
    public func paymentsNeedingAttention(limit: Int = 100) async throws -> [Payment] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE attention IS NOT NULL ORDER BY updated_at DESC LIMIT \(bind: Int64(limit))")
                .all().map(Self.payment(from:))
        }
    }

    /// The payment's row, locked for the rest of the transaction (`FOR UPDATE` on PostgreSQL; SQLite's write
    /// transaction already excludes other writers).
    static func lockedPaymentRow(_ id: String, rowLock: String, in database: any SQLDatabase) async throws -> any SQLRow {
        guard let row = try await database.raw("SELECT * FROM payments WHERE id = \(bind: id)\(unsafeRaw: rowLock)").first() else {
            throw IMSError(.notFound, .init("payment.not_found"), "There is no payment \(id)")
        }
        return row
    }
}
