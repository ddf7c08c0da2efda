import IMSCore
import SQLKit

extension IMSDatabase: WebhookStore {
    /// Sets a service's webhook URL and makes it a new signing secret, returned once.
    public func setWebhook(service: String, url: String) async throws -> String {
        try await transaction { tx in try await tx.administration.setWebhook(service: service, url: url) }
    }

    /// A service's webhook URL and secret, if it has one.
    public func webhook(of service: String) async throws -> (url: String, secret: String)? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT webhook_url, webhook_secret FROM services WHERE name = \(bind: service)").first(),
                let url = try row.decode(column: "webhook_url", as: String?.self),
                let secret = try row.decode(column: "webhook_secret", as: String?.self)
            else { return nil }
            return (url, secret)
        }
    }

    /// Claims the deliveries due now, oldest first, for `leaseSeconds`: each is pushed back by the lease in
    /// the same statement that selects it, so several instances sending at once never take the same one.
    /// A sender that dies mid-way leaves its deliveries to be retried when the lease runs out.
    public func claimDueWebhookDeliveries(limit: Int = 50, leaseSeconds: Int64 = 60) async throws -> [WebhookDelivery] {
        let now = clock.now().microsecondsSince1970
        let lease = now + leaseSeconds * 1_000_000
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.write { database in
            try await database.raw(
                """
                UPDATE outbox_messages SET next_attempt_at = \(bind: lease)
                WHERE id IN (SELECT id FROM outbox_messages
                             WHERE kind = \(bind: OutboxKind.webhook) AND delivered_at IS NULL AND gave_up_at IS NULL
                                 AND next_attempt_at <= \(bind: now)
                             ORDER BY next_attempt_at LIMIT \(bind: Int64(limit))\(unsafeRaw: skipLocked))
                RETURNING *
                """
            ).all().map(WebhookRows.delivery(from:)).sorted { $0.id < $1.id }
        }
    }

    /// Deliveries due now, oldest first (without claiming them).
    public func dueWebhookDeliveries(limit: Int = 50) async throws -> [WebhookDelivery] {
        let now = clock.now().microsecondsSince1970
        return try await backend.read { database in
            try await database.raw(
                """
                SELECT * FROM outbox_messages
                WHERE kind = \(bind: OutboxKind.webhook) AND delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= \(bind: now)
                ORDER BY next_attempt_at LIMIT \(bind: Int64(limit))
                """
            ).all().map(WebhookRows.delivery(from:))
        }
    }

    /// A payment's webhook deliveries, for staff.
    public func webhookDeliveries(paymentID: String) async throws -> [(WebhookDelivery, [WebhookAttempt])] {
        try await backend.read { database in
            let deliveries = try await database.raw(
                """
                SELECT * FROM outbox_messages WHERE subject = \(bind: paymentID) AND kind = \(bind: OutboxKind.webhook) ORDER BY id
                """
            ).all().map(WebhookRows.delivery(from:))
            var result: [(WebhookDelivery, [WebhookAttempt])] = []
            for delivery in deliveries {
                let attempts = try await database.raw("SELECT * FROM outbox_attempts WHERE message_id = \(bind: delivery.id) ORDER BY id").all().map {
                    row in
                    WebhookAttempt(
                        attemptedAt: Timestamp(microsecondsSince1970: try row.decode(column: "attempted_at", as: Int64.self)),
                        statusCode: try row.decode(column: "status_code", as: Int64?.self).map(Int.init),
                        error: try row.decode(column: "error", as: String?.self),
                        durationMilliseconds: try row.decode(column: "duration_ms", as: Int64.self))
                }
                result.append((delivery, attempts))
            }
            return result
        }
    }

    /// Records an attempt: delivered, retry at `retryAt`, or (retryAt nil and not delivered) given up.
    public func recordWebhookAttempt(
        _ deliveryID: Int64, statusCode: Int?, error: String?, durationMilliseconds: Int64, delivered: Bool, retryAt: Timestamp?
    ) async throws {
        let now = clock.now().microsecondsSince1970
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO outbox_attempts (message_id, attempted_at, status_code, error, duration_ms)
                VALUES (\(bind: deliveryID), \(bind: now), \(bind: statusCode.map(Int64.init)), \(bind: error), \(bind: durationMilliseconds))
                """
            ).run()
            try await database.raw(
                """
                UPDATE outbox_messages SET attempts = attempts + 1,
                    delivered_at = \(bind: delivered ? now : nil), next_attempt_at = \(bind: retryAt?.microsecondsSince1970),
                    gave_up_at = \(bind: !delivered && retryAt == nil ? now : nil)
                WHERE id = \(bind: deliveryID)
                """
            ).run()
        }
    }
}

/// The kinds of message in the outbox (`outbox_messages.kind`).
enum OutboxKind {
    static let webhook = "webhook"
}

/// Webhook deliveries as rows of the outbox.
enum WebhookRows {
    static func delivery(from row: any SQLRow) throws -> WebhookDelivery {
        func time(_ column: String) throws -> Timestamp? {
            try row.decode(column: column, as: Int64?.self).map(Timestamp.init(microsecondsSince1970:))
        }
        return WebhookDelivery(
            id: try row.decode(column: "id", as: Int64.self), service: try row.decode(column: "destination", as: String.self),
            paymentID: try row.decode(column: "subject", as: String.self), event: try row.decode(column: "event", as: String.self),
            body: try row.decode(column: "body", as: String.self), attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
            nextAttemptAt: try time("next_attempt_at"), deliveredAt: try time("delivered_at"), gaveUpAt: try time("gave_up_at"),
            createdAt: Timestamp(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
    }
}

/// The outbox inside one transaction of the store: a message queued here leaves only if the transaction
/// that queued it commits.
struct SQLOutbox: Outbox {
    let database: any SQLDatabase
    let now: Timestamp

    func enqueueWebhook(service: String, paymentID: String, event: String, body: String) async throws -> Bool {
        guard let row = try await database.raw("SELECT webhook_url FROM services WHERE name = \(bind: service)").first(),
            try row.decode(column: "webhook_url", as: String?.self) != nil
        else { return false }
        try await database.raw(
            """
            INSERT INTO outbox_messages (kind, destination, subject, event, body, attempts, next_attempt_at, created_at)
            VALUES (\(bind: OutboxKind.webhook), \(bind: service), \(bind: paymentID), \(bind: event), \(bind: body), \(bind: Int64(0)),
                \(bind: now.microsecondsSince1970), \(bind: now.microsecondsSince1970))
            """
        ).run()
        return true
    }
}
