import CSystemAuth
import Foundation
import Logging
import Synchronization

/// How to reach the council's directory (Active Directory or OpenLDAP) for a user's groups.
public struct DirectorySettings: Sendable, Hashable {
    /// `ldap://host:389` or `ldaps://host:636`.
    public var url: String
    /// The service account IMS binds as; nil binds anonymously.
    public var bindDN: String?
    /// Secret: from the environment only.
    public var bindPassword: String?
    /// Where users are searched for (the whole subtree), e.g. `DC=council,DC=gov,DC=uk`.
    public var baseDN: String
    /// Limit on connecting and on each LDAP operation.
    public var timeoutSeconds: Int

    public init(url: String, bindDN: String?, bindPassword: String?, baseDN: String, timeoutSeconds: Int = 10) {
        self.url = url
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.baseDN = baseDN
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Looks up a user's groups (`memberOf`) in the directory through the system libldap (OpenLDAP's client,
/// `libldap-2.5.so.0`), loaded at run time.
///
/// Each lookup opens its own connection, binds as the service account, finds the user by
/// `sAMAccountName` (Active Directory) or `uid` (OpenLDAP) under the base, and reads `memberOf`. The LDAP
/// calls block, so they run on a thread of their own, never on the async executor; at most
/// `maximumConcurrentLookups` run at once.
public final class DirectoryGroupLookup: Sendable {
    public let settings: DirectorySettings
    /// Lookups in flight at once; more are refused (`DirectoryError.busy`) rather than queued without end.
    public static let maximumConcurrentLookups = 16
    /// The longest user name looked up; longer ones cannot be directory names (AD's limit is 20, UPNs 1024).
    public static let maximumUsernameLength = 1024

    private let logger: Logger
    private let inFlight = Mutex(0)

    /// Loads libldap at once, so that a missing library is reported when IMS starts (one warning) rather
    /// than at the first sign-in; lookups then fail with `DirectoryError.libraryMissing`.
    public init(settings: DirectorySettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        if let reason = ims_ldap_load() {
            logger.warning("Directory group lookup is unavailable: \(String(cString: reason))")
        }
    }

    /// The names (CN) of the groups `username` is a member of; empty when the user is not found.
    /// Throws `DirectoryError` when the directory cannot be asked (unreachable, bind refused, library
    /// missing) or the name matches more than one entry.
    /// - Parameters:
    ///   - principal: the full principal (`alice@COUNCIL.LOCAL`), matched against `userPrincipalName`.
    ///   - byPlainName: whether `username` may also match `sAMAccountName`/`uid`: only for the council's own
    ///     realm or domain, so `alice@OTHER.REALM` never gets the council's `alice`'s groups.
    public func groups(forUser username: String, principal: String? = nil, byPlainName: Bool = true) async throws -> [String] {
        guard !username.isEmpty, username.utf8.count <= Self.maximumUsernameLength, (principal?.utf8.count ?? 0) <= Self.maximumUsernameLength else {
            return []
        }
        let escaped = LDAPSyntax.escapeFilterValue(username)
        let byPrincipal = principal.map { "(userPrincipalName=\(LDAPSyntax.escapeFilterValue($0)))" } ?? ""
        guard byPlainName || !byPrincipal.isEmpty else { return [] }
        let filter = byPlainName ? "(|(sAMAccountName=\(escaped))(uid=\(escaped))\(byPrincipal))" : byPrincipal
        let settings = self.settings
        try claimSlot()
        defer { releaseSlot() }
        let memberOf = try await Self.onOwnThread { try Self.search(settings, filter: filter) }
        guard let memberOf else {
            logger.debug("directory: no entry for user", metadata: ["user": "\(username)"])
            return []
        }
        var groups: [String] = []
        for dn in memberOf {
            if let name = LDAPSyntax.commonName(ofDN: dn) {
                if !groups.contains(name) { groups.append(name) }
            } else {
                logger.debug("directory: memberOf value without a CN ignored", metadata: ["dn": "\(dn)"])
            }
        }
        logger.debug("directory: groups found", metadata: ["user": "\(username)", "groups": "\(groups.count)"])
        return groups
    }

    private func claimSlot() throws {
        let claimed = inFlight.withLock { count in
            guard count < Self.maximumConcurrentLookups else { return false }
            count += 1
            return true
        }
        guard claimed else {
            throw DirectoryError(.busy, "\(Self.maximumConcurrentLookups) directory lookups are already running")
        }
    }

    private func releaseSlot() {
        inFlight.withLock { $0 -= 1 }
    }

    /// The `memberOf` values of the one entry `filter` finds; nil when it finds none. Blocking.
    private static func search(_ settings: DirectorySettings, filter: String) throws -> [String]? {
        if let reason = ims_ldap_load() {
            throw DirectoryError(.libraryMissing, String(cString: reason))
        }
        if settings.bindDN != nil, (settings.bindPassword ?? "").isEmpty {
            // A DN with an empty password is an "unauthenticated bind", which some servers treat as anonymous.
            throw DirectoryError(.configuration, "IMS_LDAP_BIND_DN is set but IMS_LDAP_BIND_PASSWORD is empty")
        }
        var values = ims_ldap_values()
        var error: UnsafeMutablePointer<CChar>?
        defer { ims_auth_free(error) }
        // A size limit of 2: one entry is the answer, two mean the name is ambiguous.
        let limits = ims_ldap_limits(timeout_seconds: Int32(clamping: settings.timeoutSeconds), size_limit: 2)
        let code = ims_ldap_search_values(
            settings.url, settings.bindDN, settings.bindPassword, settings.baseDN, filter, "memberOf", limits,
            &values, &error)
        guard Int(code) == IMS_LDAP_SUCCESS else {
            let reason = error.map { String(cString: $0) } ?? "LDAP error \(code)"
            throw DirectoryError(DirectoryError.Code(ldapResult: code), reason)
        }
        defer { ims_ldap_values_free(&values) }
        if values.entry_count == 0 { return nil }
        if values.entry_count > 1 {
            throw DirectoryError(.ambiguousUser, "\(values.entry_count) directory entries match the user name")
        }
        return (0..<values.count).compactMap { index in values.values[index].map { String(cString: $0) } }
    }

    /// Runs blocking `work` on a new thread and waits for it without holding an executor thread.
    private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = "ims-directory-lookup"
            thread.start()
        }
    }
}

