import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSProviders
import IMSSandbox
import IMSTestSupport
import Logging
import NIOCore

/// The sandbox mounted under `/sandbox-provider` of a live server on a free loopback port, reached as IMS
/// reaches it: through `GOVUKPayProvider` for the API, and as a browser for the hosted page.
struct SandboxHarness: Sendable {
    static let apiKey = "sandbox_test_key_7d1f0c2e9a"
    static let start = Timestamp(microsecondsSince1970: 1_795_773_600_000_000)
    static let returnURL = "https://ims.example.gov.uk/pay/return/8f3a"

    let provider: GOVUKPayProvider
    let browser: any TestClientProtocol
    let clock: FixedWallClock
    let logs: LogCapture
    let apiBaseURL: String

    static func run<T: Sendable>(
        clock: FixedWallClock = FixedWallClock(start), capacity: Int = SandboxProvider.defaultCapacity,
        _ body: @Sendable (SandboxHarness) async throws -> T
    ) async throws -> T {
        let logs = LogCapture()
        let logger = logs.logger()
        let sandbox = try SandboxProvider(isProduction: false, apiKey: apiKey, clock: clock, capacity: capacity, logger: logger)
        let router = Router()
        sandbox.register(on: router.group("sandbox-provider"))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)/sandbox-provider"
            let provider = try sandbox.paymentProvider(apiBaseURL: base, logger: logger)
            return try await body(SandboxHarness(provider: provider, browser: client, clock: clock, logs: logs, apiBaseURL: base))
        }
    }

    func create(amountPence: Int64 = 5_000) async throws -> ProviderPayment {
        try await provider.createPayment(
            ProviderPaymentRequest(
                amount: Money(pence: amountPence), reference: "PARK-PCN-AB12345678", description: "Parking penalty charge AB12345678",
                returnURL: Self.returnURL, metadata: ["fund": "PARK"]))
    }

    func status(_ payment: ProviderPayment) async throws -> ProviderPaymentStatus {
        try await provider.status(of: payment.providerPaymentID, account: payment.account)
    }

    /// The browser opens `next_url`.
    func open(_ payment: ProviderPayment) async throws -> TestResponse {
        try await browser.execute(uri: Self.path(of: payment.nextURL), method: .get)
    }

    /// The browser posts the card form, as `application/x-www-form-urlencoded`.
    func submit(_ payment: ProviderPayment, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await browser.execute(
            uri: Self.path(of: payment.nextURL), method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
    }

    func submit(_ payment: ProviderPayment, card number: String, securityCode: String = "123") async throws -> TestResponse {
        try await submit(
            payment,
            [
                ("card-number", number), ("expiry-month", "04"), ("expiry-year", "30"), ("cardholder-name", "Ada Lovelace"), ("cvc", securityCode),
            ])
    }

    /// The browser presses Cancel payment.
    func cancelOnPage(_ payment: ProviderPayment) async throws -> TestResponse {
        try await browser.execute(uri: Self.path(of: payment.nextURL) + "/cancel", method: .post)
    }

    static func path(of url: String) -> String { URL(string: url)!.path }

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
