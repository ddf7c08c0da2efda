import AsyncHTTPClient
import Foundation
import IMSCore
import JWTKit
import Logging

/// Decides whether an ID token may sign someone in (OpenID Connect Core §3.1.3.7).
///
/// In order: the token must be a signed JWT (not encrypted, no `crit` extensions); its algorithm must be
/// an asymmetric one IMS accepts (never `none`, never HS*, whose "secret" would be the provider's public
/// key); the key is the provider's published key named by `kid`, or its only key when the token names
/// none; the signature must verify; then `iss` must equal the issuer exactly, `aud` must contain the
/// client id (and with several audiences `azp` must be the client id), `exp` must be in the future and
/// `iat`/`nbf` not in it (each within `clockSkewSeconds`), and `nonce` must be the one this sign-in sent.
/// Each refusal is an `IMSError` with its own `oidc.*` code. Tokens are never logged.
public final class IDTokenVerifier: Sendable {
    /// The signature algorithms accepted: RSA PKCS#1, RSA-PSS and ECDSA, as JWTKit implements them.
    public static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
    /// How far apart IMS's clock and the provider's may be.
    public static let clockSkewSeconds: Int64 = 60

    public let issuer: String
    public let clientID: String
    public let groupsClaim: String
    private let keys: JWKSCache
    private let clock: any WallClock
    private let logger: Logger

    public init(issuer: String, clientID: String, groupsClaim: String = "groups", keys: JWKSCache, clock: any WallClock, logger: Logger) {
        self.issuer = issuer
        self.clientID = clientID
        self.groupsClaim = groupsClaim
        self.keys = keys
        self.clock = clock
        self.logger = logger
    }

    /// A verifier for `settings`' provider, discovering it and fetching its keys as needed.
    public convenience init(settings: OIDCSettings, httpClient: HTTPClient, clock: any WallClock, logger: Logger) {
        let discovery = OIDCDiscovery(issuer: settings.issuer, httpClient: httpClient, clock: clock, logger: logger)
        let keys = JWKSCache(discovery: discovery, httpClient: httpClient, clock: clock, logger: logger)
        self.init(issuer: settings.issuer, clientID: settings.clientID, groupsClaim: settings.groupsClaim, keys: keys, clock: clock, logger: logger)
    }

    /// The token's claims if it may sign someone in; otherwise throws why not. `expectedNonce` is the
    /// nonce sent with this sign-in's authorization request (`nil` only where none was sent).
    public func verify(_ idToken: String, expectedNonce: String?) async throws -> IDTokenClaims {
        do {
            let token = try SignedToken(idToken)
            try checkAlgorithm(token.header.alg)
            let key = try await keys.key(kid: token.header.kid)
            try await checkSignature(of: token, with: key.jwk)
            let claims = try IDTokenClaims(token.claims, groupsClaim: groupsClaim)
            try checkIssuerAndAudience(claims)
            try checkTimes(claims, notBefore: token.claims["nbf"]?.number)
            try checkNonce(claims, expected: expectedNonce)
            return claims
        } catch let error as IMSError {
            logger.notice("ID token refused", metadata: ["code": "\(error.code)", "reason": "\(error.reason)"])
            throw error
        }
    }

    private func checkAlgorithm(_ alg: String) throws {
        guard Self.acceptedAlgorithms.contains(alg) else {
            let why =
                alg.lowercased() == "none"
                ? "is not signed at all (alg none)"
                : alg.hasPrefix("HS")
                    ? "is signed with a shared secret (\(alg)), which IMS never accepts from a provider"
                    : "uses the signature algorithm \(alg), which IMS does not accept"
            throw IMSError(.unauthenticated, .oidcAlgorithm, "The sign-in token \(why); configure the provider to sign ID tokens with RS256 or ES256")
        }
    }

    private func checkSignature(of token: SignedToken, with published: JWK) async throws {
        let alg = token.header.alg
        if let keyAlgorithm = published.algorithm?.rawValue, keyAlgorithm != alg {
            throw IMSError(.unauthenticated, .oidcAlgorithm, "The sign-in token says it is signed with \(alg) but its key is for \(keyAlgorithm)")
        }
        guard Self.keyFits(published, alg: alg), let jwkAlgorithm = JWK.Algorithm(rawValue: alg) else {
            throw IMSError(
                .unauthenticated, .oidcAlgorithm,
                "The sign-in token says it is signed with \(alg), which its key (\(published.keyType.rawValue)) cannot do")
        }
        // Only the public parts, with the algorithm the header names and we have accepted.
        var jwk = published
        jwk.algorithm = jwkAlgorithm
        jwk.keyIdentifier = JWKIdentifier(string: "published")
        jwk.privateExponent = nil
        jwk.prime1 = nil
        jwk.prime2 = nil
        let verifier: any JWTAlgorithm
        do {
            let collection = JWTKeyCollection()
            try await collection.add(jwk: jwk)
            verifier = try await collection.getKey(for: JWKIdentifier(string: "published"))
        } catch {
            throw IMSError(.unavailable, .oidcKeys, "The sign-in provider publishes a signing key IMS cannot read (\(error))")
        }
        let valid = (try? verifier.verify(token.signature, signs: token.signingInput)) ?? false
        guard valid else {
            throw IMSError(
                .unauthenticated, .oidcSignature,
                "The sign-in token's signature is not valid: it was not signed by the configured provider, or was altered on the way")
        }
    }

