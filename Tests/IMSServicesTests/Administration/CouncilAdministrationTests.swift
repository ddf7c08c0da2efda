import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("Council administration")
struct CouncilAdministrationTests {
    static let operatorOnServer = Requester(.commandLine("olu"), address: nil)

    @Test("The council's details change with their audit event, before and after, or not at all", arguments: TestStores.all)
    func profile(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.save(DemoCouncil.configuration)
            let before = try await database.configuration().profile
            await #expect(throws: AuditRefused.self) {
                try await CouncilAdministration(store: RefusingAuditStore(store: database)).updateProfile(by: Self.operatorOnServer) {
                    $0.name = "Renamed"
                }
            }
            #expect(try await database.configuration().profile == before)

            let saved = try await CouncilAdministration(store: database).updateProfile(by: Self.operatorOnServer) { $0.brandColour = "#1d70b8" }
            #expect(saved.brandColour == "#1d70b8" && saved.name == before.name)
            #expect(try await database.configuration().profile == saved)
            let event = try #require(try await database.auditEvents(AuditQuery(action: "council.update")).first)
            #expect(event.actor == "cli:olu")
            #expect(event.before?.contains("colour=\(before.brandColour)") == true)
            #expect(event.after?.contains("colour=#1d70b8") == true)
        }
    }

    @Test("A service's webhook is set with its audit event, or not at all", arguments: TestStores.all)
    func webhook(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let url = try #require(WebAddress("https://bins.example/ims-webhook"))
            await #expect(throws: AuditRefused.self) {
                try await CouncilAdministration(store: RefusingAuditStore(store: database)).setWebhook(
                    service: "bins", url: url, by: Self.operatorOnServer)
            }
            #expect(try await database.webhook(of: "bins") == nil)

            let secret = try await CouncilAdministration(store: database).setWebhook(service: "bins", url: url, by: Self.operatorOnServer)
            #expect(try await database.webhook(of: "bins")?.secret == secret)
            #expect(
                try await database.auditEvents(AuditQuery(action: "service.set_webhook")).map(\.after) == ["url=https://bins.example/ims-webhook"])
        }
    }
}
