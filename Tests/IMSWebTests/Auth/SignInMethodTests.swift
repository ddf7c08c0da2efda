import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSAuth
import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@testable import IMSWeb

/// Sign-in through the real HTTP server against the real KDC and directory of `scripts/kerberos` and
/// `scripts/ldap`: the browser's Negotiate token, the groups from LDAP, the roles from the role map.
@Suite("Sign-in methods over HTTP")
struct SignInMethodTests {
    static let roleMap = "IMS-Cashiers=cashier;IMS-Income=income-officer;IMS-Finance=finance-supervisor"

    static func directoryEnvironment() throws -> [String: String] {
        let settings = try DirectoryTestServer.requireSettings()
        return [
            "IMS_LDAP_URL": settings.url, "IMS_LDAP_BIND_DN": settings.bindDN ?? "", "IMS_LDAP_BIND_PASSWORD": settings.bindPassword ?? "",
            "IMS_LDAP_BASE_DN": settings.baseDN, "IMS_ROLE_MAP": roleMap,
        ]
    }

    static func negotiateHeader(for user: String) throws -> String {
        let token = try KerberosInitiator(credentialCache: try KerberosTestRealm.requireCredentialCache(of: user)).firstToken()
        return "Negotiate " + Data(token).base64EncodedString()
    }

    @Test(
        "Kerberos: alice's ticket signs her in with no prompt, as a cashier from her directory group",
        .enabled(if: KerberosTestRealm.isAvailable && DirectoryTestServer.isAvailable))
    func kerberosSignIn() async throws {
        var environment = try Self.directoryEnvironment()
        environment["IMS_KERBEROS_KEYTAB"] = try KerberosTestRealm.requireKeytab()
        let aliceHeader = try Self.negotiateHeader(for: "alice")
        let carolHeader = try Self.negotiateHeader(for: "carol")
        try await TestServer.run(environment: environment, isDemo: false) { server, client in
            var browser = StaffBrowser(client)
            let challenge = try await browser.send(.get, "/auth/negotiate")
            #expect(challenge.status == .unauthorized)
            #expect(challenge.headers[.wwwAuthenticate] == "Negotiate")

            let signIn = try await browser.send(.get, "/auth/negotiate?return_to=/staff/", headers: [.authorization: aliceHeader])
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/staff/")
            let home = try await browser.send(.get, "/staff/")
            #expect(home.status == .ok)
            #expect(home.text.contains("alice"))
            #expect(home.text.contains("cashier"))
            #expect(try await browser.send(.get, "/staff/refunds").status == .forbidden)

            var carol = StaffBrowser(client)
            _ = try await carol.send(.get, "/auth/negotiate", headers: [.authorization: carolHeader])
            let carolHome = try await carol.send(.get, "/staff/")
            #expect(carolHome.status == .forbidden)  // signed in, but Staff-Canteen maps to no role
            #expect(carolHome.text.contains("do not give you any role"))

            var forger = StaffBrowser(client)
            let garbage = try await forger.send(
                .get, "/auth/negotiate", headers: [.authorization: "Negotiate " + Data("not a token".utf8).base64EncodedString()])
            #expect(garbage.status == .unauthorized)
            #expect(forger.cookies["ims_session"] == nil)
            let refusals = try await server.database.auditEvents(AuditQuery(action: "auth.refused"))
            #expect(refusals.contains { $0.target == "kerberos" })
            let signIns = try await server.database.auditEvents(AuditQuery(action: "auth.sign_in"))
            #expect(Set(signIns.map(\.actor)) == ["user:alice", "user:carol"])
        }
    }

    @Test(
        "Trusted proxy: the user header counts only from a trusted proxy's address; forged elsewhere it is refused",
        .enabled(if: DirectoryTestServer.isAvailable))
    func trustedProxy() async throws {
        var environment = try Self.directoryEnvironment()
        environment["IMS_TRUSTED_USER_HEADER"] = "X-Remote-User"
        environment["IMS_TRUSTED_PROXIES"] = "10.20.30.40,192.168.0.0/16"
        try await TestServer.run(environment: environment, isDemo: false) { server, client in
            var forger = StaffBrowser(client)
            let forged = try await forger.send(.get, "/auth/proxy", headers: [HTTPField.Name("X-Remote-User")!: "bob"])
            #expect(forged.status == .forbidden)
            #expect(forger.cookies["ims_session"] == nil)
            #expect(try await server.database.auditEvents(AuditQuery(action: "auth.refused")).first?.after == "not from a trusted proxy")
        }
        environment["IMS_TRUSTED_PROXIES"] = "127.0.0.1/32"
        environment["IMS_ALLOWED_DOMAINS"] = "council.example,COUNCIL"
        try await TestServer.run(environment: environment, isDemo: false) { _, client in
            // Issue 10: a user of another domain is refused, not taken for the council's own bob.
            var outsider = StaffBrowser(client)
            let other = try await outsider.send(.get, "/auth/proxy", headers: [HTTPField.Name("X-Remote-User")!: "OTHER\\Bob"])
            #expect(other.status == .forbidden)
            #expect(outsider.cookies["ims_session"] == nil)
            var browser = StaffBrowser(client)
            let signIn = try await browser.send(.get, "/auth/proxy", headers: [HTTPField.Name("X-Remote-User")!: "COUNCIL\\Bob"])
            #expect(signIn.status == .seeOther)
            let home = try await browser.send(.get, "/staff/")
            #expect(home.text.contains("income-officer"))
            #expect(home.text.contains("finance-supervisor"))
            #expect(try await browser.send(.get, "/staff/audit").status == .ok)
        }
    }

