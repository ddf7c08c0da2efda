import AsyncHTTPClient

/// Payment service providers behind `IMSCore.PaymentProvider`: GOV.UK Pay (`GOVUKPayProvider`). The sandbox
/// card processor IMS serves for development and demos is a module of its own (IMSSandbox), because it is a
/// web server; it speaks GOV.UK Pay's API, so IMS reaches it through this module's client like the real thing.
public enum IMSProviders {
    /// The HTTP client for provider APIs. It never follows a redirect, so a redirect cannot carry the
    /// `Authorization` header (the API key) to another host. It lives as long as the process.
    public static let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
