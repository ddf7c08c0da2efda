import Foundation
import IMSAuth
import IMSCore

/// How staff sign in: which methods are on, how groups become roles, and how long sessions last.
public struct SignInConfiguration: Sendable {
    public var oidc: OIDCSettings?
    public var kerberosKeytab: String?
    /// Which realms and domains may sign in, and how their people are named.
    public var naming: StaffNaming
    public var directory: DirectorySettings?
    public var trustedUserHeader: String?
    public var trustedProxies: [AddressRange]
    public var roleMap: RoleMap
    public var sessions: SessionPolicy
    /// The demo's pick-a-user page: only with the demo flag, bound to loopback, never in production.
    public var developmentSignIn: Bool

    static func load(_ value: (ConfigurationKey) -> String?, publicURL: URL, bindHost: String, isDemo: Bool, isProduction: Bool) throws
        -> SignInConfiguration
    {
        var oidc: OIDCSettings?
        if let issuer = value(.oidcIssuer) {
            guard let clientID = value(.oidcClientID) else {
                throw ConfigurationError(key: ConfigurationKey.oidcClientID.name, "is required when IMS_OIDC_ISSUER is set")
            }
            if isProduction && WebAddress(issuer)?.isHTTPS != true {
                throw ConfigurationError(key: ConfigurationKey.oidcIssuer.name, "must be an https:// URL in production")
            }
            let scopes = (value(.oidcScopes) ?? "openid profile email").split(separator: " ").map(String.init)
            guard scopes.contains("openid") else {
                throw ConfigurationError(key: ConfigurationKey.oidcScopes.name, "must include openid")
            }
            oidc = OIDCSettings(
                issuer: issuer, clientID: clientID, clientSecret: value(.oidcClientSecret), scopes: scopes,
                groupsClaim: value(.oidcGroupsClaim) ?? "groups",
                redirectURI: publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/auth/callback")
            do {
                try oidc?.validate()
            } catch let error as IMSError {
                throw ConfigurationError(key: error.field ?? ConfigurationKey.oidcIssuer.name, error.reason)
            }
        }
        var directory: DirectorySettings?
        if let url = value(.ldapURL) {
            guard let base = value(.ldapBaseDN) else {
                throw ConfigurationError(key: ConfigurationKey.ldapBaseDN.name, "is required when IMS_LDAP_URL is set")
            }
            guard url.hasPrefix("ldap://") || url.hasPrefix("ldaps://") else {
                throw ConfigurationError(key: ConfigurationKey.ldapURL.name, "must start ldap:// or ldaps://")
            }
            directory = DirectorySettings(url: url, bindDN: value(.ldapBindDN), bindPassword: value(.ldapBindPassword), baseDN: base)
        }
        let proxies = try (value(.trustedProxies) ?? "").split(separator: ",").map { text in
            guard let range = AddressRange(String(text).trimmingWhitespace()) else {
                throw ConfigurationError(key: ConfigurationKey.trustedProxies.name, "\(text) is not an IP address or CIDR range")
            }
            return range
        }
        let header = value(.trustedUserHeader)
        if header != nil && proxies.isEmpty {
            throw ConfigurationError(key: ConfigurationKey.trustedProxies.name, "must list the proxy addresses when IMS_TRUSTED_USER_HEADER is set")
        }
        let roleMap: RoleMap
        do {
            roleMap = try RoleMap.parse(
                roles: try readMaybeFile(value(.roleMap), key: .roleMap), funds: try readMaybeFile(value(.fundScopeMap), key: .fundScopeMap))
        } catch let error as IMSError {
            throw ConfigurationError(key: error.field ?? ConfigurationKey.roleMap.name, error.reason)
        }
        let idle = try minutes(value(.sessionIdleMinutes), default: 30, key: .sessionIdleMinutes)
        let absolute = try minutes(value(.sessionMaxHours), default: 10, key: .sessionMaxHours) * 60
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(bindHost)
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        var realms = list(value(.kerberosRealms))
        if let keytab = value(.kerberosKeytab), realms.isEmpty {
            guard let fromKeytab = KeytabRealms.read(path: keytab) else {
                throw ConfigurationError(key: ConfigurationKey.kerberosRealms.name, "is required when the keytab's realms cannot be read from it")
            }
            realms = fromKeytab
        }
        let naming = StaffNaming(kerberosRealms: realms, allowedDomains: list(value(.allowedDomains)))
        return SignInConfiguration(
            oidc: oidc, kerberosKeytab: value(.kerberosKeytab), naming: naming, directory: directory, trustedUserHeader: header,
            trustedProxies: proxies,
            roleMap: roleMap, sessions: SessionPolicy(idleSeconds: idle * 60, absoluteSeconds: absolute * 60),
            developmentSignIn: isDemo && loopback && !isProduction)
    }

    /// `@path` reads the value from a file (for role maps too long for one variable).
    private static func readMaybeFile(_ text: String?, key: ConfigurationKey) throws -> String {
        guard let text else { return "" }
        guard text.hasPrefix("@") else { return text }
        do {
            return try String(contentsOfFile: String(text.dropFirst()), encoding: .utf8)
        } catch {
            throw ConfigurationError(key: key.name, "cannot read the file \(text.dropFirst())")
        }
    }

    private static func minutes(_ text: String?, default defaultValue: Int64, key: ConfigurationKey) throws -> Int64 {
        guard let text else { return defaultValue }
        guard let value = Int64(text), (1...10_080).contains(value) else {
            throw ConfigurationError(key: key.name, "must be a whole number from 1 to 10080, not \(text)")
        }
        return value
    }

    public var anyMethod: Bool { oidc != nil || kerberosKeytab != nil || trustedUserHeader != nil || developmentSignIn }
}

/// An IP address or CIDR range (`10.0.0.5`, `10.0.0.0/24`, `::1`, `fd00::/8`), for trusted proxies.
public struct AddressRange: Sendable, Hashable {
    let network: [UInt8]
    let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let bytes = Self.bytes(first) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let length, (0...(bytes.count * 8)).contains(length) else { return nil }
        network = bytes
        prefixLength = length
    }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address), bytes.count == network.count else { return false }
        var remaining = prefixLength
        for (candidate, base) in zip(bytes, network) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if candidate & mask != base & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

