import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A local stand-in for GOV.UK Pay's public API, written from its documentation
/// (docs.payments.service.gov.uk/api_reference: create a payment, get information about a single payment,
/// cancel a payment, refund a payment; "HTTP status codes" and "GOV.UK Pay API error codes"), since GOV.UK
/// Pay asks integrators not to run automated tests against their test accounts. Payments belong to the
/// API key that made them, as they belong to an account at GOV.UK Pay.
///
/// Besides the documented behaviour, a payment can be told to misbehave, to test what IMS does when
/// GOV.UK Pay fails.
///
/// As documented and easy to get wrong, and so reproduced here: a `POST /v1/payments` with an
/// `Idempotency-Key` seen before returns the payment made the first time; every read of an unfinished payment
/// carries a fresh, single-use `next_url`; only `204` means a cancel happened (`400 P0501` while the payment
/// is being authorised, `409 P0502` once it has finished); blank strings are `400 P0101`; `<`, `>` and `|` in
/// a reference or description are `400 P0102`; `settlement_summary` is empty until the capture.
public actor GOVUKPayStandIn {
    public enum Behaviour: Sendable {
        case documented
        case serverError
        case malformedJSON
        case wrongShape
        case unknownStatus
        case hugeAnswer
        case slowAnswer(seconds: Int)
        /// 429 P0900 on every call about the payment.
        case rateLimited
        /// A cancel is refused with 400 P0501 ("Cancellation of payment failed"), whatever the state.
        case cancelRefused
        /// A cancel takes this long to answer (IMS's deadline passes first).
        case slowCancel(seconds: Int)
    }

    public struct Payment: Sendable {
        public var key: String
        public var amount: Int64
        public var status: String
        public var code: String? = nil
        public var message: String? = nil
        public var refunded: Int64 = 0
        /// A `card_details` object as GOV.UK Pay documents it, once the payer has entered a card.
        public var cardDetailsJSON: String? = nil
        public var behaviour: Behaviour = .documented
        /// `settlement_summary.capture_submit_time`, once captured.
        public var captureSubmitTime: String? = nil
        public var reference: String = "12345"

        public init(
            key: String, amount: Int64, status: String, code: String? = nil, message: String? = nil, refunded: Int64 = 0,
            cardDetailsJSON: String? = nil, behaviour: Behaviour = .documented, captureSubmitTime: String? = nil
        ) {
            self.key = key
            self.amount = amount
            self.status = status
            self.code = code
            self.message = message
            self.refunded = refunded
            self.cardDetailsJSON = cardDetailsJSON
            self.behaviour = behaviour
            self.captureSubmitTime = captureSubmitTime
        }

        /// The payer paid: `success`, with the documented card and the capture submitted at `time`.
        public mutating func pay(capturedAt time: String = "2026-11-27T17:15:00.000Z") {
            status = "success"
            cardDetailsJSON = GOVUKPayStandIn.documentedCardDetails
            captureSubmitTime = time
        }
    }

    public struct Recorded: Sendable {
        public let method: String
        public let path: String
        public let authorization: String?
        public let contentType: String?
        public let idempotencyKey: String?
        public let body: String
    }

    public static let keys = ["api_test_council_key", "api_test_parking_key"]

    private var payments: [String: Payment] = [:]
    private var paymentsByIdempotencyKey: [String: String] = [:]
    public private(set) var requests: [Recorded] = []
    private var nextNumber = 0
    private var tokenNumber = 0

    public init() {}

    public func add(_ id: String, _ payment: Payment) { payments[id] = payment }

    /// Changes a payment as the payer (or GOV.UK Pay) would: pays it, fails it, makes it misbehave.
    public func update(_ id: String, _ change: @Sendable (inout Payment) -> Void) {
        guard var payment = payments[id] else { return }
        change(&payment)
        payments[id] = payment
    }

    public func payment(_ id: String) -> Payment? { payments[id] }
    public var paymentIDs: [String] { payments.keys.sorted() }

    /// Runs `body` with the stand-in serving on a free loopback port; `body` gets its base URL.
    public static func serve<T: Sendable>(_ standIn: GOVUKPayStandIn, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("v1/payments") { request, _ in await standIn.handle(request, route: .create) }
        router.get("v1/payments/:id") { request, context in await standIn.handle(request, route: .get(context.parameters.get("id") ?? "")) }
        router.post("v1/payments/:id/cancel") { request, context in
            await standIn.handle(request, route: .cancel(context.parameters.get("id") ?? ""))
        }
        router.post("v1/payments/:id/refunds") { request, context in
            await standIn.handle(request, route: .refund(context.parameters.get("id") ?? ""))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)") }
    }

    public enum Route: Sendable {
        case create
        case get(String)
        case cancel(String)
        case refund(String)
    }

    public func handle(_ request: Request, route: Route) async -> Response {
        var request = request
        let bodyBuffer = (try? await request.collectBody(upTo: 1 << 20)) ?? ByteBuffer()
        let body = String(buffer: bodyBuffer)
        let authorization = request.headers[.authorization]
        requests.append(
            Recorded(
                method: request.method.rawValue, path: request.uri.path, authorization: authorization,
                contentType: request.headers[.contentType], idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], body: body))
        guard let authorization, authorization.hasPrefix("Bearer "), Self.keys.contains(String(authorization.dropFirst(7))) else {
            return Response(status: .unauthorized)
        }
        let key = String(authorization.dropFirst(7))
        switch route {
        case .create: return create(body, key: key, idempotencyKey: requests.last?.idempotencyKey)
        case .get(let id): return await get(id, key: key)
        case .cancel(let id): return await cancel(id, key: key)
        case .refund(let id): return refund(id, body, key: key)
        }
    }

    /// A new single-use `next_url`.
    private func freshNextURL() -> String {
        tokenNumber += 1
        let token = "ef1b6ff1-db34-4c62-b854-\(String(repeating: "0", count: 12 - String(tokenNumber).count))\(tokenNumber)"
        return "https://www.payments.service.gov.uk/secure/\(token)"
    }

    private func create(_ body: String, key: String, idempotencyKey: String?) -> Response {
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            return Self.error(400, "P0197", "Unable to parse JSON")
        }
        for field in ["amount", "reference", "description", "return_url"] {
            if fields[field] == nil || (fields[field] as? String)?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                return Self.error(400, "P0101", "Missing mandatory attribute: \(field)", field: field)
            }
        }
        guard let amount = fields["amount"] as? Int, (1...10_000_000).contains(amount) else {
            return Self.error(422, "P0102", "Invalid attribute value: amount. Must be less than or equal to 10000000", field: "amount")
        }
        for field in ["reference", "description"] {
            guard let text = fields[field] as? String else { continue }
            if text.contains(where: { "<>|".contains($0) }) || text.utf16.count > 255 {
                return Self.error(400, "P0102", "Invalid attribute value: \(field). Must be a valid string format", field: field)
            }
        }
        if let reference = fields["reference"] as? String, reference.contains("http") {
            return Self.error(422, "P0102", "Invalid attribute value: reference. Must not contain URLs", field: "reference")
        }
        if let idempotencyKey, let existing = paymentsByIdempotencyKey[key + " " + idempotencyKey], let payment = payments[existing] {
            return Self.json(200, createdJSON(existing, payment, fields: fields))
        }
        nextNumber += 1
        let id = "standin\(String(repeating: "0", count: 19 - String(nextNumber).count))\(nextNumber)"
        var payment = Payment(key: key, amount: Int64(amount), status: "created")
        payment.reference = fields["reference"] as? String ?? ""
        payments[id] = payment
        if let idempotencyKey { paymentsByIdempotencyKey[key + " " + idempotencyKey] = id }
        return Self.json(201, createdJSON(id, payment, fields: fields))
    }

    private func createdJSON(_ id: String, _ payment: Payment, fields: [String: Any]) -> String {
        """
        {"amount": \(payment.amount), "description": "\(fields["description"] as? String ?? "")", "reference": "\(payment.reference)",
         "language": "\(fields["language"] as? String ?? "en")", "state": {"status": "created", "finished": false},
         "payment_id": "\(id)", "payment_provider": "worldpay", "created_date": "2026-11-27T09:30:00.000Z",
         "refund_summary": {"status": "pending", "amount_available": \(payment.amount), "amount_submitted": 0},
         "settlement_summary": {}, "delayed_capture": false, "moto": false, "return_url": "\(fields["return_url"] as? String ?? "")",
         "_links": {
           "self": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)", "method": "GET"},
           "next_url": {"href": "\(freshNextURL())", "method": "GET"},
           "next_url_post": {"type": "application/x-www-form-urlencoded", "params": {"chargeTokenId": "ef1b6ff1-db34-4c62-b854-3ed4ba3c4049"},
                             "href": "https://www.payments.service.gov.uk/secure", "method": "POST"},
           "cancel": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)/cancel", "method": "POST"}
         }}
        """
    }

    private func get(_ id: String, key: String) async -> Response {
        guard let payment = payments[id], payment.key == key else { return Self.error(404, "P0200", "Not found") }
        switch payment.behaviour {
        case .documented, .cancelRefused, .slowCancel: return Self.json(200, paymentJSON(id, payment))
        case .rateLimited: return Self.error(429, "P0900", "Too many requests")
        case .serverError: return Self.error(500, "P0298", "Downstream system error")
        case .malformedJSON: return Self.json(200, "{\"payment_id\": \"\(id)\", \"amount\": ")
        case .wrongShape: return Self.json(200, "{\"payment_id\": 7, \"amount\": \"lots\"}")
        case .unknownStatus:
            var odd = payment
            odd.status = "paused"
            return Self.json(200, paymentJSON(id, odd))
        case .hugeAnswer:
            return Self.json(200, "{\"payment_id\": \"\(id)\", \"padding\": \"\(String(repeating: "x", count: 2 << 20))\"}")
        case .slowAnswer(let seconds):
            try? await Task.sleep(for: .seconds(seconds))
            return Self.json(200, paymentJSON(id, payment))
        }
    }

    private func cancel(_ id: String, key: String) async -> Response {
        guard var payment = payments[id], payment.key == key else { return Self.error(404, "P0500", "Not found") }
        switch payment.behaviour {
        case .rateLimited: return Self.error(429, "P0900", "Too many requests")
        case .cancelRefused: return Self.error(400, "P0501", "Cancellation of payment failed")
        case .slowCancel(let seconds):
            try? await Task.sleep(for: .seconds(seconds))
        default: break
        }
        guard ["created", "started"].contains(payment.status) else {
            if payment.status == "submitted" { return Self.error(400, "P0501", "Cancellation of payment failed") }
            return Self.error(409, "P0502", "Cancellation of payment failed")
        }
        payment.status = "cancelled"
        payment.code = "P0040"
        payment.message = "Payment was cancelled by the service"
        payments[id] = payment
        return Response(status: .noContent)
    }

    private func refund(_ id: String, _ body: String, key: String) -> Response {
        guard var payment = payments[id], payment.key == key else { return Self.error(404, "P0600", "Not found") }
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            return Self.error(400, "P0697", "Unable to parse JSON")
        }
        guard let amount = fields["amount"] as? Int else { return Self.error(400, "P0601", "Missing mandatory attribute: amount", field: "amount") }
        let available = payment.amount - payment.refunded
        guard payment.status == "success", available > 0 else {
            let status = payment.status == "success" ? "full" : "unavailable"
            return Self.error(400, "P0603", "The payment is not available for refund. Payment refund status: \(status)")
        }
        if let expected = fields["refund_amount_available"] as? Int, Int64(expected) != available {
            return Self.error(412, "P0604", "Refund amount available mismatch.")
        }
        guard Int64(amount) <= available else {
            return Self.error(400, "P0603", "The payment is not available for refund. Payment refund status: amount_not_available")
        }
        payment.refunded += Int64(amount)
        payments[id] = payment
        return Self.json(
            202,
            """
            {"refund_id": "4jfabcee0ev36so050kooajabk", "created_date": "2026-11-27T12:44:15.226Z", "amount": \(amount), "status": "submitted",
             "_links": {"self": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)/refunds/4jfabcee0ev36so050kooajabk", "method": "GET"},
                        "payment": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)", "method": "GET"}}}
            """)
    }

    /// "Get information about a single payment", shaped as the documentation's example response, with a
    /// fresh `next_url` while the payment is unfinished.
    func paymentJSON(_ id: String, _ payment: Payment) -> String {
        let finished = !["created", "started", "submitted", "capturable"].contains(payment.status)
        let code = payment.code.map { ", \"code\": \"\($0)\"" } ?? ""
        let message = payment.message.map { ", \"message\": \"\($0)\"" } ?? ""
        let refundStatus =
            payment.status == "success" ? (payment.refunded >= payment.amount ? "full" : "available") : (finished ? "unavailable" : "pending")
        let available = payment.status == "success" ? payment.amount - payment.refunded : (finished ? 0 : payment.amount)
        return """
            {"created_date": "2026-11-27T09:30:00.000Z", "amount": \(payment.amount),
             "state": {"status": "\(payment.status)", "finished": \(finished)\(code)\(message)},
             "description": "Pay your council tax", "reference": "12345", "language": "en",
             "metadata": {"ledger_code": "AB100", "internal_reference_number": 200},
             "email": "sherlock.holmes@example.com",
             \(payment.cardDetailsJSON.map { "\"card_details\": \($0)," } ?? "")
             "payment_id": "\(id)", "authorisation_summary": {"three_d_secure": {"required": true}},
             "refund_summary": {"status": "\(refundStatus)", "amount_available": \(available), "amount_submitted": \(payment.refunded)},
             "settlement_summary": \(payment.captureSubmitTime.map { "{\"capture_submit_time\": \"\($0)\", \"captured_date\": \"\($0.prefix(10))\"}" } ?? "{}"),
             "delayed_capture": false, "moto": false, "payment_provider": "worldpay", "provider_id": "10987654321",
             "return_url": "https://your.service.gov.uk/completed",
             "_links": {"self": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)", "method": "GET"},
                        "events": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)/events", "method": "GET"},
                        \(finished ? "" : "\"next_url\": {\"href\": \"\(freshNextURL())\", \"method\": \"GET\"},")
                        "refunds": {"href": "https://publicapi.payments.service.gov.uk/v1/payments/\(id)/refunds", "method": "GET"}}}
            """
    }

    /// The documented example of `card_details`: with the first 6 digits, cardholder name and address,
    /// none of which IMS may keep.
    public static let documentedCardDetails = """
        {"card_brand": "Visa", "card_type": "debit", "last_digits_card_number": "1234", "first_digits_card_number": "123456",
         "expiry_date": "04/24", "cardholder_name": "Sherlock Holmes",
         "billing_address": {"line1": "221 Baker Street", "line2": "Flat b", "postcode": "NW1 6XE", "city": "London", "country": "GB"}}
        """

    public static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    public static func error(_ status: Int, _ code: String, _ description: String, field: String? = nil) -> Response {
        let fieldJSON = field.map { ", \"field\": \"\($0)\"" } ?? ""
        return json(status, "{\"code\": \"\(code)\", \"description\": \"\(description)\"\(fieldJSON)}")
    }
}
