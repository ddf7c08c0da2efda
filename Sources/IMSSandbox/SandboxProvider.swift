import AsyncHTTPClient
import Foundation
import Hummingbird
import IMSCore
import IMSProviders
import Logging

/// A stand-in card processor for development and demos, served by IMS under a path of its own (e.g.
/// `/sandbox-provider`) and reached by IMS only as a provider: through ``GOVUKPayProvider``, over HTTP,
/// with its own API key, exactly as IMS reaches GOV.UK Pay. It serves:
///
/// - GOV.UK Pay's API subset: `POST /v1/payments`, `GET /v1/payments/{id}`, `POST /v1/payments/{id}/cancel`,
///   `POST /v1/payments/{id}/refunds`, with GOV.UK Pay's JSON, status codes and error codes;
/// - the hosted card page at each payment's `next_url` (`/pay/{token}`), which accepts only GOV.UK Pay's
///   published sandbox test cards (``SandboxTestCard``) and gives each its documented outcome, and offers
///   Cancel. Payments not finished within 90 minutes expire.
///
/// It never stores or logs a card number, security code or form body: a payment keeps the brand, last 4
/// digits and expiry. Payments live in memory, per process, and are lost on restart (at most `capacity` of
/// them). It refuses to exist in production.
///
/// ```swift
/// let sandbox = try SandboxProvider(isProduction: false, publicBaseURL: "https://ims.example/sandbox-provider")
/// sandbox.register(on: router.group("sandbox-provider"))
/// let provider = try sandbox.paymentProvider(apiBaseURL: "https://ims.example/sandbox-provider")
/// ```
public struct SandboxProvider: Sendable {
    /// How many payments the sandbox holds before dropping the oldest finished ones.
    public static let defaultCapacity = 10_000
    /// The provider name IMS records for sandbox payments.
    public static let providerName = "sandbox"

    private let api: SandboxAPI
    private let cardPage: SandboxCardPage
    private let apiKey: String

    /// - Parameters:
    ///   - isProduction: whether IMS runs in production; if so this throws `provider.not_configured`.
    ///   - publicBaseURL: the sandbox's address as browsers reach it (IMS's public URL and the mount path),
    ///     used in `next_url`. Nil: the address each API request was sent to, over http; for local use.
    ///   - apiKey: the key IMS must present; a random one when nil (the usual case: IMS gets it back
    ///     through ``paymentProvider(apiBaseURL:httpClient:logger:)``).
    ///   - clock: when payments are made and expire.
    public init(
        isProduction: Bool, publicBaseURL: String? = nil, apiKey: String? = nil, clock: any WallClock = SystemWallClock(),
        capacity: Int = Self.defaultCapacity, logger: Logger = Logger(label: "ims.providers.sandbox")
    ) throws(IMSError) {
        guard !isProduction else {
            throw IMSError(
                .internal, .providerNotConfigured,
                "The sandbox card processor cannot run in production: configure a real payment provider such as GOV.UK Pay")
        }
        let key = apiKey ?? "sandbox_" + SandboxAPI.randomToken()
        guard key.utf8.count >= 16, (try? GOVUKPayAPIKey(key)) != nil else {
            throw IMSError(.internal, .providerNotConfigured, "The sandbox API key must be at least 16 printable characters without spaces")
        }
        guard (1...1_000_000).contains(capacity) else {
            throw IMSError(.internal, .providerNotConfigured, "The sandbox holds 1 to 1,000,000 payments")
        }
        var base = publicBaseURL
        if var url = base {
            while url.hasSuffix("/") { url.removeLast() }
            guard let address = WebAddress(url), !address.hasQueryOrFragment else {
                throw IMSError(.internal, .providerNotConfigured, "The sandbox's public base URL must be an http or https URL without a query")
            }
            base = url
        }
        let store = SandboxPaymentStore(capacity: capacity)
        self.apiKey = key
        api = SandboxAPI(store: store, apiKey: key, clock: clock, publicBaseURL: base, logger: logger)
        cardPage = SandboxCardPage(store: store, clock: clock, logger: logger)
    }

    /// Adds the sandbox's routes (API, hosted page, stylesheet) to a router or router group; mount it under a
    /// path of its own, e.g. `router.group("sandbox-provider")`. The routes read nothing from the request
    /// context but the path parameters, so any `RequestContext` will do.
    public func register<Routes: RouterMethods>(on routes: Routes) {
        api.register(on: routes)
        cardPage.register(on: routes)
    }

    /// The `PaymentProvider` IMS uses to reach this sandbox: GOV.UK Pay's client, named `sandbox`, with
    /// this sandbox's key. `apiBaseURL` is where IMS reaches the mounted routes, e.g. IMS's public URL
    /// followed by the mount path.
    public func paymentProvider(
        apiBaseURL: String, httpClient: HTTPClient = IMSProviders.httpClient,
        logger: Logger = Logger(label: "ims.providers.sandbox")
    ) throws(IMSError) -> GOVUKPayProvider {
        try GOVUKPayProvider(
            name: Self.providerName, baseURL: apiBaseURL, keys: GOVUKPayKeys(singleKey: GOVUKPayAPIKey(apiKey)),
            timeoutSeconds: 10, httpClient: httpClient, logger: logger)
    }
}
