import Hummingbird
import IMSCore

/// The staff home: who you are, your roles, and the screens your rights open.
enum StaffHome {
    /// The staff screens, each with the permission it needs; the home page lists those the user may use.
    static let screens: [(path: String, title: String, permission: Permission)] = [
        ("/staff/transactions", "Search transactions", .transactionsRead),
        ("/staff/payments", "Online payments: look one up, or see those needing attention", .paymentsRead),
        ("/staff/refunds", "Refund a payment", .refundsCreate),
        ("/staff/audit", "Audit trail", .auditRead),
        ("/staff/imports", "Legacy import batches", .transactionsRead),
        ("/staff/admin/api-keys", "API keys of council services", .adminAPIKeys),
        ("/staff/setup", "Council set-up: funds, methods of payment, VAT codes, offices, system messages and account holders", .adminFunds),
        ("/staff/setup/fund-groups", "Fund groups: which funds each directory group sees", .adminUsers),
    ]

    static func register(on routes: RouteTable, pages: PageRenderer) {
        routes.add(.get, "/staff/", access: .staffWithAnyRole, "Staff home") { _, context in
            let user = try context.staffUser
            let links = screens.filter { user.allows($0.permission) }.map { ["path": $0.path, "title": $0.title] }
            return pages.page(
                "staff-home",
                [
                    "title": "Staff home", "displayName": user.displayName ?? user.username, "username": user.username,
                    "roles": user.roles.sorted().map { ["name": $0.name, "summary": $0.summary] }, "screens": links,
                    "noScreens": links.isEmpty, "fundScope": user.fundScope.isLimited ? user.fundScope.description : "",
                ].droppingEmptyText(), session: context.session)
        }
    }
}
