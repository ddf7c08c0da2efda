import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSStore
import IMSWeb
import Testing

@Suite("Staff access")
struct StaffAccessTests {
    @Test("Without a session, staff pages send the browser to sign in and remember where it was going")
    func redirectsToSignIn() async throws {
        try await TestServer.run { _, client in
            var browser = StaffBrowser(client)
            let response = try await browser.send(.get, "/staff/refunds?receipt=R1")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/auth/login?return_to=/staff/refunds?receipt%3DR1")
            let login = try await browser.send(.get, "/auth/login?return_to=%2Fstaff%2F")
            #expect(login.status == .seeOther)  // the demo's only method
            #expect(login.headers[.location]?.hasPrefix("/auth/dev") == true)
        }
    }

    @Test("A cashier cannot reach refunds or admin; an income officer reaches refunds; the refusals are audited")
    func cashierAndIncomeOfficer() async throws {
        try await TestServer.run { server, client in
            var cashier = StaffBrowser(client)
            try await cashier.signInAsDemoUser("cashier.alice")
            let home = try await cashier.send(.get, "/staff/")
            #expect(home.status == .ok)
            #expect(home.text.contains("cashier"))
            #expect(home.headers[.cacheControl] == "no-store")
            #expect(!home.text.contains("/staff/refunds"))
            #expect(try await cashier.send(.get, "/staff/refunds").status == .forbidden)
            #expect(try await cashier.send(.get, "/staff/admin/api-keys").status == .forbidden)

            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let officerHome = try await officer.send(.get, "/staff/")
            #expect(officerHome.text.contains("/staff/refunds"))
            #expect(try await officer.send(.get, "/staff/refunds").status == .ok)
            #expect(try await officer.send(.get, "/staff/admin/api-keys").status == .forbidden)

            let refusals = try await server.database.auditEvents(AuditQuery(actor: "user:cashier.alice", action: "access.refused"))
            #expect(refusals.map(\.target) == ["GET /staff/admin/api-keys", "GET /staff/refunds"])
            #expect(refusals.allSatisfy { $0.address == "127.0.0.1" })
            let signIns = try await server.database.auditEvents(AuditQuery(action: "auth.sign_in"))
            #expect(signIns.count == 2)
        }
    }

    @Test("Someone whose groups give no role is signed in but told whom to ask")
    func noRole() async throws {
        try await TestServer.run { _, client in
            var browser = StaffBrowser(client)
            try await browser.signInAsDemoUser("nobody.ned")
            let home = try await browser.send(.get, "/staff/")
            #expect(home.status == .forbidden)
            #expect(home.text.contains("do not give you any role"))
            #expect(home.text.contains("system administrator"))
        }
    }

    @Test("Forms without the session's CSRF token are refused; signing out ends the session")
    func csrfAndSignOut() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let forged = try await admin.send(.post, "/staff/admin/api-keys", form: ["service": "evil", "permission:payments:read": "1"])
            #expect(forged.status == .forbidden)
            let wrong = try await admin.send(.post, "/staff/admin/api-keys", form: ["service": "evil", "csrf_token": "guess"])
            #expect(wrong.status == .forbidden)
            #expect(try await server.database.apiKeys().isEmpty)

            let out = try await admin.submit("/auth/logout", from: "/staff/", fields: [:])
            #expect(out.status == .ok)
            #expect(admin.cookies["ims_session"] == nil)
            let after = try await admin.send(.get, "/staff/")
            #expect(after.status == .seeOther)
            #expect(try await server.database.auditEvents(AuditQuery(action: "auth.sign_out")).count == 1)
        }
    }

    @Test("A session ends after the idle time, and at its absolute limit however busy")
    func sessionTimeouts() async throws {
        try await TestServer.run(environment: ["IMS_SESSION_IDLE_MINUTES": "10", "IMS_SESSION_MAX_HOURS": "1"]) { server, client in
            var browser = StaffBrowser(client)
            try await browser.signInAsDemoUser("income.officer")
            server.clock.advance(seconds: 9 * 60)
            #expect(try await browser.send(.get, "/staff/").status == .ok)
            server.clock.advance(seconds: 9 * 60)  // busy: 9 minutes since the last request
            #expect(try await browser.send(.get, "/staff/").status == .ok)
            server.clock.advance(seconds: 11 * 60)  // idle too long
            #expect(try await browser.send(.get, "/staff/").status == .seeOther)

            var busy = StaffBrowser(client)
            try await busy.signInAsDemoUser("income.officer")
            for _ in 0..<7 {
                server.clock.advance(seconds: 9 * 60)
                _ = try await busy.send(.get, "/staff/")
            }
            #expect(try await busy.send(.get, "/staff/").status == .seeOther)  // 63 minutes after sign-in
            #expect(try await server.database.removeExpiredSessions(policy: SessionPolicy(idleSeconds: 600, absoluteSeconds: 3_600)) >= 0)
        }
    }

    @Test("The demo sign-in page exists only for the demo on loopback")
    func developmentSignInOnlyInDemo() async throws {
        try await TestServer.run(isDemo: false) { _, client in
            #expect(try await client.execute(uri: "/auth/dev", method: .get).status == .notFound)
            let login = try await client.execute(uri: "/auth/login", method: .get)
            #expect(login.status == .ok)
            #expect(String(buffer: login.body).contains("No sign-in method"))
        }
    }
}
