/// An API key of a council service, as stored: never the secret itself, only its SHA-256 hash (the secret
/// has 256 random bits, so a fast hash is safe) and a short prefix to recognise it by.
public struct APIKey: Hashable, Sendable, Identifiable {
    public let id: Int64
    public let service: String
    public let prefix: String
    public let permissions: [Permission]
    /// Funds the key may use; empty means every fund.
    public let funds: [FundCode]
    public let createdAt: Timestamp
    public let lastUsedAt: Timestamp?
    public let revokedAt: Timestamp?
    /// Who asked for the key while it waits for a second administrator's approval (`awaitingApproval`); nil
    /// once approved, or for a key that never needed it.
    public let awaitingApprovalSince: Timestamp?
    public let requestedBy: String?
    public let approvedBy: String?

    public init(
        id: Int64, service: String, prefix: String, permissions: [Permission], funds: [FundCode], createdAt: Timestamp, lastUsedAt: Timestamp?,
        revokedAt: Timestamp?, awaitingApprovalSince: Timestamp? = nil, requestedBy: String? = nil, approvedBy: String? = nil
    ) {
        self.id = id
        self.service = service
        self.prefix = prefix
        self.permissions = permissions
        self.funds = funds
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.awaitingApprovalSince = awaitingApprovalSince
        self.requestedBy = requestedBy
        self.approvedBy = approvedBy
    }

    public var isRevoked: Bool { revokedAt != nil }
    public var isAwaitingApproval: Bool { awaitingApprovalSince != nil }

    /// Permissions that reach every payer's details at once (bulk export, the audit trail): a key holding one
    /// made on the staff screen works only once a second administrator approves it. The command line, run by
    /// whoever operates the server, needs no second person.
    public static let permissionsNeedingApproval: Set<Permission> = [.transactionsExport, .auditRead]

    /// Service names IMS keeps for itself: `public` is the residents' own pages.
    public static let reservedServiceNames: Set<String> = [Payment.publicService]

    /// Whether the key holds `permission`.
    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Whether the key may touch `fund`.
    /// The key's funds (none listed: every fund).
    public var scope: FundScope { FundScope(listed: funds) }
    public func mayUse(_ fund: FundCode) -> Bool { scope.mayUse(fund) }

    /// A key's service name: 1–64 letters, digits, `-`, `_` or `.`.
    public static func checkServiceName(_ name: String) throws(IMSError) {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter || "-_.".contains($0) }) else {
            throw .validation(.entryInvalid, "A service name is 1 to 64 letters, digits, '-', '_' or '.'", field: "service")
        }
        guard !reservedServiceNames.contains(name.lowercased()) else {
            throw .validation(.entryInvalid, "The service name \(name) is reserved for IMS's own pages", field: "service")
        }
    }
}

/// A newly made API key's secret: shown once to whoever created it, then only its hash is kept.
public struct APIKeySecret: Sendable, Hashable {
    public let value: String

    /// `ims_` then 64 hex digits (32 random bytes from the system's secure generator).
    public static func generate() -> APIKeySecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return APIKeySecret(value: "ims_" + LedgerHash.hex(bytes))
    }

    public init(value: String) { self.value = value }

    /// What is stored and looked up.
    public var hash: String { LedgerHash.sha256Hex(value) }
    /// What is shown in lists to recognise the key: `ims_1a2b3c4d`.
    public var prefix: String { String(value.prefix(12)) }
}
