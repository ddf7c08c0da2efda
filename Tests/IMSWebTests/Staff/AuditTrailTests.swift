import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSStore
import IMSWeb
import Testing

@Suite("Audit trail")
struct AuditTrailTests {
    struct Page: Decodable {
        struct Event: Decodable {
            let id: Int64
            let action: String
        }
        let results: [Event]
    }

    static func utc(_ text: String) throws -> Timestamp { Timestamp(try Date(text, strategy: .iso8601)) }

    @Test(
        "issue 10: the audit trail's `to` day ends at the next UK midnight, also on the days the clocks change",
        arguments: [
            // 25 October 2026, the clocks go back: a 25-hour day, 00:00 BST (23:00 UTC on the 24th) to 00:00 GMT.
            ("2026-10-25", "2026-10-25T23:30:00Z", true),
            ("2026-10-25", "2026-10-25T23:59:59Z", true),
            ("2026-10-25", "2026-10-26T00:00:00Z", false),
            // 29 March 2026, the clocks go forward: a 23-hour day, 00:00 GMT to 00:00 BST (23:00 UTC).
            ("2026-03-29", "2026-03-29T22:59:59Z", true),
            ("2026-03-29", "2026-03-29T23:30:00Z", false),
            // An ordinary winter day is 24 hours.
            ("2026-11-27", "2026-11-27T23:59:59Z", true),
            ("2026-11-27", "2026-11-28T00:00:00Z", false),
        ])
    func toDayEndsAtTheNextUKMidnight(to day: String, eventAt time: String, listed: Bool) async throws {
        try await TestServer.run { server, client in
            try await server.database.recordAudit(
                AuditEvent(
                    occurredAt: try Self.utc(time), actor: "user:auditor.anne", address: nil, action: "test.clock_change", target: nil,
                    outcome: "success"))
            let key = try await server.key([.auditRead])
            try await client.execute(uri: "/api/v1/audit?action=test.clock_change&to=\(day)", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                #expect(try response.decode(Page.self).results.count == (listed ? 1 : 0))
            }
            var auditor = StaffBrowser(client)
            try await auditor.signInAsDemoUser("auditor.anne")
            let page = try await auditor.send(.get, "/staff/audit?action=test.clock_change&to=\(day)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<td>test.clock_change</td>") == listed)
        }
    }

    @Test(
        "issue 10: the API refuses an empty date or cursor (422 naming it); the screen's empty fields mean any",
        arguments: [
            ("to=", "to"), ("from=", "from"), ("after=", "after"), ("to=%202026-11-27", "to"), ("after=99999999999999999999", "after"),
        ])
    func emptyOrMalformedFilters(query: String, field: String) async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.auditRead])
            try await client.execute(uri: "/api/v1/audit?\(query)", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .unprocessableContent)
                #expect(try response.decode(ErrorResponse.self).field == field)
            }
            var auditor = StaffBrowser(client)
            try await auditor.signInAsDemoUser("auditor.anne")
            #expect(try await auditor.send(.get, "/staff/audit?actor=&action=&from=&to=").status == .ok)
        }
    }
}