    @Test("Sign-in endpoints are rate limited per address")
    func rateLimit() async throws {
        let limiter = ClientRateLimiter(attemptsPerMinute: 3, clock: FixedWallClock(TestServer.start))
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await limiter.allow("10.0.0.1") == false)
        #expect(await limiter.allow("10.0.0.2"))
        // Issue 10: a limiter of refusals counts only refusals: checking is free.
        let refusals = ClientRateLimiter(attemptsPerMinute: 2, clock: FixedWallClock(TestServer.start))
        for _ in 0..<5 { #expect(await refusals.isBlocked("10.0.0.3") == false) }
        await refusals.recordRefusal("10.0.0.3")
        await refusals.recordRefusal("10.0.0.3")
        #expect(await refusals.isBlocked("10.0.0.3"))
    }

    @Test(
        "issue 10: X-Forwarded-For is believed only from a trusted proxy, and names the right-most untrusted hop",
        arguments: [
            ("10.0.0.5", ["203.0.113.7"], "10.0.0.5"),  // not from the proxy: the header is ignored
            ("10.1.0.1", ["203.0.113.7"], "203.0.113.7"),  // the balancer forwards the client
            ("10.1.0.1", ["1.2.3.4, 203.0.113.7"], "203.0.113.7"),  // a client cannot choose its address by writing one
            ("10.1.0.1", ["203.0.113.7, 10.1.0.2"], "203.0.113.7"),  // two trusted hops
            ("10.1.0.1", ["not-an-address"], "10.1.0.1"),
            ("10.1.0.1", [], "10.1.0.1"),
        ] as [(String, [String], String)])
    func clientAddress(peer: String, forwardedFor: [String], expected: String) throws {
        let proxies = try [#require(AddressRange("10.1.0.0/24"))]
        #expect(ClientAddressMiddleware.clientAddress(peer: peer, forwardedFor: forwardedFor, trustedProxies: proxies) == expected)
    }

    @Test(
        "Return paths after sign-in stay on this site",
        arguments: [
            ("/staff/refunds", "/staff/refunds"), ("//evil.example/x", "/staff/"), ("https://evil.example", "/staff/"),
            ("/\\evil.example", "/staff/"), (nil, "/staff/"),
            // issue 10: a tab (or newline) that browsers drop turns `/\t/evil` into `//evil`; only staff pages are targets.
            ("/\t/evil.example", "/staff/"), ("/\n/evil.example", "/staff/"), ("/%09/evil.example", "/staff/"), ("/pay", "/staff/"),
            ("/staff/../pay", "/staff/"), ("/staff/transactions?q=smith", "/staff/transactions?q=smith"), ("/staff/ü", "/staff/"),
        ] as [(String?, String)])
    func safeReturnPath(given: String?, expected: String) {
        #expect(SignInRoutes.safeReturnPath(given) == expected)
    }

    @Test(
        "issue 10: without IMS_KERBEROS_REALMS the accepted realms are the keytab's own",
        .enabled(if: ProcessInfo.processInfo.environment["IMS_TEST_KRB5_KEYTAB"] != nil))
    func realmsFromTheKeytab() throws {
        let keytab = try #require(ProcessInfo.processInfo.environment["IMS_TEST_KRB5_KEYTAB"])
        #expect(KeytabRealms.read(path: keytab) == [ProcessInfo.processInfo.environment["IMS_TEST_KRB5_REALM"] ?? "IMS.TEST"])
        #expect(KeytabRealms.read(path: "/dev/null") == nil)
        let configuration = try ServerConfiguration.load(environment: ["IMS_KERBEROS_KEYTAB": keytab])
        #expect(configuration.signIn.naming.kerberosRealms == ["IMS.TEST"])
    }
}
