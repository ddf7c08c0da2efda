import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Staff sessions and pending sign-ins")
struct SessionStoreTests {
    static let user = StaffUser(username: "alice", displayName: "Alice", roles: [.cashier, .auditor], fundScope: .only(["PARK", "BINS"]))

    @Test("A session is found by its token (stored only as a hash), and ends when idle, at its limit, or on sign-out", arguments: TestStores.all)
    func lifecycle(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, _ in
            let policy = SessionPolicy(idleSeconds: 600, absoluteSeconds: 3_600)
            let (token, created) = try await database.createSession(for: Self.user, method: "oidc", policy: policy)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM staff_sessions WHERE token_hash = '\(token)'") == 0)
            let found = try #require(try await database.session(token: token, policy: policy))
            #expect(found.user == Self.user)
            #expect(found.csrfToken == created.csrfToken)
            #expect(try await database.session(token: token + "x", policy: policy) == nil)

            clock.advance(seconds: 500)
            #expect(try await database.session(token: token, policy: policy) != nil)
            clock.advance(seconds: 601)
            #expect(try await database.session(token: token, policy: policy) == nil)

            let (second, _) = try await database.createSession(for: Self.user, method: "oidc", policy: policy)
            try await database.deleteSession(token: second)
            #expect(try await database.session(token: second, policy: policy) == nil)

            let (third, _) = try await database.createSession(for: Self.user, method: "oidc", policy: policy)
            for _ in 0..<7 {
                clock.advance(seconds: 540)
                _ = try await database.session(token: third, policy: policy)
            }
            #expect(try await database.session(token: third, policy: policy) == nil)  // past the absolute limit
        }
    }

    @Test("Clean-up removes only unusable sessions, and is safe to run twice at once", arguments: TestStores.all)
    func cleanUp(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, location in
            let policy = SessionPolicy(idleSeconds: 600, absoluteSeconds: 3_600)
            _ = try await database.createSession(for: Self.user, method: "oidc", policy: policy)
            clock.advance(seconds: 700)
            let (live, _) = try await database.createSession(for: Self.user, method: "oidc", policy: policy)
            let other = try await IMSDatabase.open(location, clock: clock)
            async let first = database.removeExpiredSessions(policy: policy)
            async let second = other.removeExpiredSessions(policy: policy)
            let removed = try await first + second
            try await other.close()
            #expect(removed == 1)
            #expect(try await database.session(token: live, policy: policy) != nil)
        }
    }

    @Test("A pending OpenID sign-in can be taken once, within 15 minutes", arguments: TestStores.all)
    func pendingLogins(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, _ in
            try await database.savePendingLogin(state: "s1", nonce: "n1", codeVerifier: "v1", returnTo: "/staff/")
            let taken = try #require(try await database.takePendingLogin(state: "s1"))
            #expect(taken.nonce == "n1" && taken.codeVerifier == "v1" && taken.returnTo == "/staff/")
            #expect(try await database.takePendingLogin(state: "s1") == nil)
            try await database.savePendingLogin(state: "s2", nonce: "n2", codeVerifier: "v2", returnTo: "/staff/")
            clock.advance(seconds: 16 * 60)
            #expect(try await database.takePendingLogin(state: "s2") == nil)
        }
    }
}

@Suite("Audit trail store")
struct AuditStoreTests {
    @Test("Events are chained; verify finds a changed or removed event", arguments: TestStores.all)
    func chain(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            for (index, action) in ["auth.sign_in", "api_key.create", "auth.refused"].enumerated() {
                try await database.recordAudit(
                    AuditEvent(
                        occurredAt: TestStores.start.adding(seconds: Int64(index)), actor: "user:alice", address: "10.0.0.1", action: action,
                        target: "api_key:\(index)", outcome: action == "auth.refused" ? AuditEvent.refused : AuditEvent.success, after: "x"))
            }
            let newestFirst = try await database.auditEvents(AuditQuery())
            #expect(newestFirst.map(\.id) == [3, 2, 1])
            #expect(try await database.auditEvents(AuditQuery(action: "api_key.create")).count == 1)
            #expect(try await database.auditEvents(AuditQuery(before: 3, limit: 1)).map(\.id) == [2])
            #expect(try await database.verifyLedger().auditEventsChecked == 3)
            #expect(try await database.verifyLedger().isIntact)

            await #expect(throws: (any Error).self) {
                try await database.executeBehindTheLedgersBack(["UPDATE audit_events SET actor = 'user:mallory' WHERE id = 2"])
            }
            let disable =
                dialect == .sqlite
                ? ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"]
                : ["ALTER TABLE audit_events DISABLE TRIGGER USER"]
            try await database.executeBehindTheLedgersBack(disable + ["UPDATE audit_events SET actor = 'user:mallory' WHERE id = 2"])
            #expect(try await database.verifyLedger().discrepancies == ["Audit event 2 has changed since it was recorded"])
            try await database.executeBehindTheLedgersBack(["DELETE FROM audit_events WHERE id = 1"])
            let afterDelete = try await database.verifyLedger().discrepancies
            #expect(afterDelete.contains("Audit event 1 is missing (next is 2)"))
        }
    }
}
