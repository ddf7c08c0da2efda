import AsyncHTTPClient
import Foundation
import IMSCore
import JWTKit
import Logging
import NIOHTTP1

/// The provider's published signing keys (its JWKS, at the discovery document's `jwks_uri`), cached.
///
/// Providers rotate keys: Entra ID every few weeks, Keycloak and ADFS when an administrator says so. A
/// token naming a key IMS has not seen makes IMS fetch the set again, but at most once per
/// `minimumRefetchSeconds`, so that a stream of forged tokens with made-up `kid`s cannot turn IMS into a
/// tool for hammering the provider. The set is also refreshed when older than `maxAgeSeconds`.
public actor JWKSCache {
    /// A signing key as published: the JWK, and its `kid` when it has one.
    public struct PublishedKey: Sendable {
        public let jwk: JWK
        public var kid: String? { jwk.keyIdentifier?.string }
    }

    private let discovery: OIDCDiscovery
    private let http: OIDCProviderHTTP
    private let clock: any WallClock
    private let logger: Logger
    private let maxAgeSeconds: Int64
    private let minimumRefetchSeconds: Int64

    private var keys: [PublishedKey] = []
    private var fetchedAt: Timestamp?
    private var lastAttemptAt: Timestamp?
    private var inFlight: Task<[PublishedKey], any Error>?

    public init(
        discovery: OIDCDiscovery, httpClient: HTTPClient, clock: any WallClock, logger: Logger,
        maxAgeSeconds: Int64 = 60 * 60, minimumRefetchSeconds: Int64 = 60
    ) {
        self.discovery = discovery
        self.http = OIDCProviderHTTP(httpClient: httpClient)
        self.clock = clock
        self.logger = logger
        self.maxAgeSeconds = maxAgeSeconds
        self.minimumRefetchSeconds = minimumRefetchSeconds
    }

    /// The key that signed a token whose header names `kid`; for a token naming none, the provider's only
    /// key (refused when it publishes several: IMS will not guess).
    public func key(kid: String?) async throws -> PublishedKey {
        let now = clock.now()
        if fetchedAt.map({ now >= $0.adding(seconds: maxAgeSeconds) }) ?? true {
            try await refresh(now: now, keepStaleOnFailure: fetchedAt != nil)
        }
        if let key = Self.select(kid: kid, from: keys) { return key }
        if lastAttemptAt.map({ now >= $0.adding(seconds: minimumRefetchSeconds) }) ?? true {
            logger.info("OpenID signing key not in the cached set; fetching the set again", metadata: ["kid": "\(kid ?? "(none)")"])
            try await refresh(now: now, keepStaleOnFailure: true)
            if let key = Self.select(kid: kid, from: keys) { return key }
        }
        if let kid {
            throw IMSError(
                .unauthenticated, .oidcUnknownKey,
                "The sign-in token was signed with a key (\(kid)) the provider does not publish; sign in again, and if this persists the provider's keys may have changed, so wait a minute and retry"
            )
        }
        throw IMSError(
            .unauthenticated, .oidcUnknownKey,
            "The sign-in token does not say which key signed it and the provider publishes \(keys.count) keys; IMS cannot tell which to use"
        )
    }

    private static func select(kid: String?, from keys: [PublishedKey]) -> PublishedKey? {
        if let kid { return keys.first { $0.kid == kid } }
        return keys.count == 1 ? keys[0] : nil
    }

    private func refresh(now: Timestamp, keepStaleOnFailure: Bool) async throws {
        lastAttemptAt = now
        do {
            keys = try await fetchOnce()
            fetchedAt = now
        } catch let error as IMSError where keepStaleOnFailure && !keys.isEmpty {
            logger.warning("OpenID signing keys refresh failed; keeping the keys fetched earlier", metadata: ["reason": "\(error.reason)"])
        }
    }

    /// One fetch at a time: callers arriving while it runs share its result.
    private func fetchOnce() async throws -> [PublishedKey] {
        if let inFlight { return try await inFlight.value }
        let task = Task { [discovery, http, logger] in
            let metadata = try await discovery.metadata()
            return try await Self.fetch(jwksURI: metadata.jwksURI, http: http, logger: logger)
        }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private static func fetch(jwksURI: String, http: OIDCProviderHTTP, logger: Logger) async throws -> [PublishedKey] {
        let problem = "IMS could not read the sign-in provider's signing keys from \(jwksURI)"
        let set = try await http.getJSON(
            PublishedKeySet.self, from: jwksURI, failure: .oidcKeys, problem, shape: "a JSON Web Key Set", logger: logger)
        let keys = set.keys.compactMap(\.signingKey)
        guard !keys.isEmpty else {
            throw IMSError(.unavailable, .oidcKeys, "\(problem): it publishes no RSA or EC signing key")
        }
        logger.info("OpenID signing keys fetched", metadata: ["kids": "\(keys.map { $0.keyIdentifier?.string ?? "(none)" })"])
        return keys.map { PublishedKey(jwk: $0) }
    }
}

/// A JWKS read one key at a time, so that a key IMS cannot use (an encryption key, a key type JWTKit does
/// not know, such as Keycloak's `oct` or `OKP` keys) is skipped instead of spoiling the whole set.
private struct PublishedKeySet: Decodable {
    struct Entry: Decodable {
        let signingKey: JWK?

        private enum CodingKeys: String, CodingKey { case use, kty }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let use = (try? container.decodeIfPresent(String.self, forKey: .use)) ?? nil
            let type = (try? container.decodeIfPresent(String.self, forKey: .kty)) ?? nil
            guard use == nil || use == "sig", type == "RSA" || type == "EC", let jwk = try? JWK(from: decoder) else {
                signingKey = nil
                return
            }
            if let algorithm = jwk.algorithm?.rawValue, !IDTokenVerifier.acceptedAlgorithms.contains(algorithm) {
                signingKey = nil
                return
            }
            signingKey = jwk
        }
    }

    let keys: [Entry]
}
