import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import IMSCore
import IMSServices

/// GOV.UK Pay's webhooks (docs.payments.service.gov.uk/webhooks): `POST` of a JSON event whose
/// `Pay-Signature` header is the hex HMAC-SHA256 of the raw body keyed with the subscription's signing
/// secret. They arrive at least once and in any order, so IMS treats one only as a prompt: it asks GOV.UK
/// Pay for the payment's state (the only source of truth) and records that. A body whose signature does not
/// match is refused with 401 and changes nothing.
enum ProviderNotifications {
    static let path = "/providers/govuk-pay/notifications"
    static let maximumBytes = 64 * 1024

    static func register(on routes: RouteTable, payments: PaymentService, signingSecrets: [String]) {
        guard !signingSecrets.isEmpty else { return }
        routes.add(.post, path, access: .open, "GOV.UK Pay webhook: a signed prompt to confirm one payment with GOV.UK Pay") { request, _ in
            let body = try await request.body.collect(upTo: maximumBytes)
            let raw = Data(body.readableBytesView)
            guard let signature = request.headers[HTTPField.Name("Pay-Signature")!], isSigned(raw, signature: signature, secrets: signingSecrets)
            else {
                throw IMSError(.unauthenticated, .notificationSignature, "The Pay-Signature header does not match the body")
            }
            guard let event = try? JSONDecoder().decode(Event.self, from: raw) else {
                throw IMSError.validation(.notificationInvalid, "The body is not a GOV.UK Pay webhook event", field: "resource_id")
            }
            if event.resourceType == nil || event.resourceType == "payment" {
                try await payments.providerNotified(aboutProviderPayment: event.resourceID)
            }
            return Response(status: .ok)
        }
    }

    /// Whether `signature` is the hex HMAC-SHA256 of `body` under one of `secrets` (compared in constant time).
    static func isSigned(_ body: Data, signature header: String, secrets: [String]) -> Bool {
        let sent = header.trimmingWhitespace().lowercased()
        guard sent.count == 64 else { return false }
        return secrets.contains { constantTimeEqual(signature(of: body, secret: $0), sent) }
    }

    /// The hex HMAC-SHA256 of `body` keyed with `secret`, as GOV.UK Pay signs.
    static func signature(of body: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    /// The parts of a webhook event IMS reads: which resource it is about.
    struct Event: Decodable {
        let resourceID: String
        let resourceType: String?

        enum CodingKeys: String, CodingKey {
            case resourceID = "resource_id", resourceType = "resource_type"
        }
    }
}

extension IMSError.Code {
    /// A provider notification whose signature does not match its body (answered 401).
    static let notificationSignature = Self("notification.signature")
    /// A signed provider notification that is not the provider's webhook event.
    static let notificationInvalid = Self("notification.invalid")
}
