import AsyncHTTPClient
import Foundation
import IMSCore
import Logging
import NIOHTTP1

/// GOV.UK Pay (docs.payments.service.gov.uk) behind `PaymentProvider`: create a payment, read its status,
/// cancel it, refund it. Amounts are pence on both sides; the API key is chosen per fund or per council
/// service by ``GOVUKPayKeys``.
///
/// The same client talks to IMS's sandbox card processor, which serves this API under its own path.
///
/// Nothing here retries: creating a payment twice would make two payments, and IMS's payment code decides
/// when to ask for a status again.
public struct GOVUKPayProvider: PaymentProvider {
    /// GOV.UK Pay's one base URL for test and live accounts (the API key decides which).
    public static let defaultBaseURL = "https://publicapi.payments.service.gov.uk"
    /// GOV.UK Pay's largest payment: £100,000.
    public static let maximumAmount = Money(pence: 10_000_000)

    public let name: String
    private let keys: GOVUKPayKeys
    private let http: GOVUKPayHTTP

    /// - Parameters:
    ///   - name: how records and logs name this provider (`govuk_pay`; the sandbox uses `sandbox`).
    ///   - baseURL: the API's root, without `/v1`; an http or https URL, no query.
    ///   - timeoutSeconds: the deadline of each whole call, answer included.
    ///   - maxResponseBytes: the most of an answer that is read; a payment is about 2 KB.
    ///   - httpClient: should not follow redirects (``IMSProviders/httpClient`` does not).
    public init(
        name: String = "govuk_pay", baseURL: String = Self.defaultBaseURL, keys: GOVUKPayKeys, timeoutSeconds: Int64 = 20,
        maxResponseBytes: Int = 256 * 1024, httpClient: HTTPClient = IMSProviders.httpClient,
        logger: Logger = Logger(label: "ims.providers.govuk_pay")
    ) throws(IMSError) {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        guard let address = WebAddress(root), !address.hasQueryOrFragment else {
            throw IMSError(.internal, .providerNotConfigured, "The GOV.UK Pay base URL must be an http or https URL without a query")
        }
        guard (1...120).contains(timeoutSeconds), (1_024...(16 << 20)).contains(maxResponseBytes) else {
            throw IMSError(.internal, .providerNotConfigured, "GOV.UK Pay's timeout must be 1–120 seconds and its answer limit 1 KB–16 MB")
        }
        self.name = name
        self.keys = keys
        http = GOVUKPayHTTP(
            baseURL: root, httpClient: httpClient, timeoutSeconds: timeoutSeconds, maxResponseBytes: maxResponseBytes,
            providerName: name, logger: logger)
    }

    public func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment {
        guard request.amount <= Self.maximumAmount else {
            throw IMSError.validation(.providerRequestInvalid, "GOV.UK Pay takes payments of at most \(Self.maximumAmount)", field: "amount")
        }
        let account = try keys.account(fund: request.fundCode, service: request.service)
        let body = try Self.encode(GOVUKPayWire.CreatePayment(request))
        let answer = try await call(
            .POST, "/v1/payments", json: body, account: account, operation: .createPayment, idempotencyKey: request.idempotencyKey)
        let payment = try answer.decode(GOVUKPayWire.Payment.self)
        guard let nextURL = payment.links?.nextURL?.href, WebAddress(nextURL) != nil else {
            throw GOVUKPayMapping.malformed("a new payment without a next_url")
        }
        return ProviderPayment(
            providerPaymentID: try Self.checkedID(payment.paymentID), account: account, nextURL: nextURL,
            state: try GOVUKPayMapping.state(payment.state))
    }

    public func status(of providerPaymentID: String, account: String) async throws -> ProviderPaymentStatus {
        let id = try Self.checkedID(providerPaymentID)
        let answer = try await call(.GET, "/v1/payments/\(id)", account: account, operation: .getPayment)
        let status = try GOVUKPayMapping.status(answer.decode(GOVUKPayWire.Payment.self))
        guard status.providerPaymentID == id else { throw GOVUKPayMapping.malformed("a different payment than the one asked for") }
        return status
    }

    /// Only a 204 means the payment was cancelled (api_reference, "Cancel a payment"); any other success
    /// status is not taken as one.
    public func cancel(_ providerPaymentID: String, account: String) async throws {
        let id = try Self.checkedID(providerPaymentID)
        let answer = try await call(.POST, "/v1/payments/\(id)/cancel", account: account, operation: .cancelPayment)
        guard answer.status == 204 else {
            throw IMSError(
                .unavailable, .providerUnavailable, "GOV.UK Pay answered HTTP \(answer.status), not 204, to a cancel; it is not taken as cancelled")
        }
    }

    public func refund(
        _ providerPaymentID: String, account: String, amount: Money, expectedAvailable: Money?
    ) async throws -> ProviderRefund {
        let id = try Self.checkedID(providerPaymentID)
        guard amount.isPositive else {
            throw IMSError.validation(.providerRequestInvalid, "A refund must be more than £0.00", field: "amount")
        }
        let body = try Self.encode(GOVUKPayWire.CreateRefund(amount: amount.pence, refundAmountAvailable: expectedAvailable?.pence))
        let answer = try await call(.POST, "/v1/payments/\(id)/refunds", json: body, account: account, operation: .refundPayment)
        return try GOVUKPayMapping.refund(answer.decode(GOVUKPayWire.Refund.self))
    }

    /// One call; any answer outside 2xx becomes the `IMSError` its status and GOV.UK Pay code mean.
    private func call(
        _ method: HTTPMethod, _ path: String, json body: Data? = nil, account: String, operation: GOVUKPayOperation, idempotencyKey: String? = nil
    ) async throws(IMSError) -> GOVUKPayHTTP.Answer {
        let key = try keys.key(forAccount: account)
        let answer = try await http.send(method, path, json: body, key: key, account: account, idempotencyKey: idempotencyKey)
        guard answer.isSuccess else {
            let errorBody = try? answer.decode(GOVUKPayWire.ErrorBody.self)
            throw GOVUKPayMapping.error(status: answer.status, body: errorBody, operation: operation, account: account)
        }
        return answer
    }

    /// GOV.UK Pay ids are 26 letters and digits; anything that could change the URL's path is refused.
    private static func checkedID(_ id: String) throws(IMSError) -> String {
        guard (1...100).contains(id.count),
            id.allSatisfy({ $0.isASCIILetterCharacter || $0.isASCIIDigitCharacter || $0 == "-" || $0 == "_" })
        else {
            throw IMSError(.notFound, .providerPaymentNotFound, "That is not a GOV.UK Pay payment id")
        }
        return id
    }

    private static func encode(_ value: some Encodable) throws(IMSError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw IMSError(.internal, .internalError, "A GOV.UK Pay request could not be encoded")
        }
    }
}
