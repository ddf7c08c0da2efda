import AsyncHTTPClient
import Foundation
import IMSAuth
import IMSCore
import JWTKit
import Logging
import Testing

/// ID tokens minted by the tests against `TestIdentityProvider`: the good one is accepted, and each bad
/// one a real provider would never issue is refused with its own code.
@Suite struct IDTokenVerifierTests {
    static let start = Timestamp(microsecondsSince1970: 1_795_773_600_000_000)

    /// A verifier with fresh caches for `provider`, client id `ims`, on a clock the test moves.
    static func verifier(_ provider: TestIdentityProvider, clock: FixedWallClock) -> IDTokenVerifier {
        let settings = OIDCSettings(issuer: provider.issuer, clientID: "ims", clientSecret: nil, redirectURI: "https://ims.example/auth/callback")
        return IDTokenVerifier(settings: settings, httpClient: .shared, clock: clock, logger: .quietOIDC)
    }

    /// Publishes one key `k1`, runs `body` with it and a fresh verifier.
    static func withProvider(
        key makeKey: @Sendable () throws -> TestIdentityProvider.SigningKey = { try .rsa(kid: "k1") },
        _ body: @Sendable (TestIdentityProvider, TestIdentityProvider.SigningKey, IDTokenVerifier, FixedWallClock) async throws -> Void
    ) async throws {
        try await TestIdentityProvider.run { provider in
            let key = try makeKey()
            provider.publish([key])
            let clock = FixedWallClock(start)
            try await body(provider, key, verifier(provider, clock: clock), clock)
        }
    }

    static func expectRefusal(_ code: IMSError.Code, _ verify: () async throws -> IDTokenClaims) async {
        let error = await #expect(throws: IMSError.self) { try await verify() }
        #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "no error")")
    }

