import Foundation
import HTTPTypes
import Hummingbird
import IMSCore
import Logging
import NIOCore

/// The sandbox's server-to-server API: the part of GOV.UK Pay's API that IMS uses, with the same paths,
/// JSON, status codes and error codes (docs.payments.service.gov.uk/api_reference), behind the sandbox's
/// own bearer key. IMS reaches it with `GOVUKPayProvider`, exactly as it reaches GOV.UK Pay.
struct SandboxAPI: Sendable {
    let store: SandboxPaymentStore
    let apiKey: String
    let clock: any WallClock
    let publicBaseURL: String?
    let logger: Logger

    /// API bodies are small JSON documents.
    static let maxBodyBytes = 64 * 1024
    static let maximumAmountPence: Int64 = 10_000_000

    func register<Routes: RouterMethods>(on routes: Routes) {
        routes.post("v1/payments") { request, context in await self.guarded(request) { try await self.create(request) } }
        routes.get("v1/payments/:paymentID") { request, context in
            await self.guarded(request) { try await self.get(context.parameters.get("paymentID") ?? "", request) }
        }
        routes.post("v1/payments/:paymentID/cancel") { request, context in
            await self.guarded(request) { try await self.cancel(context.parameters.get("paymentID") ?? "") }
        }
        routes.post("v1/payments/:paymentID/refunds") { request, context in
            await self.guarded(request) { try await self.refund(context.parameters.get("paymentID") ?? "", request) }
        }
    }

