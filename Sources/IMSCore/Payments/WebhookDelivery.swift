/// A webhook delivery waiting to be sent (or sent).
public struct WebhookDelivery: Sendable, Hashable {
    public let id: Int64
    public let service: String
    public let paymentID: String
    public let event: String
    public let body: String
    public let attempts: Int
    public let nextAttemptAt: Timestamp?
    public let deliveredAt: Timestamp?
    public let gaveUpAt: Timestamp?
    public let createdAt: Timestamp

    public init(
        id: Int64, service: String, paymentID: String, event: String, body: String, attempts: Int, nextAttemptAt: Timestamp?,
        deliveredAt: Timestamp?, gaveUpAt: Timestamp?, createdAt: Timestamp
    ) {
        self.id = id
        self.service = service
        self.paymentID = paymentID
        self.event = event
        self.body = body
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.gaveUpAt = gaveUpAt
        self.createdAt = createdAt
    }
}

/// One try at delivering a webhook.
public struct WebhookAttempt: Sendable, Hashable {
    public let attemptedAt: Timestamp
    public let statusCode: Int?
    public let error: String?
    public let durationMilliseconds: Int64

    public init(attemptedAt: Timestamp, statusCode: Int?, error: String?, durationMilliseconds: Int64) {
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.error = error
        self.durationMilliseconds = durationMilliseconds
    }
}
