import AsyncHTTPClient
import Crypto
import Foundation
import IMSCore
import Logging

/// Settings of an OpenID Connect provider (Entra ID, ADFS, Keycloak…).
public struct OIDCSettings: Sendable, Hashable {
    /// The issuer; discovery is at `<issuer>/.well-known/openid-configuration`.
    public var issuer: String
    public var clientID: String
    /// Secret: from the environment only.
    public var clientSecret: String?
    public var scopes: [String]
    /// The claim holding group names or object ids (`groups` by default; `roles` for some Entra set-ups).
    public var groupsClaim: String
    /// `<IMS_PUBLIC_URL>/auth/callback`.
    public var redirectURI: String

    public init(
        issuer: String, clientID: String, clientSecret: String?, scopes: [String] = ["openid", "profile", "email"], groupsClaim: String = "groups",
        redirectURI: String
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.groupsClaim = groupsClaim
        self.redirectURI = redirectURI
    }

    /// Refuses settings that cannot work, naming the variable to fix. Call at start-up; `beginLogin` calls
    /// it too.
    public func validate() throws {
        func invalid(_ field: String, _ reason: String) -> IMSError {
            IMSError(.validation, .oidcSettings, reason, field: field)
        }
        guard Self.isAcceptableProviderURL(issuer) else {
            throw invalid(
                "IMS_OIDC_ISSUER",
                "IMS_OIDC_ISSUER must be an https URL (plain http only for 127.0.0.1 or localhost), e.g. https://login.microsoftonline.com/<tenant-id>/v2.0"
            )
        }
        guard !clientID.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw invalid("IMS_OIDC_CLIENT_ID", "IMS_OIDC_CLIENT_ID must be the client (application) id registered for IMS at the provider")
        }
        guard scopes.contains("openid") else {
            throw invalid("IMS_OIDC_SCOPES", "IMS_OIDC_SCOPES must include openid (the default is \"openid profile email\")")
        }
        guard !groupsClaim.isEmpty else {
            throw invalid("IMS_OIDC_GROUPS_CLAIM", "IMS_OIDC_GROUPS_CLAIM must name a claim (the default is groups)")
        }
        guard WebAddress(redirectURI) != nil else {
            throw invalid("IMS_PUBLIC_URL", "The sign-in return address \(redirectURI) is not an absolute http(s) URL; check IMS_PUBLIC_URL")
        }
    }

    /// https anywhere; plain http only on this machine's loopback (tests, a provider on the same host).
    static func isAcceptableProviderURL(_ text: String) -> Bool {
        WebAddress(text)?.isHTTPSOrLoopback == true
    }
}

/// What IMS must remember between sending the browser to the provider and its return: kept server-side,
/// keyed by `state`.
public struct OIDCPendingLogin: Sendable, Hashable, Codable {
    public var state: String
    public var nonce: String
    public var codeVerifier: String

    public init(state: String, nonce: String, codeVerifier: String) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
    }
}

/// The authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636, OpenID Connect Core §3.1).
///
/// `beginLogin` makes a fresh `state`, `nonce` and PKCE verifier and the provider URL to send the browser
/// to; the caller keeps the `OIDCPendingLogin` server-side under its `state` and, when the browser comes
/// back with that `state`, passes the `code` and the pending login to `completeLogin`. That exchanges the
/// code (with the verifier and the client secret) and verifies the ID token with `IDTokenVerifier`.
/// Checking that the returned `state` is one IMS issued is the caller's part: it is the lookup key.
///
/// Give it an `HTTPClient` configured not to follow redirects: a provider has no reason to redirect its
/// token endpoint, and following a 307 could re-send the code, verifier and secret to wherever it points.
public final class OIDCClient: Sendable {
    public let settings: OIDCSettings
    public let discovery: OIDCDiscovery
    public let verifier: IDTokenVerifier
    let http: OIDCProviderHTTP
    let logger: Logger

    public init(settings: OIDCSettings, httpClient: HTTPClient, clock: any WallClock, logger: Logger) {
        self.settings = settings
        let discovery = OIDCDiscovery(issuer: settings.issuer, httpClient: httpClient, clock: clock, logger: logger)
        let keys = JWKSCache(discovery: discovery, httpClient: httpClient, clock: clock, logger: logger)
        self.discovery = discovery
        self.verifier = IDTokenVerifier(
            issuer: settings.issuer, clientID: settings.clientID, groupsClaim: settings.groupsClaim, keys: keys, clock: clock, logger: logger)
        self.http = OIDCProviderHTTP(httpClient: httpClient)
        self.logger = logger
    }

    /// Where to send the browser, and what to remember for the callback.
    public func beginLogin() async throws -> (authorizationURL: String, pending: OIDCPendingLogin) {
        try settings.validate()
        let metadata = try await discovery.metadata()
        let pending = OIDCPendingLogin(state: Self.randomToken(), nonce: Self.randomToken(), codeVerifier: Self.randomToken())
        return (authorizationURL(endpoint: metadata.authorizationEndpoint, pending: pending), pending)
    }

    /// The provider's authorization endpoint with this sign-in's parameters added to any it already has.
    func authorizationURL(endpoint: String, pending: OIDCPendingLogin) -> String {
        let parameters = [
            ("response_type", "code"),
            ("client_id", settings.clientID),
            ("redirect_uri", settings.redirectURI),
            ("scope", settings.scopes.joined(separator: " ")),
            ("state", pending.state),
            ("nonce", pending.nonce),
            ("code_challenge", Self.codeChallenge(for: pending.codeVerifier)),
            ("code_challenge_method", "S256"),
        ]
        return endpoint + (endpoint.contains("?") ? "&" : "?") + OIDCFormEncoding.encode(parameters)
    }

    /// Exchanges the code, verifies the ID token (signature by JWKS, issuer, audience, expiry, nonce) and
    /// returns who signed in.
    public func completeLogin(code: String, pending: OIDCPendingLogin) async throws -> StaffIdentity {
        let metadata = try await discovery.metadata()
        let idToken = try await exchange(code: code, codeVerifier: pending.codeVerifier, metadata: metadata)
        let claims = try await verifier.verify(idToken, expectedNonce: pending.nonce)
        let identity = Self.identity(from: claims)
        logger.info("OpenID sign-in", metadata: ["username": "\(identity.username)", "groups": "\(identity.groups.count)"])
        return identity
    }

    /// 32 bytes from the system's secure random source, base64url: 43 characters, 256 bits. Used for
    /// `state`, `nonce` and the PKCE verifier (RFC 7636 §4.1 asks for 43–128 characters of this alphabet).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64URLEncodedString()
    }

    /// The PKCE S256 challenge: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2).
    public static func codeChallenge(for codeVerifier: String) -> String {
        Data(SHA256.hash(data: Data(codeVerifier.utf8))).base64URLEncodedString()
    }

    /// Who signed in, as the token names them: the first of `preferred_username`, `upn`, `email`, else `sub`,
    /// lower-cased and with its domain kept (`StaffNaming` decides whether the domain is the council's own,
    /// another accepted one, or refused, so a guest `alice@gmail.com` never becomes the council's `alice`).
    public static func identity(from claims: IDTokenClaims) -> StaffIdentity {
        let directoryName = [claims.preferredUsername, claims.userPrincipalName, claims.email]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
        return StaffIdentity(
            username: (directoryName ?? claims.subject).lowercased(), displayName: claims.name, email: claims.email, groups: claims.groups,
            method: .oidc
        )
    }
}