    /// Checks the bearer key, then runs `handler`; any `SandboxAPIError` becomes GOV.UK Pay's error JSON.
    private func guarded(_ request: Request, _ handler: () async throws -> Response) async -> Response {
        guard Self.constantTimeEquals(request.headers[.authorization] ?? "", "Bearer \(apiKey)") else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        do {
            return try await handler()
        } catch let error as SandboxAPIError {
            return Self.json(error.status, SandboxJSONOut.Error(code: error.code, description: error.description, field: error.field))
        } catch {
            return Self.json(400, SandboxJSONOut.Error(code: "P0197", description: "Unable to parse JSON", field: nil))
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        guard let fields = SandboxJSONValue.object(from: Data(body.readableBytesView)) else {
            throw SandboxAPIError(400, "P0197", "Unable to parse JSON")
        }
        let now = clock.now()
        let payment = try SandboxCreateRequest.payment(from: fields, id: Self.randomID(), pageToken: Self.randomToken(), now: now)
        let idempotencyKey = request.headers[HTTPField.Name("Idempotency-Key")!].map { String($0.prefix(255)) }
        if let idempotencyKey, let existing = await store.payment(idempotencyKey: idempotencyKey, now: now) {
            return try await Self.json(200, SandboxJSONOut.payment(withFreshPage(existing), baseURL: baseURL(for: request)))
        }
        guard await store.add(payment, now: now) else {
            throw SandboxAPIError(500, "P0198", "Downstream system error: the sandbox holds too many payments in progress")
        }
        if let idempotencyKey { await store.remember(idempotencyKey: idempotencyKey, for: payment.id) }
        logger.info("sandbox payment created", metadata: ["payment_id": "\(payment.id)", "amount_pence": "\(payment.amount)"])
        return Self.json(201, SandboxJSONOut.payment(payment, baseURL: baseURL(for: request)))
    }

    private func get(_ id: String, _ request: Request) async throws -> Response {
        guard let payment = await store.payment(id: id, now: clock.now()) else {
            throw SandboxAPIError(404, "P0200", "Not found")
        }
        return Self.json(200, SandboxJSONOut.payment(try await withFreshPage(payment), baseURL: baseURL(for: request)))
    }

    /// The payment with a new page token, as GOV.UK Pay gives a fresh `next_url` on every read of an
    /// unfinished payment.
    private func withFreshPage(_ payment: SandboxPayment) async throws -> SandboxPayment {
        guard !payment.status.isFinished else { return payment }
        let token = Self.randomToken()
        await store.issuePageToken(token, for: payment.id)
        return payment.showing(pageToken: token)
    }

    private func cancel(_ id: String) async throws -> Response {
        let cancelled = await store.update(id: id, now: clock.now()) { payment in
            let next = payment.cancelled(byPayer: false)
            return (next, next != nil)
        }
        guard let cancelled else { throw SandboxAPIError(404, "P0500", "Not found") }
        // A finished payment is a conflict (409 P0502), as at GOV.UK Pay; only 204 means cancelled.
        guard cancelled else { throw SandboxAPIError(409, "P0502", "Cancellation of payment failed") }
        logger.info("sandbox payment cancelled by the service", metadata: ["payment_id": "\(id)"])
        return Response(status: .noContent)
    }

    private func refund(_ id: String, _ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        guard let fields = SandboxJSONValue.object(from: Data(body.readableBytesView)) else {
            throw SandboxAPIError(400, "P0697", "Unable to parse JSON")
        }
        guard let amountValue = fields["amount"] else { throw SandboxAPIError.missing("amount", code: "P0601") }
        guard case .integer(let amount) = amountValue, (1...Self.maximumAmountPence).contains(amount) else {
            throw SandboxAPIError.invalid("amount", "Must be a whole number of pence from 1 to \(Self.maximumAmountPence)", code: "P0602")
        }
        let expected: Int64?
        switch fields["refund_amount_available"] {
        case nil, .null?: expected = nil
        case .integer(let value)? where value >= 0: expected = value
        default: throw SandboxAPIError.invalid("refund_amount_available", "Must be a whole number of pence", code: "P0602")
        }
        let now = clock.now()
        let refundID = Self.randomID()
        let result = await store.update(id: id, now: now) { payment in
            switch payment.refunded(amount, expectedAvailable: expected, id: refundID, at: now) {
            case .success(let next): return (next, Result<Void, SandboxPayment.RefundRefusal>.success(()))
            case .failure(let refusal): return (nil, .failure(refusal))
            }
        }
        switch result {
        case nil:
            throw SandboxAPIError(404, "P0600", "Not found")
        case .failure(.stale)?:
            throw SandboxAPIError(412, "P0604", "Refund amount available mismatch.")
        case .failure(.notRefundable(let status))?:
            throw SandboxAPIError(400, "P0603", "The payment is not available for refund. Payment refund status: \(status)")
        case .failure(.amountNotAvailable)?:
            throw SandboxAPIError(400, "P0603", "The payment is not available for refund. Payment refund status: amount_not_available")
        case .success?:
            logger.info("sandbox payment refunded", metadata: ["payment_id": "\(id)", "refund_id": "\(refundID)", "amount_pence": "\(amount)"])
            return Self.json(202, SandboxJSONOut.Refund(refundID: refundID, createdDate: now.iso8601, amount: amount, status: "success"))
        }
    }

    /// The sandbox's address as the payer's browser and IMS see it: the configured public base URL, or
    /// else the address this API request was sent to (`http`, the `Host` header and the mount path), which
    /// is right for local development and tests on a port chosen at start.
    private func baseURL(for request: Request) -> String {
        if let publicBaseURL { return publicBaseURL }
        let path = request.uri.path
        let mount = path.range(of: "/v1/payments").map { String(path[..<$0.lowerBound]) } ?? ""
        let host = request.head.authority ?? "localhost"
        return "http://\(host)\(mount)"
    }

    static func json(_ status: Int, _ value: some Encodable) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: SandboxJSONOut.encode(value))))
    }

    /// Compares every byte whatever the first difference, so response time says nothing about the key.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }

    /// 26 lower-case letters and digits, like GOV.UK Pay's payment and refund ids.
    static func randomID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<26).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// 128 random bits in hex: the hosted page's address.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
