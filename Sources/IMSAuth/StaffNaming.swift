import Foundation
import IMSCore

/// How a name a sign-in method reports (`alice@IMS.TEST`, `COUNCIL\alice`, `alice@council.gov.uk`) becomes
/// IMS's user name, keeping people of different realms and domains apart (issue 10): `alice@OTHER.REALM`
/// or a guest `alice@gmail.com` must never become the council's own `alice` and get her groups.
///
/// Only configured realms (Kerberos) and domains (the proxy's and OpenID Connect names) are accepted.
/// - Realms: the first is the council's own, whose people keep their plain names (`alice`), as the directory
///   knows them; anyone of another accepted realm is `alice@other.realm`, and their groups are looked up only
///   by that full principal (userPrincipalName).
/// - Domains are the council's own under their DNS and NetBIOS spellings (`council.gov.uk`, `COUNCIL`): their
///   people keep plain names; any other domain is refused. With none configured, an OpenID Connect name keeps
///   its domain (a guest is `alice@gmail.com`, a different person from `alice`) and the proxy takes plain
///   names only.
public struct StaffNaming: Sendable, Hashable {
    /// Upper-case; the first is the council's own. Empty: no Kerberos.
    public var kerberosRealms: [String]
    /// Lower-case DNS domains or NetBIOS names of the council's own directory.
    public var allowedDomains: [String]

    public init(kerberosRealms: [String] = [], allowedDomains: [String] = []) {
        self.kerberosRealms = kerberosRealms.map { $0.uppercased() }
        self.allowedDomains = allowedDomains.map { $0.lowercased() }
    }

    /// A person as IMS names them, and how the directory is asked for their groups.
    public struct Name: Sendable, Hashable {
        public let username: String
        /// The full principal, for `userPrincipalName`.
        public let principal: String?
        /// Whether the directory may also be asked by the plain name (`sAMAccountName`/`uid`): only for the
        /// council's own realm or domain.
        public let isHome: Bool

        package init(username: String, principal: String?, isHome: Bool) {
            self.username = username
            self.principal = principal
            self.isHome = isHome
        }
    }

    /// A Kerberos principal `user@REALM`.
    public func kerberos(_ principal: String) throws(IMSError) -> Name {
        let parts = principal.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let index = kerberosRealms.firstIndex(of: parts[1].uppercased()) else {
            throw IMSError(.forbidden, .authRealmRefused, "Accounts of \(parts.count == 2 ? parts[1] : "that realm") cannot sign in to IMS")
        }
        let user = parts[0].lowercased()
        return Name(
            username: index == 0 ? user : "\(user)@\(parts[1].lowercased())", principal: "\(parts[0])@\(parts[1].uppercased())", isHome: index == 0)
    }

    /// A name from the proxy's header or an OpenID Connect token: `alice`, `DOMAIN\alice` or `alice@domain`.
    /// - Parameter keepUnknownDomain: with no domains configured, keep a domain as part of the name (OpenID
    ///   Connect) instead of refusing it (the proxy).
    public func qualified(_ name: String, keepUnknownDomain: Bool) throws(IMSError) -> Name {
        var user = Substring(name)
        var domain: String?
        if let backslash = user.lastIndex(of: "\\") {
            domain = String(user[..<backslash])
            user = user[user.index(after: backslash)...]
        } else if let at = user.firstIndex(of: "@"), at != user.startIndex {
            domain = String(user[user.index(after: at)...])
            user = user[..<at]
        }
        let plain = user.lowercased()
        guard let domain, !domain.isEmpty else { return Name(username: plain, principal: nil, isHome: true) }
        if allowedDomains.contains(domain.lowercased()) {
            return Name(username: plain, principal: name.contains("@") ? name : nil, isHome: true)
        }
        guard keepUnknownDomain, allowedDomains.isEmpty else {
            throw IMSError(.forbidden, .authDomainRefused, "Accounts of \(domain) cannot sign in to IMS")
        }
        return Name(username: "\(plain)@\(domain.lowercased())", principal: name.contains("@") ? name : nil, isHome: false)
    }
}

/// The realms of a keytab (MIT format, version 0x502), for `IMS_KERBEROS_REALMS`' default: the realms IMS
/// itself holds keys for. Nil when the file cannot be read as a keytab. Package access: the web module's
/// start-up configuration reads it.
package enum KeytabRealms {
    package static func read(path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 2, data[0] == 0x05, data[1] == 0x02 else { return nil }
        let bytes = [UInt8](data)
        var realms: [String] = []
        var offset = 2
        func int(_ at: Int, _ width: Int) -> Int? {
            guard at + width <= bytes.count else { return nil }
            return bytes[at..<(at + width)].reduce(0) { $0 << 8 | Int($1) }
        }
        while let rawSize = int(offset, 4) {
            let size = Int(Int32(truncatingIfNeeded: rawSize))
            offset += 4
            guard size != 0 else { break }
            if size > 0, let realmLength = int(offset + 2, 2), offset + 4 + realmLength <= bytes.count,
                let realm = String(bytes: bytes[(offset + 4)..<(offset + 4 + realmLength)], encoding: .utf8), !realms.contains(realm)
            {
                realms.append(realm)
            }
            offset += abs(size)
        }
        return realms.isEmpty ? nil : realms
    }
}

extension IMSError.Code {
    /// A Kerberos principal of a realm IMS does not accept.
    static let authRealmRefused = Self("auth.realm_refused")
    /// A sign-in name of a domain IMS does not accept.
    static let authDomainRefused = Self("auth.domain_refused")
}