    @Test("A good token is accepted and names the person", arguments: ["RS256", "ES256"])
    func goodToken(algorithm: String) async throws {
        let makeKey: @Sendable () throws -> TestIdentityProvider.SigningKey = { algorithm == "RS256" ? try .rsa(kid: "k1") : try .ec256(kid: "k1") }
        try await Self.withProvider(key: makeKey) { provider, key, verifier, _ in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            let claims = try await verifier.verify(token, expectedNonce: "nonce-1")
            #expect(claims.subject == "alice-object-id")
            #expect(claims.groups == ["IMS-Income"])
            let identity = OIDCClient.identity(from: claims)
            // The domain stays in the name until StaffNaming says it is the council's own.
            #expect(
                identity
                    == StaffIdentity(
                        username: "alice@council.example", displayName: "Alice Example", email: nil, groups: ["IMS-Income"], method: .oidc))
        }
    }

    @Test("A token for another application is refused")
    func wrongAudience() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            var claims = TestIDTokenClaims(issuer: provider.issuer, now: Self.start)
            claims.aud = ["payroll"]
            let token = try await key.sign(claims)
            await Self.expectRefusal(.oidcAudience) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("With several audiences the token must have been issued to IMS (azp)")
    func severalAudiences() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            var claims = TestIDTokenClaims(issuer: provider.issuer, now: Self.start)
            claims.aud = ["payroll", "ims"]
            claims.azp = "payroll"
            let toPayroll = try await key.sign(claims)
            await Self.expectRefusal(.oidcAudience) { try await verifier.verify(toPayroll, expectedNonce: "nonce-1") }
            claims.azp = "ims"
            _ = try await verifier.verify(try await key.sign(claims), expectedNonce: "nonce-1")
        }
    }

    @Test("A token from another issuer is refused")
    func wrongIssuer() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer + "/other-tenant", now: Self.start))
            await Self.expectRefusal(.oidcIssuer) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("An expired token is refused once past the 60 s leeway")
    func expired() async throws {
        try await Self.withProvider { provider, key, verifier, clock in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            clock.advance(seconds: 300 + 30)
            _ = try await verifier.verify(token, expectedNonce: "nonce-1")
            clock.advance(seconds: 31)
            await Self.expectRefusal(.oidcExpired) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("A token dated in the future is refused")
    func issuedInFuture() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start.adding(seconds: 600)))
            await Self.expectRefusal(.oidcNotYetValid) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("A token signed by another key under a published kid is refused")
    func badSignature() async throws {
        try await Self.withProvider { provider, _, verifier, _ in
            let forger = try TestIdentityProvider.SigningKey.rsa(kid: "k1")
            let token = try await forger.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            await Self.expectRefusal(.oidcSignature) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("A good token with altered claims is refused")
    func alteredClaims() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            var altered = TestIDTokenClaims(issuer: provider.issuer, now: Self.start)
            altered.groups = ["IMS-Administrators"]
            let parts = token.split(separator: ".")
            let forged = "\(parts[0]).\(try JSONEncoder().encode(altered).base64URL).\(parts[2])"
            await Self.expectRefusal(.oidcSignature) { try await verifier.verify(forged, expectedNonce: "nonce-1") }
        }
    }

    @Test("A token naming a kid the provider does not publish is refused")
    func unknownKid() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let token = try await key.named("k-made-up").sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            await Self.expectRefusal(.oidcUnknownKey) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("An unsigned token (alg none) is refused")
    func algNone() async throws {
        try await Self.withProvider { provider, _, verifier, _ in
            let header = Data(#"{"alg":"none","kid":"k1","typ":"JWT"}"#.utf8).base64URL
            let claims = try JSONEncoder().encode(TestIDTokenClaims(issuer: provider.issuer, now: Self.start)).base64URL
            await Self.expectRefusal(.oidcAlgorithm) { try await verifier.verify("\(header).\(claims).", expectedNonce: "nonce-1") }
        }
    }

    @Test("A token signed HS256 with the provider's public key as the secret is refused")
    func hmacWithPublicKey() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: key.publicKeyPEM), digestAlgorithm: .sha256, kid: "k1")
            let token = try await keys.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start), kid: "k1")
            await Self.expectRefusal(.oidcAlgorithm) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("A token whose algorithm does not fit its key is refused")
    func algorithmKeyMismatch() async throws {
        try await Self.withProvider { provider, _, verifier, _ in
            let token = try await TestIdentityProvider.SigningKey.ec256(kid: "k1").sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            await Self.expectRefusal(.oidcAlgorithm) { try await verifier.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("A token without kid uses the provider's only key, and is refused when there are two")
    func withoutKid() async throws {
        try await Self.withProvider { provider, key, verifier, clock in
            let token = try await key.named(nil).sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            _ = try await verifier.verify(token, expectedNonce: "nonce-1")

            provider.publish([key, try .ec256(kid: "k2")])
            let twoKeys = Self.verifier(provider, clock: clock)
            await Self.expectRefusal(.oidcUnknownKey) { try await twoKeys.verify(token, expectedNonce: "nonce-1") }
        }
    }

    @Test("After a key rotation a token with the new kid is accepted, but the set is fetched at most once a minute")
    func keyRotation() async throws {
        try await Self.withProvider { provider, oldKey, verifier, clock in
            _ = try await verifier.verify(
                try await oldKey.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start)), expectedNonce: "nonce-1")
            #expect(provider.jwksFetches == 1)

            let newKey = try TestIdentityProvider.SigningKey.rsa(kid: "k2")
            provider.publish([newKey])
            clock.advance(seconds: 10)
            let early = try await newKey.sign(TestIDTokenClaims(issuer: provider.issuer, now: clock.now()))
            for _ in 0..<5 {
                await Self.expectRefusal(.oidcUnknownKey) { try await verifier.verify(early, expectedNonce: "nonce-1") }
            }
            #expect(provider.jwksFetches == 1, "unknown kids within a minute of the last fetch must not fetch again")

            clock.advance(seconds: 60)
            let token = try await newKey.sign(TestIDTokenClaims(issuer: provider.issuer, now: clock.now()))
            let claims = try await verifier.verify(token, expectedNonce: "nonce-1")
            #expect(claims.subject == "alice-object-id")
            #expect(provider.jwksFetches == 2)
        }
    }

    @Test("A token answering another sign-in (nonce) is refused")
    func nonceMismatch() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            await Self.expectRefusal(.oidcNonce) { try await verifier.verify(token, expectedNonce: "nonce-2") }
            var claims = TestIDTokenClaims(issuer: provider.issuer, now: Self.start)
            claims.nonce = nil
            let withoutNonce = try await key.sign(claims)
            await Self.expectRefusal(.oidcNonce) { try await verifier.verify(withoutNonce, expectedNonce: "nonce-1") }
        }
    }

    @Test("Groups: a list, a single string, or none")
    func groupsClaimShapes() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            var claims = TestIDTokenClaims(issuer: provider.issuer, now: Self.start)
            claims.groups = .single("IMS-Income")
            let single = try await verifier.verify(try await key.sign(claims), expectedNonce: "nonce-1")
            #expect(single.groups == ["IMS-Income"])
            claims.groups = nil
            let none = try await verifier.verify(try await key.sign(claims), expectedNonce: "nonce-1")
            #expect(none.groups == [])
        }
    }

    @Test("A discovery document naming another issuer is refused")
    func discoveryIssuerMismatch() async throws {
        try await Self.withProvider { provider, key, verifier, _ in
            provider.advertise(issuer: "https://login.example/evil")
            let token = try await key.sign(TestIDTokenClaims(issuer: provider.issuer, now: Self.start))
            await Self.expectRefusal(.oidcDiscovery) { try await verifier.verify(token, expectedNonce: "nonce-1") }
            #expect(provider.jwksFetches == 0)
        }
    }
}
