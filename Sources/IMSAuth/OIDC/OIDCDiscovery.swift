import AsyncHTTPClient
import Foundation
import IMSCore
import Logging
import NIOHTTP1

/// What an OpenID provider says about itself at `<issuer>/.well-known/openid-configuration`
/// (OpenID Connect Discovery 1.0 §3): only the fields IMS uses.
public struct OIDCProviderMetadata: Sendable, Hashable, Decodable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    /// Absent means `client_secret_basic` only (Discovery §3).
    public var tokenEndpointAuthMethodsSupported: [String]?
    public var idTokenSigningAlgValuesSupported: [String]?

    public init(
        issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String,
        tokenEndpointAuthMethodsSupported: [String]? = nil, idTokenSigningAlgValuesSupported: [String]? = nil
    ) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.tokenEndpointAuthMethodsSupported = tokenEndpointAuthMethodsSupported
        self.idTokenSigningAlgValuesSupported = idTokenSigningAlgValuesSupported
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
    }
}

/// Fetches and caches the provider's discovery document.
///
/// The document's `issuer` must equal the configured issuer exactly (Discovery §4.3): that is what stops a
/// document served from elsewhere from pointing IMS at someone else's keys. It is cached for
/// `cacheSeconds`; if a refresh fails, the last good copy is used for up to a day so a provider blip does
/// not stop every sign-in, and the failure is logged.
public actor OIDCDiscovery {
    public nonisolated let issuer: String
    private let http: OIDCProviderHTTP
    private let clock: any WallClock
    private let logger: Logger
    private let cacheSeconds: Int64
    private let staleForSeconds: Int64 = 24 * 60 * 60

    private var cached: (metadata: OIDCProviderMetadata, fetchedAt: Timestamp)?
    private var inFlight: Task<OIDCProviderMetadata, any Error>?

    public init(issuer: String, httpClient: HTTPClient, clock: any WallClock, logger: Logger, cacheSeconds: Int64 = 300) {
        self.issuer = issuer
        self.http = OIDCProviderHTTP(httpClient: httpClient)
        self.clock = clock
        self.logger = logger
        self.cacheSeconds = cacheSeconds
    }

    /// `<issuer>/.well-known/openid-configuration`, with one trailing slash of the issuer dropped as
    /// Discovery §4 says.
    public nonisolated var documentURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }

    /// The provider's metadata, from the cache while it is fresh.
    public func metadata() async throws -> OIDCProviderMetadata {
        let now = clock.now()
        if let cached, now < cached.fetchedAt.adding(seconds: cacheSeconds) {
            return cached.metadata
        }
        do {
            let metadata = try await refresh()
            self.cached = (metadata, now)
            return metadata
        } catch let error as IMSError {
            if let cached, now < cached.fetchedAt.adding(seconds: staleForSeconds) {
                logger.warning("OpenID discovery refresh failed; using the copy fetched earlier", metadata: ["reason": "\(error.reason)"])
                return cached.metadata
            }
            throw error
        }
    }

    /// One fetch at a time: callers arriving while it runs share its result.
    private func refresh() async throws -> OIDCProviderMetadata {
        if let inFlight { return try await inFlight.value }
        let task = Task { [http, issuer, documentURL, logger] in
            try await Self.fetch(documentURL: documentURL, issuer: issuer, http: http, logger: logger)
        }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private static func fetch(documentURL: String, issuer: String, http: OIDCProviderHTTP, logger: Logger) async throws -> OIDCProviderMetadata {
        let problem = "IMS could not read the sign-in provider's settings from \(documentURL)"
        let metadata = try await http.getJSON(
            OIDCProviderMetadata.self, from: documentURL, failure: .oidcDiscovery, problem, shape: "an OpenID discovery document",
            hint: "; check IMS_OIDC_ISSUER", logger: logger)
        guard metadata.issuer == issuer else {
            throw IMSError(
                .unavailable, .oidcDiscovery,
                "The sign-in provider at \(documentURL) calls itself \(metadata.issuer), not \(issuer); set IMS_OIDC_ISSUER to exactly the issuer it names"
            )
        }
        for (name, url) in [
            ("token_endpoint", metadata.tokenEndpoint), ("jwks_uri", metadata.jwksURI), ("authorization_endpoint", metadata.authorizationEndpoint),
        ] {
            guard OIDCSettings.isAcceptableProviderURL(url) else {
                throw IMSError(
                    .unavailable, .oidcDiscovery,
                    "\(problem): its \(name) \(url) is not https (plain http is only accepted on this machine's loopback)")
            }
        }
        logger.info("OpenID provider discovered", metadata: ["issuer": "\(issuer)"])
        return metadata
    }
}
