import Foundation

/// What a council service's webhook receives when a payment finishes.
public struct PaymentWebhookBody: Codable, Sendable, Hashable {
    public let event: String
    public let paymentId: String
    public let state: String
    public let amount: Int64
    public let receiptNumber: String?
    public let providerReference: String?
    public let cardBrand: String?
    public let cardLast4: String?
    public let metadata: [String: String]
    public let occurredAt: String

    enum CodingKeys: String, CodingKey {
        case event, state, amount, metadata
        case paymentId = "payment_id", receiptNumber = "receipt_number", providerReference = "provider_reference"
        case cardBrand = "card_brand", cardLast4 = "card_last4", occurredAt = "occurred_at"
    }

    /// The body announcing that `payment` finished, at `time`.
    public init(finished payment: Payment, at time: Timestamp) {
        event = "payment.\(payment.state.rawValue)"
        paymentId = payment.id
        state = payment.state.rawValue
        amount = payment.amount.pence
        receiptNumber = payment.receiptNumber
        providerReference = payment.providerPaymentID
        cardBrand = payment.card?.brand
        cardLast4 = payment.card?.lastFourDigits
        metadata = payment.metadata
        occurredAt = time.iso8601
    }

    /// The body as sent: JSON with sorted keys, so the same event always signs the same.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
