/// Which directory groups give which roles, and which groups limit a user to some funds. Group names are
/// compared without regard to case (Active Directory's rule); Entra ID object ids are GUIDs, compared the
/// same way.
public struct RoleMap: Hashable, Sendable {
    public private(set) var rolesByGroup: [String: Set<Role>]
    public private(set) var fundsByGroup: [String: Set<FundCode>]

    public init(rolesByGroup: [String: Set<Role>] = [:], fundsByGroup: [String: Set<FundCode>] = [:]) {
        self.rolesByGroup = Dictionary(rolesByGroup.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $0.union($1) })
        self.fundsByGroup = Dictionary(fundsByGroup.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $0.union($1) })
    }

    /// Reads `Group=role[,role…];Group2=role` (newlines may separate pairs too; `#` starts a comment line).
    public static func parse(roles text: String, funds fundText: String = "") throws(IMSError) -> RoleMap {
        var roles: [String: Set<Role>] = [:]
        for (group, values) in try pairs(text, what: "IMS_ROLE_MAP") {
            for value in values {
                guard let role = Role.named(value) else {
                    throw .validation(
                        .permissionUnknown,
                        "IMS_ROLE_MAP: unknown role \(value) for group \(group). Roles: \(Role.all.map(\.name).joined(separator: ", "))",
                        field: "IMS_ROLE_MAP")
                }
                roles[group, default: []].insert(role)
            }
        }
        var funds: [String: Set<FundCode>] = [:]
        for (group, values) in try pairs(fundText, what: "IMS_FUND_SCOPE_MAP") {
            for value in values {
                funds[group, default: []].insert(try FundCode(parsing: value, field: "IMS_FUND_SCOPE_MAP"))
            }
        }
        return RoleMap(rolesByGroup: roles, fundsByGroup: funds)
    }

    private static func pairs(_ text: String, what: String) throws(IMSError) -> [(String, [String])] {
        var result: [(String, [String])] = []
        let entries = text.split(whereSeparator: { $0 == ";" || $0 == "\n" })
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for entry in entries {
            guard let equals = entry.lastIndex(of: "=") else {
                throw .validation(.permissionUnknown, "\(what): \(entry) should be Group=value", field: what)
            }
            let group = entry[..<equals].trimmingWhitespace()
            let values = entry[entry.index(after: equals)...].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            guard !group.isEmpty, !values.isEmpty else {
                throw .validation(.permissionUnknown, "\(what): \(entry) should be Group=value", field: what)
            }
            result.append((group, values))
        }
        return result
    }

    /// This map with more groups limited to funds (the council's fund groups); a group in both is limited to
    /// the funds of either.
    public func including(fundsByGroup more: [String: Set<FundCode>]) -> RoleMap {
        RoleMap(rolesByGroup: rolesByGroup, fundsByGroup: fundsByGroup.merging(more.map { ($0.key.lowercased(), $0.value) }) { $0.union($1) })
    }

    /// The staff member these groups make: their roles, rights and fund scope.
    public func staffUser(username: String, displayName: String?, groups: [String]) -> StaffUser {
        let keys = groups.map { $0.lowercased() }
        let roles = keys.reduce(into: Set<Role>()) { $0.formUnion(rolesByGroup[$1] ?? []) }
        let scoped = keys.compactMap { fundsByGroup[$0] }
        let fundScope: FundScope = scoped.isEmpty ? .all : .only(scoped.reduce(into: Set<FundCode>()) { $0.formUnion($1) })
        return StaffUser(username: username, displayName: displayName, roles: roles, fundScope: fundScope)
    }
}

/// A signed-in member of staff as IMS sees them: roles from their groups, and the funds they are limited to.
public struct StaffUser: Hashable, Sendable {
    public let username: String
    public let displayName: String?
    public let roles: Set<Role>
    /// The funds this user may see and act on.
    public let fundScope: FundScope

    public init(username: String, displayName: String?, roles: Set<Role>, fundScope: FundScope) {
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.fundScope = fundScope
    }

    public var permissions: Set<Permission> { roles.reduce(into: []) { $0.formUnion($1.permissions) } }
    public var hasAnyRole: Bool { !roles.isEmpty }
    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }
    public func mayUse(_ fund: FundCode) -> Bool { fundScope.mayUse(fund) }
    public var principal: Principal { .user(username) }
}

/// The segregation-of-duties rule: whoever approves something (a return, a large refund or journal) can
/// never be the person who submitted it.
public enum SegregationOfDuties {
    public static let approverIsSubmitter = IMSError.Code("approval.same_person")

    public static func checkApprover(_ approver: Principal, submitter: Principal) throws(IMSError) {
        guard approver.key.lowercased() != submitter.key.lowercased() else {
            throw IMSError(.forbidden, approverIsSubmitter, "You submitted this, so someone else must approve it")
        }
    }
}
