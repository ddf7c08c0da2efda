import Foundation
import IMSAuth
import IMSTestSupport
import Logging
import Testing

@Suite("Directory groups from a real LDAP server")
struct DirectoryGroupLookupTests {
    @Test(
        "a user's groups are the CNs of their memberOf", .enabled(if: DirectoryTestServer.isAvailable),
        arguments: [
            ("alice", ["IMS-Cashiers"]),
            ("bob", ["IMS-Income", "IMS-Finance"]),
            ("carol", ["Staff-Canteen"]),
        ])
    func groupsOfUser(_ user: String, _ expected: [String]) async throws {
        let lookup = try DirectoryTestServer.requireLookup()

        let groups = try await lookup.groups(forUser: user)

        #expect(Set(groups) == Set(expected))
        #expect(groups.count == expected.count)
    }

    @Test("an unknown user has no groups", .enabled(if: DirectoryTestServer.isAvailable))
    func unknownUser() async throws {
        let lookup = try DirectoryTestServer.requireLookup()
        #expect(try await lookup.groups(forUser: "mallory").isEmpty)
        #expect(try await lookup.groups(forUser: "").isEmpty)
    }

    @Test(
        "a user name cannot widen the search filter", .enabled(if: DirectoryTestServer.isAvailable),
        arguments: ["*", "*)(uid=*", "alice)(uid=*", "al*", "alice)(|(uid=*)", "*)(objectClass=*", "alice\\", "alice\u{0}"])
    func filterInjection(_ name: String) async throws {
        let lookup = try DirectoryTestServer.requireLookup()
        #expect(try await lookup.groups(forUser: name).isEmpty)
    }

    @Test("a wrong bind password is an error, not an empty answer", .enabled(if: DirectoryTestServer.isAvailable))
    func wrongPassword() async throws {
        var settings = try DirectoryTestServer.requireSettings()
        settings.bindPassword = "not-the-password"
        let lookup = DirectoryGroupLookup(settings: settings, logger: Logger(label: "test"))

        let error = await #expect(throws: DirectoryError.self) { try await lookup.groups(forUser: "alice") }
        #expect(error?.code == .bindRefused)
    }

    @Test("a bind DN without a password is refused before anything is sent", .enabled(if: DirectoryTestServer.isAvailable))
    func bindDNWithoutPassword() async throws {
        var settings = try DirectoryTestServer.requireSettings()
        settings.bindPassword = ""
        let lookup = DirectoryGroupLookup(settings: settings, logger: Logger(label: "test"))

        let error = await #expect(throws: DirectoryError.self) { try await lookup.groups(forUser: "alice") }
        #expect(error?.code == .configuration)
    }

    @Test("a server that does not answer is an error", .enabled(if: DirectoryTestServer.isAvailable))
    func unreachable() async throws {
        var settings = try DirectoryTestServer.requireSettings()
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        settings.url = "ldap://127.0.0.1:1"
        let lookup = DirectoryGroupLookup(settings: settings, logger: Logger(label: "test"))

        let error = await #expect(throws: DirectoryError.self) { try await lookup.groups(forUser: "alice") }
        #expect(error?.code == .unreachable)
    }

    @Test("many lookups at once each get their own user's groups", .enabled(if: DirectoryTestServer.isAvailable))
    func concurrentLookups() async throws {
        let lookup = try DirectoryTestServer.requireLookup()
        let expected = ["alice": Set(["IMS-Cashiers"]), "bob": Set(["IMS-Income", "IMS-Finance"]), "carol": Set(["Staff-Canteen"])]
        let results = try await withThrowingTaskGroup(of: (String, Set<String>).self) { group in
            for _ in 0..<4 {
                for user in expected.keys {
                    group.addTask { (user, Set(try await lookup.groups(forUser: user))) }
                }
            }
            return try await group.reduce(into: [(String, Set<String>)]()) { $0.append($1) }
        }
        #expect(results.count == 12)
        for (user, groups) in results {
            #expect(groups == expected[user])
        }
    }
}
