import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSStore
import IMSWeb
import Testing

/// Walks every registered route with every role: a staff route answers its page to exactly the roles whose
/// permissions include the route's, and 403 to the rest; no route is reachable without a declared access.
@Suite("Role matrix")
struct RoleMatrixTests {
    @Test("Every staff route admits exactly the roles holding its permission")
    func everyRouteEveryRole() async throws {
        try await TestServer.run { server, client in
            let payment = try #require(try await server.database.entry(id: 1))
            let staffRoutes = server.declarations.filter {
                switch $0.access {
                case .staff, .staffWithAnyRole: true;
                default: false
                }
            }
            #expect(staffRoutes.count >= 6)
            for person in [
                "cashier.alice", "agent.carol", "dept.dave", "income.officer", "finance.fiona", "admin.sam", "auditor.anne", "viewer.vic",
                "nobody.ned",
            ] {
                var browser = StaffBrowser(client)
                try await browser.signInAsDemoUser(person)
                let role = Role.all.first { role in person.hasPrefix(role.name.prefix(4)) }
                let permissions = try await sessionPermissions(browser: &browser)
                for route in staffRoutes {
                    let uri = route.path.replacingOccurrences(of: "{id}", with: String(payment.id))
                    let response: TestResponse
                    if route.method == .post {
                        // A post without its form's CSRF token is refused before any right is used…
                        response = try await browser.send(.post, uri, form: ["csrf_token": "not-the-token"])
                        #expect(response.status == .forbidden, "\(person) POST \(route.path) without CSRF")
                        continue
                    }
                    response = try await browser.send(route.method, uri)
                    let allowed: Bool =
                        switch route.access {
                        case .staff(let permission): permissions.contains(permission)
                        case .staffWithAnyRole: !permissions.isEmpty
                        default: false
                        }
                    if allowed {
                        #expect(
                            response.status != .forbidden && response.status != .seeOther,
                            "\(person) (\(role?.name ?? "no role")) should reach \(route.method) \(route.path), got \(response.status)")
                    } else {
                        #expect(
                            response.status == .forbidden,
                            "\(person) (\(role?.name ?? "no role")) should be refused \(route.method) \(route.path), got \(response.status)")
                    }
                }
            }
        }
    }

    /// The demo person's permissions, from the demo's own table (one role each).
    private func sessionPermissions(browser: inout StaffBrowser) async throws -> Set<Permission> {
        let home = try await browser.send(.get, "/staff/")
        return Role.all.filter { home.text.contains("<strong>\($0.name)</strong>") }.reduce(into: Set<Permission>()) { $0.formUnion($1.permissions) }
    }

    @Test("Every route declares its access, and the API's protected routes need a key even with a staff session")
    func apiRoutesNeedKeys() async throws {
        try await TestServer.run { server, client in
            var browser = StaffBrowser(client)
            try await browser.signInAsDemoUser("finance.fiona")
            for route in server.declarations {
                guard case .apiKey = route.access else { continue }
                let response = try await browser.send(route.method, route.path.replacingOccurrences(of: "{id}", with: "1"))
                #expect(response.status == .unauthorized, "\(route.path) with only a session")
            }
            let paths = Set(server.declarations.map { "\($0.method) \($0.path)" })
            #expect(paths.count == server.declarations.count, "a route is declared twice")
            for route in server.declarations where route.path.hasPrefix("/staff") {
                #expect(route.access != .open, "\(route.path) is open")
            }
        }
    }
}