/// Why the directory could not answer. Compare by `code`; `reason` is for the log.
public struct DirectoryError: Error, Sendable, CustomStringConvertible {
    /// A stable name for the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// libldap could not be loaded.
        public static let libraryMissing = Code("directory_library_missing")
        /// The settings cannot work (e.g. a bind DN without a password, a bad URL).
        public static let configuration = Code("directory_configuration")
        /// The server did not answer (down, refused, timed out).
        public static let unreachable = Code("directory_unreachable")
        /// The server refused the service account's bind DN or password.
        public static let bindRefused = Code("directory_bind_refused")
        /// The search failed (e.g. the base DN does not exist).
        public static let searchFailed = Code("directory_search_failed")
        /// The user name matches more than one entry.
        public static let ambiguousUser = Code("directory_ambiguous_user")
        /// Too many lookups at once.
        public static let busy = Code("directory_busy")

        init(ldapResult code: Int32) {
            switch Int(code) {
            case IMS_LDAP_INVALID_CREDENTIALS: self = .bindRefused
            case IMS_LDAP_SERVER_DOWN, IMS_LDAP_TIMEOUT, IMS_LDAP_CONNECT_ERROR: self = .unreachable
            case IMS_LDAP_SIZELIMIT_EXCEEDED: self = .ambiguousUser
            case IMS_LDAP_PARAM_ERROR: self = .configuration
            default: self = .searchFailed
            }
        }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "Directory: \(reason)" }
}
