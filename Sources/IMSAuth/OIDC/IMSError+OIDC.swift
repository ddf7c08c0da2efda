import IMSCore

/// Why an OpenID Connect sign-in was refused. One code per cause, so the log and the tests can tell them
/// apart; the reason beside each code tells the person (or the administrator) what to do about it.
extension IMSError.Code {
    /// The settings cannot work (issuer not https, no `openid` scope, …). An administrator must fix them.
    public static let oidcSettings = Self("oidc.settings")
    /// The provider's discovery document could not be fetched, or names another issuer.
    public static let oidcDiscovery = Self("oidc.discovery")
    /// The provider's signing keys (JWKS) could not be fetched or read.
    public static let oidcKeys = Self("oidc.jwks")
    /// The provider would not exchange the sign-in code for tokens (used twice, expired, wrong client).
    public static let oidcTokenExchange = Self("oidc.token_exchange")
    /// The ID token is not a signed JWT IMS can read, or lacks a claim every ID token has.
    public static let oidcMalformed = Self("oidc.malformed")
    /// The ID token uses no signature (`alg: none`), a shared-secret one (HS*), or one IMS does not accept.
    public static let oidcAlgorithm = Self("oidc.algorithm")
    /// The ID token names a signing key the provider does not publish.
    public static let oidcUnknownKey = Self("oidc.unknown_key")
    /// The ID token's signature does not verify with the provider's key.
    public static let oidcSignature = Self("oidc.signature")
    /// The ID token was issued by another provider.
    public static let oidcIssuer = Self("oidc.issuer")
    /// The ID token was issued for another application.
    public static let oidcAudience = Self("oidc.audience")
    /// The ID token has expired.
    public static let oidcExpired = Self("oidc.expired")
    /// The ID token claims to be issued, or valid from, a time still to come.
    public static let oidcNotYetValid = Self("oidc.not_yet_valid")
    /// The ID token does not answer this sign-in attempt (replayed, or from another browser tab).
    public static let oidcNonce = Self("oidc.nonce")
    /// The provider left the group list out of the token (Entra ID "groups overage").
    public static let oidcGroupsOverage = Self("oidc.groups_overage")
}