extension ConfigurationKey {
    public static let oidcIssuer = ConfigurationKey(
        name: "IMS_OIDC_ISSUER", defaultValue: "(off)",
        meaning: "OpenID Connect issuer URL (Entra ID: `https://login.microsoftonline.com/<tenant>/v2.0`); turns OIDC sign-in on", isSecret: false)
    public static let oidcClientID = ConfigurationKey(
        name: "IMS_OIDC_CLIENT_ID", defaultValue: "(none)", meaning: "The application (client) id registered with the provider", isSecret: false)
    public static let oidcClientSecret = ConfigurationKey(
        name: "IMS_OIDC_CLIENT_SECRET", defaultValue: "(none)", meaning: "The client secret; **secret**", isSecret: true)
    public static let oidcScopes = ConfigurationKey(
        name: "IMS_OIDC_SCOPES", defaultValue: "openid profile email", meaning: "Scopes asked for, space-separated", isSecret: false)
    public static let oidcGroupsClaim = ConfigurationKey(
        name: "IMS_OIDC_GROUPS_CLAIM", defaultValue: "groups", meaning: "The ID token claim holding the user's groups (names or Entra object ids)",
        isSecret: false)
    public static let kerberosKeytab = ConfigurationKey(
        name: "IMS_KERBEROS_KEYTAB", defaultValue: "(off)",
        meaning: "Keytab holding `HTTP/<fqdn>@REALM`; turns Kerberos (Negotiate) sign-in on at `/auth/negotiate`", isSecret: true)
    public static let ldapURL = ConfigurationKey(
        name: "IMS_LDAP_URL", defaultValue: "(off)",
        meaning: "Directory for group look-up (`ldaps://dc1.council.local`); used by Kerberos and proxy sign-in", isSecret: false)
    public static let ldapBindDN = ConfigurationKey(
        name: "IMS_LDAP_BIND_DN", defaultValue: "(anonymous)", meaning: "Account IMS binds as to read groups", isSecret: false)
    public static let ldapBindPassword = ConfigurationKey(
        name: "IMS_LDAP_BIND_PASSWORD", defaultValue: "(none)", meaning: "Its password; **secret**", isSecret: true)
    public static let ldapBaseDN = ConfigurationKey(
        name: "IMS_LDAP_BASE_DN", defaultValue: "(none)", meaning: "Where users are searched (`DC=council,DC=local`)", isSecret: false)
    public static let kerberosRealms = ConfigurationKey(
        name: "IMS_KERBEROS_REALMS", defaultValue: "(the keytab's realms)",
        meaning:
            "Kerberos realms whose users may sign in, `COUNCIL.LOCAL,PARTNER.LOCAL`; the first is the council's own (plain names); others sign in as `alice@partner.local`",
        isSecret: false)
    public static let allowedDomains = ConfigurationKey(
        name: "IMS_ALLOWED_DOMAINS", defaultValue: "(none: OIDC names keep their domain; the proxy takes plain names only)",
        meaning:
            "The council's own domains (DNS and NetBIOS spellings), `council.gov.uk,COUNCIL`: their users sign in by OpenID Connect or the proxy under plain names; any other domain is refused",
        isSecret: false)
    public static let trustedUserHeader = ConfigurationKey(
        name: "IMS_TRUSTED_USER_HEADER", defaultValue: "(off)",
        meaning: "Header a trusted reverse proxy sets to the signed-in user (e.g. `X-Remote-User`); sign-in at `/auth/proxy`", isSecret: false)
    public static let trustedProxies = ConfigurationKey(
        name: "IMS_TRUSTED_PROXIES", defaultValue: "(none)", meaning: "Comma-separated addresses or CIDR ranges the user header is accepted from",
        isSecret: false)
    public static let roleMap = ConfigurationKey(
        name: "IMS_ROLE_MAP", defaultValue: "(none)",
        meaning: "Directory groups to roles: `IMS-Cashiers=cashier;IMS-Income=income-officer`, or `@/path/to/file` with one pair a line",
        isSecret: false)
    public static let fundScopeMap = ConfigurationKey(
        name: "IMS_FUND_SCOPE_MAP", defaultValue: "(none: all funds)",
        meaning: "Groups limited to funds: `IMS-Parking=PARK,BINS`; a member of any such group sees only those funds", isSecret: false)
    public static let sessionIdleMinutes = ConfigurationKey(
        name: "IMS_SESSION_IDLE_MINUTES", defaultValue: "30", meaning: "A session ends after this long without a request", isSecret: false)
    public static let sessionMaxHours = ConfigurationKey(
        name: "IMS_SESSION_MAX_HOURS", defaultValue: "10", meaning: "A session ends this long after sign-in, however busy", isSecret: false)

    public static let signIn: [ConfigurationKey] = [
        .oidcIssuer, .oidcClientID, .oidcClientSecret, .oidcScopes, .oidcGroupsClaim, .kerberosKeytab, .kerberosRealms, .allowedDomains, .ldapURL,
        .ldapBindDN,
        .ldapBindPassword, .ldapBaseDN, .trustedUserHeader, .trustedProxies, .roleMap, .fundScopeMap, .sessionIdleMinutes, .sessionMaxHours,
    ]
}
