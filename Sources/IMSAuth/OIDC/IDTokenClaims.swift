import Foundation
import IMSCore

/// What a verified ID token says about the person. Only built by `IDTokenVerifier`, after the signature,
/// issuer, audience, times and nonce have all been checked.
public struct IDTokenClaims: Sendable, Hashable {
    public var issuer: String
    /// The provider's stable, opaque id for the person (`sub`).
    public var subject: String
    public var audiences: [String]
    /// `azp`: the client the token was issued to, when the provider says.
    public var authorizedParty: String?
    public var expiresAt: Timestamp
    public var issuedAt: Timestamp
    public var nonce: String?
    /// `preferred_username`: Entra ID and Keycloak put the sign-in name here.
    public var preferredUsername: String?
    /// `upn`: ADFS and Entra ID (v1 tokens) put the user principal name here.
    public var userPrincipalName: String?
    public var email: String?
    /// `name`: the person's display name.
    public var name: String?
    /// The configured groups claim: names (ADFS, Keycloak) or object ids (Entra ID).
    public var groups: [String]

    public init(
        issuer: String, subject: String, audiences: [String], authorizedParty: String? = nil, expiresAt: Timestamp, issuedAt: Timestamp,
        nonce: String? = nil, preferredUsername: String? = nil, userPrincipalName: String? = nil, email: String? = nil, name: String? = nil,
        groups: [String]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.authorizedParty = authorizedParty
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.preferredUsername = preferredUsername
        self.userPrincipalName = userPrincipalName
        self.email = email
        self.name = name
        self.groups = groups
    }

    /// Reads the claims of a token whose signature has been checked. Throws `oidc.malformed` for a token
    /// without what every ID token must carry, `oidc.groups_overage` when the provider left the groups out.
    init(_ claims: [String: JWTClaimValue], groupsClaim: String) throws {
        func required<T>(_ name: String, _ value: T?) throws -> T {
            guard let value else {
                throw IMSError(
                    .unauthenticated, .oidcMalformed,
                    "The sign-in token has no usable `\(name)` claim, which every ID token must carry; the provider is misconfigured")
            }
            return value
        }
        issuer = try required("iss", claims["iss"]?.string)
        subject = try required("sub", claims["sub"]?.string.flatMap { $0.isEmpty ? nil : $0 })
        audiences = try required("aud", claims["aud"]?.strings)
        authorizedParty = claims["azp"]?.string
        expiresAt = try required("exp", claims["exp"]?.number.map { Timestamp(Date(timeIntervalSince1970: $0)) })
        issuedAt = try required("iat", claims["iat"]?.number.map { Timestamp(Date(timeIntervalSince1970: $0)) })
        nonce = claims["nonce"]?.string
        preferredUsername = claims["preferred_username"]?.string
        userPrincipalName = claims["upn"]?.string
        email = claims["email"]?.string
        name = claims["name"]?.string

        if let listed = claims[groupsClaim] {
            groups = listed.strings ?? []
        } else if case .object(let names)? = claims["_claim_names"], names[groupsClaim] != nil {
            // Entra ID leaves `groups` out and points here instead when the person is in more groups
            // than fit in a token (200 for JWTs); signing them in with no groups would be wrong.
            throw IMSError(
                .unauthenticated, .oidcGroupsOverage,
                "The sign-in provider left your groups out of the sign-in token because you are in too many groups. An administrator must set the IMS application in Entra ID to send only the groups assigned to it (Token configuration → Groups claim → Groups assigned to the application)"
            )
        } else {
            groups = []
        }
    }
}

/// A JSON value in a JWT's header or claims.
enum JWTClaimValue: Sendable, Hashable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JWTClaimValue])
    case object([String: JWTClaimValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JWTClaimValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JWTClaimValue].self))
        }
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self, value.isFinite { return value }
        return nil
    }

    /// A list of strings: an array's string members, or a single string as a list of one (`aud` and
    /// `groups` may be either).
    var strings: [String]? {
        switch self {
        case .string(let value): [value]
        case .array(let values): values.compactMap(\.string)
        default: nil
        }
    }
}
