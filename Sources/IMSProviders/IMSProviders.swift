import AsyncHTTPClient

/// Payment service providers behind `IMSCore.PaymentProvider`: GOV.UK Pay (`GOVUKPayProvider`) and the
/// sandbox card processor (`SandboxProvider`) that IMS serves for development and demos, which speaks
/// GOV.UK Pay's API so that IMS reaches it through the same client as the real thing.
public enum IMSProviders {
    /// The HTTP client for provider APIs. It never follows a redirect, so a redirect cannot carry the
    /// `Authorization` header (the API key) to another host. It lives as long as the process.
    public static let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
