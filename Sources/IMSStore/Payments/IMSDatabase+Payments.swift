import IMSCore
import SQLKit

extension IMSDatabase: PaymentStore {
    public func payment(id: String) async throws -> Payment? {
        guard Payment.isWellFormedID(id) else { return nil }
        return try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE id = \(bind: id)").first().map(PaymentRows.payment(from:))
        }
    }

    public func payment(providerPaymentID: String) async throws -> Payment? {
        guard (1...100).contains(providerPaymentID.count) else { return nil }
        return try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE provider_payment_id = \(bind: providerPaymentID)").first().map(
                PaymentRows.payment(from:))
        }
    }

    public func paymentEvents(id: String) async throws -> [PaymentEventRecord] {
        try await backend.read { database in
            try await database.raw("SELECT occurred_at, state, detail FROM payment_events WHERE payment_id = \(bind: id) ORDER BY id").all().map {
                row in
                PaymentEventRecord(
                    occurredAt: Timestamp(microsecondsSince1970: try row.decode(column: "occurred_at", as: Int64.self)),
                    state: PaymentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .error,
                    detail: try row.decode(column: "detail", as: String?.self))
            }
        }
    }

    public func duePayments(limit: Int) async throws -> [Payment] {
        let now = clock.now().microsecondsSince1970
        return try await payments("state IN ('created', 'started') AND expires_at <= \(bind: now) ORDER BY expires_at", limit: limit)
    }

    public func paymentsToCheck(limit: Int) async throws -> [Payment] {
        let now = clock.now().microsecondsSince1970
        return try await payments("next_check_at IS NOT NULL AND next_check_at <= \(bind: now) ORDER BY next_check_at", limit: limit)
    }

    public func paymentsNeedingAttention(limit: Int) async throws -> [Payment] {
        try await payments("attention IS NOT NULL ORDER BY updated_at DESC", limit: limit)
    }

    private func payments(_ condition: SQLQueryString, limit: Int) async throws -> [Payment] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE \(condition) LIMIT \(bind: Int64(limit))").all().map(PaymentRows.payment(from:))
        }
    }
}
