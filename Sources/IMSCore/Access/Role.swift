/// A named set of permissions that directory groups are mapped to.
public struct Role: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    public let summary: String
    public let permissions: Set<Permission>

    public init(name: String, summary: String, permissions: Set<Permission>) {
        self.name = name
        self.summary = summary
        self.permissions = permissions
    }

    public var description: String { name }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.name < rhs.name }

    public static let cashier = Role(
        name: "cashier", summary: "Takes cash, cheque and card payments at a counter",
        permissions: [
            .tillsOperate, .paymentsCreate, .paymentsRead, .transactionsRead,
        ])
    public static let contactCentreAgent = Role(
        name: "contact-centre-agent", summary: "Takes card payments over the phone",
        permissions: [
            .paymentsCreate, .paymentsRead, .transactionsRead,
        ])
    public static let departmentOfficer = Role(
        name: "department-officer", summary: "Submits a department's cash and cheque returns",
        permissions: [
            .returnsSubmit, .transactionsRead,
        ])
    public static let incomeOfficer = Role(
        name: "income-officer", summary: "Searches, refunds, journals, clears suspense, approves returns",
        permissions: [
            .paymentsCreate, .paymentsRead, .transactionsRead, .transactionsExport, .refundsCreate, .journalsCreate,
            .suspenseAllocate, .returnsApprove, .importsRun,
        ])
    public static let financeSupervisor = Role(
        name: "finance-supervisor", summary: "Everything an income officer does, plus approving refunds and reading the audit trail",
        permissions: [
            .paymentsCreate, .paymentsRead, .transactionsRead, .transactionsExport, .refundsCreate, .refundsApprove, .journalsCreate,
            .suspenseAllocate, .returnsApprove, .importsRun, .auditRead,
        ])
    public static let systemAdministrator = Role(
        name: "system-administrator", summary: "Configures funds, users, roles and integrations",
        permissions: [
            .adminFunds, .adminUsers, .adminAPIKeys, .auditRead, .transactionsRead,
        ])
    public static let auditor = Role(
        name: "auditor", summary: "Reads everything, changes nothing",
        permissions: [
            .transactionsRead, .transactionsExport, .paymentsRead, .auditRead,
        ])
    public static let readOnly = Role(
        name: "read-only", summary: "Looks up payments",
        permissions: [
            .transactionsRead, .paymentsRead,
        ])

    /// Every role IMS defines; the README's table is this list.
    public static let all: [Role] = [
        .cashier, .contactCentreAgent, .departmentOfficer, .incomeOfficer, .financeSupervisor, .systemAdministrator, .auditor, .readOnly,
    ]

    public static func named(_ name: String) -> Role? {
        all.first { $0.name == name.trimmingWhitespace().lowercased() }
    }
}
