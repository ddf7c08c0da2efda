import Hummingbird
import IMSCore
import IMSServices

/// The council set-up screens: funds, methods of payment, VAT codes, offices, fund groups and system
/// messages (listed, added, changed, retired and reinstated through `CouncilSetup`, which checks the whole
/// configuration and audits every change), and the account holders (searched and looked at).
enum SetupScreens {
    /// The families and the account holders, each with the permission it needs.
    static let screens: [(path: String, title: String, permission: Permission)] = [
        (FundScreens.url(), FundScreens.title, FundScreens.permission),
        (MethodScreens.url(), MethodScreens.title, MethodScreens.permission),
        (VATCodeScreens.url(), VATCodeScreens.title, VATCodeScreens.permission),
        (OfficeScreens.url(), OfficeScreens.title, OfficeScreens.permission),
        (FundGroupScreens.url(), FundGroupScreens.title, FundGroupScreens.permission),
        (SystemMessageScreens.url(), SystemMessageScreens.title, SystemMessageScreens.permission),
        (AccountHolderScreens.path, "Account holders", .adminFunds),
    ]

    static func register(
        on routes: RouteTable, setup: CouncilSetup, database: any CouncilStore & AccountHolderStore, pages: PageRenderer, clock: any WallClock
    ) {
        let screens = SetupContext(setup: setup, database: database, pages: pages, clock: clock)
        routes.add(.get, "/staff/setup", access: .staff(.adminFunds), "The council set-up screens") { _, context in
            let user = try context.staffUser
            let links = Self.screens.filter { user.allows($0.permission) }.map { ["path": $0.path, "title": $0.title] }
            return pages.page("setup-index", ["title": "Council set-up", "screens": links], session: context.session)
        }
        SetupRoutes<FundScreens>.register(on: routes, screens: screens)
        SetupRoutes<MethodScreens>.register(on: routes, screens: screens)
        SetupRoutes<VATCodeScreens>.register(on: routes, screens: screens)
        SetupRoutes<OfficeScreens>.register(on: routes, screens: screens)
        SetupRoutes<FundGroupScreens>.register(on: routes, screens: screens)
        SetupRoutes<SystemMessageScreens>.register(on: routes, screens: screens)
        AccountHolderScreens.register(on: routes, screens: screens)
    }
}
