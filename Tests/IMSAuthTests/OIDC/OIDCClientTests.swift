import AsyncHTTPClient
import Foundation
import HTTPTypes
import IMSAuth
import IMSCore
import Logging
import Testing

/// What IMS sends the browser to the provider with, and how it names who came back.
@Suite struct OIDCClientTests {
    @Test("PKCE S256 challenge matches RFC 7636 appendix B")
    func pkceTestVector() {
        #expect(OIDCClient.codeChallenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("The authorization URL carries every parameter of the code flow with PKCE, and each sign-in is fresh")
    func authorizationURL() async throws {
        try await TestIdentityProvider.run { provider in
            let settings = OIDCSettings(
                issuer: provider.issuer, clientID: "ims client+1", clientSecret: "s", scopes: ["openid", "profile", "email", "offline_access"],
                redirectURI: "https://ims.council.example/auth/callback?x=1&y=2"
            )
            let client = OIDCClient(settings: settings, httpClient: .shared, clock: FixedWallClock(IDTokenVerifierTests.start), logger: .quietOIDC)
            let (url, pending) = try await client.beginLogin()
            let components = try #require(URLComponents(string: url))
            #expect(url.hasPrefix("\(provider.issuer)/authorize?"))
            var query: [String: String] = [:]
            for item in components.queryItems ?? [] { query[item.name] = item.value }
            #expect(
                query == [
                    "response_type": "code",
                    "client_id": "ims client+1",
                    "redirect_uri": "https://ims.council.example/auth/callback?x=1&y=2",
                    "scope": "openid profile email offline_access",
                    "state": pending.state,
                    "nonce": pending.nonce,
                    "code_challenge": OIDCClient.codeChallenge(for: pending.codeVerifier),
                    "code_challenge_method": "S256",
                ])
            // `+` in a value must arrive as `+`, not as a space.
            #expect(!url.contains("client+1"))

            for value in [pending.state, pending.nonce, pending.codeVerifier] {
                #expect((43...128).contains(value.count))
                #expect(value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            }
            let again = try await client.beginLogin().pending
            #expect(Set([again.state, again.nonce, again.codeVerifier]).isDisjoint(with: [pending.state, pending.nonce, pending.codeVerifier]))
        }
    }

    static func client(_ provider: TestIdentityProvider, secret: String? = "s3cr+t:é") -> OIDCClient {
        let settings = OIDCSettings(issuer: provider.issuer, clientID: "ims", clientSecret: secret, redirectURI: "https://ims.example/auth/callback")
        return OIDCClient(settings: settings, httpClient: .shared, clock: FixedWallClock(IDTokenVerifierTests.start), logger: .quietOIDC)
    }

    @Test(
        "The token request carries the code, the PKCE verifier and the secret (Basic unless the provider only takes it in the form)",
        arguments: [
            (nil, true), (["client_secret_basic", "client_secret_post", "private_key_jwt"], true), (["client_secret_post"], false),
        ] as [([String]?, Bool)])
    func tokenRequest(advertisedMethods: [String]?, expectBasic: Bool) async throws {
        try await TestIdentityProvider.run { provider in
            let key = try TestIdentityProvider.SigningKey.ec256(kid: "k1")
            provider.publish([key])
            provider.advertise(tokenEndpointAuthMethods: advertisedMethods)
            let client = Self.client(provider)
            let (_, pending) = try await client.beginLogin()
            var claims = TestIDTokenClaims(issuer: provider.issuer, now: IDTokenVerifierTests.start)
            claims.nonce = pending.nonce
            let idToken = try await key.sign(claims)
            provider.answerTokenRequests(#"{"access_token":"at","token_type":"Bearer","expires_in":3600,"id_token":"\#(idToken)"}"#)

            let identity = try await client.completeLogin(code: "code-from-the-callback", pending: pending)
            #expect(identity.username == "alice@council.example")  // the domain stays until StaffNaming accepts it

            let request = try #require(provider.tokenRequests.first)
            #expect(request.form["grant_type"] == "authorization_code")
            #expect(request.form["code"] == "code-from-the-callback")
            #expect(request.form["code_verifier"] == pending.codeVerifier)
            #expect(request.form["redirect_uri"] == "https://ims.example/auth/callback")
            #expect(request.form["client_id"] == "ims")
            if expectBasic {
                // RFC 6749 §2.3.1: id and secret form-encoded, then base64.
                #expect(request.authorization == "Basic " + Data("ims:s3cr%2Bt%3A%C3%A9".utf8).base64EncodedString())
                #expect(request.form["client_secret"] == nil)
            } else {
                #expect(request.authorization == nil)
                #expect(request.form["client_secret"] == "s3cr+t:é")
            }
        }
    }

    @Test("A public client (no secret) sends no credentials, only the PKCE verifier")
    func publicClient() async throws {
        try await TestIdentityProvider.run { provider in
            let client = Self.client(provider, secret: nil)
            _ = await #expect(throws: IMSError.self) { try await client.completeLogin(code: "c", pending: try await client.beginLogin().pending) }
            let request = try #require(provider.tokenRequests.first)
            #expect(request.authorization == nil)
            #expect(request.form["client_secret"] == nil)
            #expect(request.form["code_verifier"]?.count == 43)
        }
    }

    @Test(
        "A token endpoint refusal says what to do",
        arguments: [
            (400, #"{"error":"invalid_grant","error_description":"Code already used"}"#, IMSError.Kind.unauthenticated, "Start the sign-in again"),
            (401, #"{"error":"invalid_client"}"#, .unavailable, "IMS_OIDC_CLIENT_SECRET"),
            (503, "<html>down</html>", .unavailable, "HTTP 503"),
            (200, #"{"access_token":"at","token_type":"Bearer"}"#, .unavailable, "openid"),
            (200, String(repeating: " ", count: 1_100_000), .unavailable, "larger than"),
        ])
    func tokenEndpointRefusal(status: Int, body: String, kind: IMSError.Kind, advice: String) async throws {
        try await TestIdentityProvider.run { provider in
            provider.answerTokenRequests(status: .init(code: status), body)
            let client = Self.client(provider)
            let (_, pending) = try await client.beginLogin()
            let error = await #expect(throws: IMSError.self) { try await client.completeLogin(code: "c", pending: pending) }
            #expect(error?.code == .oidcTokenExchange)
            #expect(error?.kind == kind)
            #expect(error?.reason.contains(advice) == true, "\(error?.reason ?? "")")
        }
    }

    @Test(
        "Settings that cannot work are refused with the variable to fix",
        arguments: [
            ("http://login.example/tenant", "IMS_OIDC_ISSUER"),
            ("https://login.example/tenant", "IMS_OIDC_SCOPES"),
        ])
    func invalidSettings(issuer: String, field: String) {
        let settings = OIDCSettings(
            issuer: issuer, clientID: "ims", clientSecret: nil, scopes: field == "IMS_OIDC_SCOPES" ? ["profile"] : ["openid"],
            redirectURI: "https://ims.example/auth/callback"
        )
        let error = #expect(throws: IMSError.self) { try settings.validate() }
        #expect(error?.code == .oidcSettings)
        #expect(error?.field == field)
    }

    @Test("The user name is the directory name without its domain, lower-cased; else the subject")
    func usernameMapping() throws {
        func claims(preferred: String? = nil, upn: String? = nil, email: String? = nil) -> IDTokenClaims {
            IDTokenClaims(
                issuer: "https://login.example", subject: "Opaque-Sub-1", audiences: ["ims"], expiresAt: IDTokenVerifierTests.start,
                issuedAt: IDTokenVerifierTests.start, preferredUsername: preferred, userPrincipalName: upn, email: email, groups: []
            )
        }
        #expect(OIDCClient.identity(from: claims(preferred: "Alice.Smith@Council.gov.uk", upn: "x@y")).username == "alice.smith@council.gov.uk")
        #expect(OIDCClient.identity(from: claims(upn: "BSmith@council.local")).username == "bsmith@council.local")
        #expect(OIDCClient.identity(from: claims(preferred: "COUNCIL\\CJones")).username == "council\\cjones")
        #expect(OIDCClient.identity(from: claims(email: "d.brown@council.gov.uk")).username == "d.brown@council.gov.uk")
        #expect(OIDCClient.identity(from: claims()).username == "opaque-sub-1")
    }
}
