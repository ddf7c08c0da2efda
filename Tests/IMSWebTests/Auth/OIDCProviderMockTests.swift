import AsyncHTTPClient
import Foundation
import IMSCore
import IMSWeb
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// The whole sign-in against a real OpenID provider: `oidc-provider-mock` from PyPI on loopback, started by
/// `eval "$(scripts/oidc start)"`. IMS sends the browser to the provider, the "browser" (AsyncHTTPClient,
/// not following redirects) submits the provider's sign-in form, and the redirect back carries the code
/// IMS exchanges and verifies.
///
/// Skipped when IMS_TEST_OIDC_ISSUER is not set, unless IMS_TEST_REQUIRE_SIGNIN=1 (CI), when that fails.
@Suite(.enabled(if: MockProvider.configuredIssuer != nil || MockProvider.isRequired, "set IMS_TEST_OIDC_ISSUER: eval \"$(scripts/oidc start)\""))
struct OIDCProviderMockTests {
    @Test("Bob signs in through the provider's form and comes back with his groups; the code works once")
    func fullSignIn() async throws {
        try await MockProvider.run { mock in
            try await mock.setClaims(subject: "bob", ["groups": ["IMS-Income", "Staff"], "name": "Bob Example", "email": "bob@council.example"])
            let client = mock.client()
            let (url, pending) = try await client.beginLogin()

            let parameters = try #require(URLComponents(string: url)?.queryItems)
            #expect(url.hasPrefix(mock.issuer + "/"))
            #expect(parameters.first { $0.name == "state" }?.value == pending.state)
            #expect(parameters.first { $0.name == "code_challenge" }?.value == OIDCClient.codeChallenge(for: pending.codeVerifier))

            let callback = try await mock.authorize(url, subject: "bob")
            #expect(callback.hasPrefix(MockProvider.redirectURI + "?"))
            let returned = try #require(URLComponents(string: callback)?.queryItems)
            #expect(returned.first { $0.name == "state" }?.value == pending.state)
            let code = try #require(returned.first { $0.name == "code" }?.value)

            let identity = try await client.completeLogin(code: code, pending: pending)
            #expect(identity.username == "bob@council.example")
            #expect(identity.displayName == "Bob Example")
            #expect(identity.email == "bob@council.example")
            #expect(identity.groups.contains("IMS-Income"))
            #expect(identity.method == .oidc)

            let error = await #expect(throws: IMSError.self) { try await client.completeLogin(code: code, pending: pending) }
            #expect(error?.code == .oidcTokenExchange)
            #expect(error?.kind == .unauthenticated)
        }
    }

    @Test("A code redeemed with another sign-in's nonce is refused")
    func nonceMismatch() async throws {
        try await MockProvider.run { mock in
            try await mock.setClaims(subject: "bob", ["groups": ["IMS-Income", "Staff"], "name": "Bob Example", "email": "bob@council.example"])
            let client = mock.client()
            let (url, pending) = try await client.beginLogin()
            // The other sign-in is begun first, so the code is redeemed as soon as it is issued (the provider's
            // codes are short-lived, and a loaded machine must not turn this into an expired-code test).
            var otherAttempt = pending
            otherAttempt.nonce = try await client.beginLogin().pending.nonce
            let callback = try await mock.authorize(url, subject: "bob")
            let code = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "code" }?.value)
            let error = await #expect(throws: IMSError.self) { try await client.completeLogin(code: code, pending: otherAttempt) }
            #expect(error?.code == .oidcNonce)
        }
    }

    @Test("A code issued to another client id is refused by the provider")
    func codeForAnotherClient() async throws {
        try await MockProvider.run { mock in
            let client = mock.client()
            let other = mock.client(clientID: "another-application")
            let (url, pending) = try await other.beginLogin()
            let callback = try await mock.authorize(url, subject: "carol")
            let code = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "code" }?.value)
            let error = await #expect(throws: IMSError.self) { try await client.completeLogin(code: code, pending: pending) }
            #expect(error?.code == .oidcTokenExchange)
        }
    }
}

/// The running mock provider and a browser that does not follow redirects.
struct MockProvider {
    static var configuredIssuer: String? { ProcessInfo.processInfo.environment["IMS_TEST_OIDC_ISSUER"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["IMS_TEST_REQUIRE_SIGNIN"] == "1" }
    /// Nothing listens here: the browser stops at the redirect and hands the URL to the test.
    static let redirectURI = "http://127.0.0.1:9/auth/callback"

    let issuer: String
    let browser: HTTPClient

    static func run(_ body: (MockProvider) async throws -> Void) async throws {
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

    func client(clientID: String = "ims") -> OIDCClient {
        let settings = OIDCSettings(issuer: issuer, clientID: clientID, clientSecret: "not-so-secret", redirectURI: Self.redirectURI)
        return OIDCClient(settings: settings, httpClient: .shared, clock: SystemWallClock(), logger: .quietOIDC)
    }

    /// The mock's way to give a subject extra claims: `PUT /users/<sub>` with a JSON object.
    func setClaims(subject: String, _ claims: [String: any Sendable]) async throws {
        var request = HTTPClientRequest(url: "\(issuer)/users/\(subject)")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(try JSONSerialization.data(withJSONObject: claims)))
        let response = try await browser.execute(request, timeout: .seconds(10))
        #expect(response.status == .noContent)
    }

    /// What a person does at the provider: open the authorization URL, type the subject into the form and
    /// submit it. Returns where the provider redirects the browser (the `Location`).
    func authorize(_ url: String, subject: String) async throws -> String {
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
