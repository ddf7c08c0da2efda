import AsyncHTTPClient
import Foundation
import IMSAuth
import IMSCore
import IMSTestSupport
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
