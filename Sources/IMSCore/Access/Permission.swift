/// A right, as `area:action`. Every staff and API route declares the one it needs.
public struct Permission: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Reads a permission, refusing one IMS does not define (a typo must not silently grant nothing).
    public init(parsing text: String) throws(IMSError) {
        let value = text.trimmingWhitespace()
        guard let known = Self.all.first(where: { $0.rawValue == value }) else {
            throw .validation(
                .permissionUnknown, "Unknown permission \(value). Known: \(Self.all.map(\.rawValue).joined(separator: ", "))", field: "permissions")
        }
        self = known
    }

    public var description: String { rawValue }
    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let paymentsCreate = Permission("payments:create")
    public static let paymentsRead = Permission("payments:read")
    public static let transactionsRead = Permission("transactions:read")
    public static let transactionsExport = Permission("transactions:export")
    public static let refundsCreate = Permission("refunds:create")
    public static let refundsApprove = Permission("refunds:approve")
    public static let journalsCreate = Permission("journals:create")
    public static let suspenseAllocate = Permission("suspense:allocate")
    public static let returnsSubmit = Permission("returns:submit")
    public static let returnsApprove = Permission("returns:approve")
    public static let tillsOperate = Permission("tills:operate")
    public static let importsRun = Permission("imports:run")
    public static let adminFunds = Permission("admin:funds")
    public static let adminUsers = Permission("admin:users")
    public static let adminAPIKeys = Permission("admin:api-keys")
    public static let auditRead = Permission("audit:read")
    /// Checking a reference before taking a payment (`POST /api/v1/references/check`), for services and telephone systems.
    public static let referencesCheck = Permission("references:check")

    /// What a council service's key may do unless asked otherwise: take payments, read them, check references.
    public static let serviceDefault: [Permission] = [.paymentsCreate, .paymentsRead, .referencesCheck]

    public static let all: [Permission] = [
        .paymentsCreate, .paymentsRead, .transactionsRead, .transactionsExport, .refundsCreate, .refundsApprove,
        .journalsCreate, .suspenseAllocate, .returnsSubmit, .returnsApprove, .tillsOperate, .importsRun,
        .adminFunds, .adminUsers, .adminAPIKeys, .auditRead, .referencesCheck,
    ]

    /// Reads `a,b,c`.
    public static func parseList(_ text: String) throws(IMSError) -> [Permission] {
        var result: [Permission] = []
        for part in text.split(separator: ",") where !part.trimmingWhitespace().isEmpty {
            result.append(try Permission(parsing: String(part)))
        }
        return result
    }
}
