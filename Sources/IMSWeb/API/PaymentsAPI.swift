import Foundation
import HTTPTypes
import Hummingbird
import IMSCore
import IMSServices

/// `POST /api/v1/payments` and friends: how council services take payments. A key sees only its own
/// service's payments, and only for the funds it may use.
enum PaymentsAPI {
    struct CreateBody: Decodable, Sendable {
        struct Line: Decodable, Sendable {
            let fundCode: String
            let reference: String
            let amount: Int64
            let narrative: String?

            enum CodingKeys: String, CodingKey {
                case fundCode = "fund_code", reference, amount, narrative
            }
        }

        let lines: [Line]
        let returnURL: String
        let description: String?
        let email: String?
        let metadata: [String: String]?
        let language: String?

        enum CodingKeys: String, CodingKey {
            case lines, returnURL = "return_url", description, email, metadata, language
        }

        var request: PaymentRequest {
            PaymentRequest(
                lines: lines.map { .init(fundCode: $0.fundCode, reference: $0.reference, amount: $0.amount, narrative: $0.narrative) },
                returnURL: returnURL, description: description, email: email, metadata: metadata, language: language)
        }
    }

    static func register(on routes: RouteTable, payments: PaymentService) {
        routes.add(.post, "/api/v1/payments", access: .apiKey(.paymentsCreate), "Create a payment; the payer is sent to next_url") {
            request, context in
            let key = context.apiKey!
            let (body, fingerprint) = try await JSONBody.decode(CreateBody.self, from: request)
            let idempotency = try request.headers[HTTPField.Name("Idempotency-Key")!].map {
                try IdempotencyKey(scope: key.service, key: $0, requestHash: fingerprint)
            }
            let (payment, created) = try await payments.create(
                body.request, service: key.service, scope: key.scope, idempotencyKey: idempotency)
            var response = try PaymentRepresentation(payment, nextURL: payments.nextURL(of: payment)).response(from: request, context: context)
            response.status = created ? .created : .ok
            response.headers[.location] = "/api/v1/payments/\(payment.id)"
            return response
        }

        routes.add(.get, "/api/v1/payments/{id}", access: .apiKey(.paymentsRead), "A payment: state, lines, provider reference, card, receipt") {
            _, context in
            let payment = try await payments.confirm(try ownPayment(context, payments).id)
            return PaymentRepresentation(payment, nextURL: payments.nextURL(of: payment))
        }

        routes.add(.get, "/api/v1/payments/{id}/events", access: .apiKey(.paymentsRead), "A payment's state history") { _, context in
            let payment = try await ownPayment(context, payments)
            let events = try await payments.store.paymentEvents(id: payment.id)
            return PaymentEventList(events: events.map { .init(state: $0.state.rawValue, occurredAt: $0.occurredAt.iso8601, detail: $0.detail) })
        }

        routes.add(.post, "/api/v1/payments/{id}/cancel", access: .apiKey(.paymentsCreate), "Cancel an unfinished payment") { _, context in
            let payment = try await payments.cancel(try ownPayment(context, payments).id)
            return PaymentRepresentation(payment, nextURL: payments.nextURL(of: payment))
        }
    }

    /// The route's payment if it belongs to the calling key's service; otherwise it does not exist for it.
    private static func ownPayment(_ context: IMSRequestContext, _ payments: PaymentService) async throws -> Payment {
        let id = try context.parameters.require("id")
        // A key's fund scope applies to its own service's payments too (another key of the service may have made it).
        guard let key = context.apiKey, let payment = try await payments.store.payment(id: id), payment.service == key.service,
            key.visibility.canSee(payment)
        else {
            throw IMSError(.notFound, .paymentNotFound, "There is no payment \(id)")
        }
        return payment
    }
}

/// A payment as the API shows it (amounts in pence, times ISO 8601 UTC).
struct PaymentRepresentation: ResponseEncodable, Sendable {
    struct Line: Codable, Sendable {
        let fundCode: String
        let reference: String
        let amount: Int64
        let narrative: String?
    }

    let id: String
    let state: String
    let finished: Bool
    let amount: Int64
    let lines: [Line]
    let description: String?
    let email: String?
    let metadata: [String: String]
    let language: String
    let returnUrl: String
    let nextUrl: String?
    let provider: String?
    let providerReference: String?
    let cardBrand: String?
    let cardLast4: String?
    let cardExpiry: String?
    let failureCode: String?
    let failureMessage: String?
    let receiptNumber: String?
    let createdAt: String
    let expiresAt: String

    init(_ payment: Payment, nextURL: String) {
        id = payment.id
        state = payment.state.rawValue
        finished = payment.state.isFinished
        amount = payment.amount.pence
        lines = payment.lines.map { Line(fundCode: $0.fundCode, reference: $0.reference, amount: $0.amount, narrative: $0.narrative) }
        description = payment.description
        email = payment.email
        metadata = payment.metadata
        language = payment.language
        returnUrl = payment.returnURL
        nextUrl = payment.state.isFinished ? nil : nextURL
        provider = payment.provider
        providerReference = payment.providerPaymentID
        cardBrand = payment.card?.brand
        cardLast4 = payment.card?.lastFourDigits
        cardExpiry = payment.card?.expiry
        failureCode = payment.failureCode
        failureMessage = payment.failureMessage
        receiptNumber = payment.receiptNumber
        createdAt = payment.createdAt.iso8601
        expiresAt = payment.expiresAt.iso8601
    }
}

struct PaymentEventList: ResponseEncodable, Sendable {
    struct Event: Codable, Sendable {
        let state: String
        let occurredAt: String
        let detail: String?
    }

    let events: [Event]
}
