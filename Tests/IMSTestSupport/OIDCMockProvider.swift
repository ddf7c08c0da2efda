import AsyncHTTPClient
import Foundation
import IMSAuth
import IMSCore
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// The OpenID provider of `scripts/oidc` (`oidc-provider-mock` on loopback, found through IMS_TEST_OIDC_ISSUER)
/// and a browser that does not follow redirects, shared by the sign-in tests of IMSAuth and IMSWeb.
public struct MockProvider: Sendable {
    public static var configuredIssuer: String? { ProcessInfo.processInfo.environment["IMS_TEST_OIDC_ISSUER"].flatMap { $0.isEmpty ? nil : $0 } }
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["IMS_TEST_REQUIRE_SIGNIN"] == "1" }
    /// Nothing listens here: the browser stops at the redirect and hands the URL to the test.
    public static let redirectURI = "http://127.0.0.1:9/auth/callback"

    public let issuer: String
    public let browser: HTTPClient

    public static func run(_ body: (MockProvider) async throws -> Void) async throws {
        guard let issuer = configuredIssuer else {
            Issue.record("IMS_TEST_REQUIRE_SIGNIN=1 but no OpenID provider: run eval \"$(scripts/oidc start)\" first")
            return
        }
        let browser = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await body(MockProvider(issuer: issuer, browser: browser))
            try await browser.shutdown()
        } catch {
            try? await browser.shutdown()
            throw error
        }
    }

    public func client(clientID: String = "ims") -> OIDCClient {
        let settings = OIDCSettings(issuer: issuer, clientID: clientID, clientSecret: "not-so-secret", redirectURI: Self.redirectURI)
        return OIDCClient(
            settings: settings, httpClient: .shared, clock: SystemWallClock(),
            logger: Logger(label: "ims.tests.oidc", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// The mock's way to give a subject extra claims: `PUT /users/<sub>` with a JSON object.
    public func setClaims(subject: String, _ claims: [String: any Sendable]) async throws {
        var request = HTTPClientRequest(url: "\(issuer)/users/\(subject)")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(try JSONSerialization.data(withJSONObject: claims)))
        let response = try await browser.execute(request, timeout: .seconds(10))
        #expect(response.status == .noContent)
    }

    /// What a person does at the provider: open the authorization URL, type the subject into the form and
    /// submit it. Returns where the provider redirects the browser (the `Location`).
    public func authorize(_ url: String, subject: String) async throws -> String {
        let page = try await browser.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        try #require(page.status == .ok, "authorization page: \(page.status) \(html.prefix(300))")
        #expect(html.contains(#"name="sub""#), "the authorization page should be the mock's sign-in form")

        // The form has no action: it posts back to the URL it was served from.
        var submit = HTTPClientRequest(url: url)
        submit.method = .POST
        submit.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        submit.body = .bytes(Array("sub=\(subject)".utf8))
        let answer = try await browser.execute(submit, timeout: .seconds(10))
        try #require(answer.status == .found, "form submission: \(answer.status)")
        return try #require(answer.headers.first(name: "Location"))
    }
}
