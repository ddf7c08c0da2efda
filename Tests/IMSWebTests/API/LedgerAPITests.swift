import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

@Suite("Foundation API")
struct LedgerAPITests {
    @Test("GET /healthz says the database is reachable")
    func health() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let text = response.text
                #expect(text.contains("\"reachable\":true"))
                #expect(text.contains("\"kind\":\"sqlite\""))
                #expect(text.contains("\"schema_version\":10"))
            }
        }
    }

    @Test("The home page says what the instance is, with security headers and the demo banner")
    func homePage() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("Demo Borough Council"))
                #expect(response.text.contains("demonstration"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.strictTransportSecurity] == nil)  // development: no HSTS
            }
            try await client.execute(uri: "/assets/ims.css", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
            }
        }
    }

    @Test("GET /api/v1/funds lists the payable funds without a key, and not suspense")
    func funds() async throws {
        struct FundList: Decodable {
            struct Fund: Decodable {
                let code: String
                let name: String
                let vatCode: String
                let maximumAmount: Int64?
                let referenceHint: String?
            }
            let funds: [Fund]
        }
        try await TestServer.run { _, client in
            try await client.execute(uri: "/api/v1/funds", method: .get) { response throws in
                #expect(response.status == .ok)
                let list = try response.decode(FundList.self)
                #expect(Set(list.funds.map(\.code)) == ["BCON", "BINS", "CTAX", "LICN", "NNDR", "PARK", "PLAN", "SUND"])
                let tax = try #require(list.funds.first { $0.code == "CTAX" })
                #expect(tax.name == "Council Tax")
                #expect(tax.vatCode == "OUT")
                #expect(tax.maximumAmount == 1_000_000)
                #expect(tax.referenceHint?.contains("77") == true)
            }
        }
    }

    @Test("An entry needs a key with transactions:read: none or unknown is 401, without the right 403")
    func entryAccess() async throws {
        try await TestServer.run { server, client in
            try await client.execute(uri: "/api/v1/entries/1", method: .get) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(try response.decode(ErrorResponse.self).code == "auth.api_key_missing")
            }
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer("ims_not-a-real-key")) { response throws in
                #expect(response.status == .unauthorized)
                #expect(try response.decode(ErrorResponse.self).code == "auth.api_key_invalid")
            }
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"]) { response throws in
                #expect(response.status == .unauthorized)
            }
            let paymentsOnly = try await server.key([.paymentsCreate, .paymentsRead])
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(paymentsOnly)) { response throws in
                #expect(response.status == .forbidden)
                let error = try response.decode(ErrorResponse.self)
                #expect(error.code == "auth.permission_missing")
                #expect(error.description.contains("transactions:read"))
            }
        }
    }

    @Test("A transactions:read key reads an entry with balanced lines and its refundable amount")
    func readEntry() async throws {
        struct EntryBody: Decodable {
            struct Line: Decodable {
                let account: String
                let amount: Int64
            }
            let id: Int64
            let receiptNumber: String
            let kind: String
            let incomeAmount: Int64
            let refundableAmount: Int64?
            let lines: [Line]
        }
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead])
            let stored = try #require(try await server.database.entry(id: 1))
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                let entry = try response.decode(EntryBody.self)
                #expect(entry.id == 1)
                #expect(entry.receiptNumber == "R00000001")
                #expect(entry.kind == "payment")
                #expect(entry.lines.map(\.amount).reduce(0, +) == 0)
                #expect(entry.incomeAmount == stored.incomeTotal.pence)
                #expect(entry.refundableAmount != nil)
            }
            try await client.execute(uri: "/api/v1/entries/999999", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .notFound)
                #expect(try response.decode(ErrorResponse.self).code == "entry.not_found")
            }
            try await client.execute(uri: "/api/v1/entries/abc", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .unprocessableContent)
                #expect(
                    try response.decode(ErrorResponse.self)
                        == ErrorResponse(code: "entry.invalid", description: "An entry id is a positive whole number", field: "id"))
            }
        }
    }

    @Test("A key limited to other funds cannot see an entry; a revoked key stops working at once")
    func scopeAndRevocation() async throws {
        try await TestServer.run { server, client in
            let entry = try #require(try await server.database.entry(id: 1))
            let entryFund = try #require(entry.fundLines.first?.account.fundCode)
            let otherFund: FundCode = entryFund == "PARK" ? "BINS" : "PARK"
            let scoped = try await server.key([.transactionsRead], funds: [otherFund])
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(scoped)) { response throws in
                #expect(response.status == .notFound)
            }
            let ownFund = try await server.key([.transactionsRead], funds: [entryFund])
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(ownFund)) { response throws in
                #expect(response.status == .ok)
            }
            let keyID = try #require(try await server.database.apiKeys().last?.id)
            #expect(try await APIKeyAdministration(store: server.database).revoke(id: keyID, by: Requester(.user("admin.sam"), address: nil)))
            try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(ownFund)) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("issue 10: a PARK-only key sees only the PARK line of a basket entry, its income and its remainder; not the council tax or the card total")
    func fundScopeOfABasket() async throws {
        struct EntryBody: Decodable {
            struct Line: Decodable { let account: String; let amount: Int64 }
            let incomeAmount: Int64
            let refundableAmount: Int64?
            let lines: [Line]
        }
        try await TestServer.run { server, client in
            let council = DemoCouncil.configuration
            let tax = try #require(council.fund("CTAX"))
            let parking = try #require(council.fund("PARK"))
            let basket = try await server.database.append(
                try PostingRules.payment(
                    [
                        PaymentItem(fund: tax, reference: try tax.validateReference("771234564"), amount: Money(pence: 12_000)),
                        PaymentItem(fund: parking, reference: try parking.validateReference("DM12345678"), amount: Money(pence: 7_000)),
                    ],
                    details: PaymentDetails(
                        occurredAt: server.clock.now(), recordedBy: .system("online"), methodOfPayment: try #require(council.methodOfPayment("CARD")),
                        channel: .online), vatCodes: council.vatCodesByCode), idempotencyKey: nil)
            let parkingOnly = try await server.key([.transactionsRead], funds: ["PARK"])
            let response = try await client.execute(uri: "/api/v1/entries/\(basket.id)", method: .get, headers: bearer(parkingOnly))
            #expect(response.status == .ok)
            let seen = try response.decode(EntryBody.self)
            #expect(seen.lines.map(\.account) == ["fund:PARK:DM12345678"])
            #expect(seen.incomeAmount == 7_000)
            #expect(seen.refundableAmount == 7_000)
            let everything = try await server.key([.transactionsRead])
            let whole = try await client.execute(uri: "/api/v1/entries/\(basket.id)", method: .get, headers: bearer(everything)).decode(
                EntryBody.self)
            #expect(whole.lines.count == 3)
            #expect(whole.incomeAmount == 19_000)
        }
    }

    @Test("Unknown API paths answer 404 in the JSON error format; unknown pages with an HTML page")
    func notFound() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response throws in
                #expect(response.status == .notFound)
                #expect(try response.decode(ErrorResponse.self).code == "not_found")
            }
            try await client.execute(uri: "/no-such-page", method: .get) { response throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("Go to the home page"))
            }
        }
    }
}