    /// RS*/PS* need an RSA key; ES256/384/512 an EC key on P-256/P-384/P-521.
    private static func keyFits(_ jwk: JWK, alg: String) -> Bool {
        switch jwk.keyType {
        case .rsa: return alg.hasPrefix("RS") || alg.hasPrefix("PS")
        case .ecdsa:
            let curves = ["ES256": "P-256", "ES384": "P-384", "ES512": "P-521"]
            return curves[alg] != nil && jwk.curve?.rawValue == curves[alg]
        default: return false
        }
    }

    private func checkIssuerAndAudience(_ claims: IDTokenClaims) throws {
        guard claims.issuer == issuer else {
            throw IMSError(
                .unauthenticated, .oidcIssuer, "The sign-in token was issued by \(claims.issuer), not by the configured provider \(issuer)")
        }
        guard claims.audiences.contains(clientID) else {
            throw IMSError(.unauthenticated, .oidcAudience, "The sign-in token was issued for another application, not IMS (client id \(clientID))")
        }
        if claims.audiences.count > 1 || claims.authorizedParty != nil, claims.authorizedParty != clientID {
            throw IMSError(
                .unauthenticated, .oidcAudience,
                "The sign-in token was issued to another application (azp \(claims.authorizedParty ?? "missing")) that shares its audience with IMS")
        }
    }

    private func checkTimes(_ claims: IDTokenClaims, notBefore: Double?) throws {
        let now = clock.now()
        guard now < claims.expiresAt.adding(seconds: Self.clockSkewSeconds) else {
            throw IMSError(
                .unauthenticated, .oidcExpired,
                "The sign-in token expired at \(claims.expiresAt); sign in again (if this keeps happening, check this server's clock)")
        }
        let latestAcceptable = now.adding(seconds: Self.clockSkewSeconds)
        let validFrom = notBefore.map { Timestamp(Date(timeIntervalSince1970: $0)) }
        guard claims.issuedAt <= latestAcceptable, validFrom.map({ $0 <= latestAcceptable }) ?? true else {
            throw IMSError(
                .unauthenticated, .oidcNotYetValid,
                "The sign-in token is dated in the future (\(claims.issuedAt)); this server's clock or the provider's is wrong")
        }
    }

    private func checkNonce(_ claims: IDTokenClaims, expected: String?) throws {
        guard let expected else { return }
        guard claims.nonce == expected else {
            throw IMSError(
                .unauthenticated, .oidcNonce,
                "The sign-in token does not belong to this sign-in attempt (nonce mismatch); start the sign-in again from IMS")
        }
    }
}

/// A compact JWS split into its parts, header and claims decoded but nothing yet trusted.
private struct SignedToken {
    struct Header: Decodable {
        let alg: String
        let kid: String?
        let crit: [String]?
    }

    let header: Header
    let claims: [String: JWTClaimValue]
    let signingInput: [UInt8]
    let signature: Data

    init(_ token: String) throws {
        func malformed(_ why: String) -> IMSError {
            IMSError(.unauthenticated, .oidcMalformed, "The sign-in token \(why)")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 5 {
            throw malformed("is encrypted, which IMS does not support; turn off ID token encryption for IMS at the provider")
        }
        guard parts.count == 3 else { throw malformed("is not a JSON Web Token") }
        guard let headerData = Data(base64URLEncoded: parts[0]), let header = try? JSONDecoder().decode(Header.self, from: headerData) else {
            throw malformed("has an unreadable header")
        }
        guard header.crit == nil else { throw malformed("requires extensions (crit) IMS does not understand") }
        guard let claimsData = Data(base64URLEncoded: parts[1]),
            let claims = try? JSONDecoder().decode([String: JWTClaimValue].self, from: claimsData)
        else {
            throw malformed("has unreadable claims")
        }
        guard let signature = Data(base64URLEncoded: parts[2]) else { throw malformed("has an unreadable signature") }
        self.header = header
        self.claims = claims
        self.signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        self.signature = signature
    }
}
