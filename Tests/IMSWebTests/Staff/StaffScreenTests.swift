import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

@Suite("Staff screens")
struct StaffScreenTests {
    @Test("An administrator makes a key on the screen, the key works on the API at once, and revoking it stops it")
    func apiKeyAdmin() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let created = try await admin.submit(
                "/staff/admin/api-keys", from: "/staff/admin/api-keys",
                fields: [
                    "service": "bins-portal", "funds": "BINS, park", "permission:transactions:read": "1",
                ])
            #expect(created.status == .ok)
            let secret = try #require(
                created.text.range(of: #"class="secret">ims_[0-9a-f]{64}"#, options: .regularExpression)
                    .map { String(created.text[$0].dropFirst(#"class="secret">"#.count)) })
            let key = try #require(try await server.database.apiKeys().first)
            #expect(key.service == "bins-portal")
            #expect(key.funds == ["BINS", "PARK"])
            #expect(key.permissions == [.transactionsRead])
            #expect(try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer(secret)).status == .forbidden)

            let list = try await admin.send(.get, "/staff/admin/api-keys")
            #expect(!list.text.contains(secret))  // shown once only
            #expect(list.text.contains(key.prefix))

            let revoked = try await admin.submit("/staff/admin/api-keys/\(key.id)/revoke", from: "/staff/admin/api-keys", fields: [:])
            #expect(revoked.status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/entries/1", method: .get, headers: bearer(secret)).status == .unauthorized)

            let bad = try await admin.submit(
                "/staff/admin/api-keys", from: "/staff/admin/api-keys", fields: ["service": "no spaces allowed", "permission:payments:read": "1"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("There is a problem"))
            let unknownFund = try await admin.submit(
                "/staff/admin/api-keys", from: "/staff/admin/api-keys", fields: ["service": "x", "funds": "NOPE", "permission:payments:read": "1"])
            #expect(unknownFund.status == .unprocessableContent)
            #expect(try await server.database.apiKeys().count == 1)

            let actions = try await server.database.auditEvents(AuditQuery(actor: "user:admin.sam")).map(\.action)
            #expect(actions.contains("api_key.create"))
            #expect(actions.contains("api_key.revoke"))
        }
    }

    @Test("issue 10: a key that can export every payer works only after a second administrator approves it; 'public' is reserved")
    func bulkKeysNeedASecondAdministrator() async throws {
        try await TestServer.run { server, client in
            var sam = StaffBrowser(client)
            try await sam.signInAsDemoUser("admin.sam")
            let created = try await sam.submit(
                "/staff/admin/api-keys", from: "/staff/admin/api-keys",
                fields: [
                    "service": "data-warehouse", "permission:transactions:export": "1", "permission:transactions:read": "1",
                ])
            #expect(created.text.contains("works only once another administrator approves it"))
            let secret = try #require(
                created.text.range(of: #"class="secret">ims_[0-9a-f]{64}"#, options: .regularExpression)
                    .map { String(created.text[$0].dropFirst(#"class="secret">"#.count)) })
            let key = try #require(try await server.database.apiKeys().first)
            #expect(key.isAwaitingApproval && key.requestedBy == "admin.sam")
            #expect(try await client.execute(uri: "/api/v1/transactions", method: .get, headers: bearer(secret)).status == .unauthorized)

            let ownApproval = try await sam.submit("/staff/admin/api-keys/\(key.id)/approve", from: "/staff/admin/api-keys", fields: [:])
            #expect(ownApproval.status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/transactions", method: .get, headers: bearer(secret)).status == .unauthorized)

            var priya = StaffBrowser(client)
            try await priya.signInAsDemoUser("admin.priya")
            let approved = try await priya.submit("/staff/admin/api-keys/\(key.id)/approve", from: "/staff/admin/api-keys", fields: [:])
            #expect(approved.status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/transactions", method: .get, headers: bearer(secret)).status == .ok)
            #expect(try await server.database.apiKeys().first?.approvedBy == "admin.priya")

            let reserved = try await sam.submit(
                "/staff/admin/api-keys", from: "/staff/admin/api-keys", fields: ["service": "public", "permission:payments:read": "1"])
            #expect(reserved.status == .unprocessableContent)
            #expect(reserved.text.contains("reserved for IMS"))
            let approvals = try await server.database.auditEvents(AuditQuery(action: "api_key.approve")).map(\.outcome)
            #expect(approvals.sorted() == ["refused", "success"])
        }
    }

    @Test("Auditors read the trail on screen and through the API, filtered, newest first")
    func auditTrail() async throws {
        try await TestServer.run { server, client in
            var cashier = StaffBrowser(client)
            try await cashier.signInAsDemoUser("cashier.alice")
            _ = try await cashier.send(.get, "/staff/audit")  // refused, and audited

            var auditor = StaffBrowser(client)
            try await auditor.signInAsDemoUser("auditor.anne")
            let page = try await auditor.send(.get, "/staff/audit?actor=user%3Acashier.alice")
            #expect(page.status == .ok)
            #expect(page.text.contains("access.refused"))
            #expect(page.text.contains("auth.sign_in"))
            let badDate = try await auditor.send(.get, "/staff/audit?from=2026-13-01")
            #expect(badDate.status == .unprocessableContent)

            let key = try await server.key([.auditRead])
            try await client.execute(uri: "/api/v1/audit?action=access.refused", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                struct Page: Decodable {
                    struct Event: Decodable {
                        let id: Int64
                        let actor: String
                        let action: String
                        let target: String?
                        let outcome: String
                    }
                    let results: [Event]
                    let next: String?
                }
                let body = try response.decode(Page.self)
                #expect(body.results.map(\.target) == ["GET /staff/audit"])
                #expect(body.results.first?.actor == "user:cashier.alice")
                #expect(body.results.first?.outcome == "refused")
                #expect(body.next == nil)
            }
            try await client.execute(uri: "/api/v1/audit?from=27/11/2026", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .unprocessableContent)
                #expect(try response.decode(ErrorResponse.self).field == "from")
            }
        }
    }

    @Test("An income officer refunds part of a cash payment; more than remains, or a stale amount, is refused on the page")
    func refundScreen() async throws {
        try await TestServer.run { server, client in
            let payments = try await (1...40).asyncCompactMap { try await server.database.entry(id: $0) }
            let card = try #require(payments.first { $0.kind == .payment && $0.origin.methodOfPayment == "CARD" })
            let council = DemoCouncil.configuration
            let tax = try #require(council.fund("CTAX"))
            let cash = try await server.database.append(
                try PostingRules.payment(
                    [PaymentItem(fund: tax, reference: try tax.validateReference("771234564"), amount: Money(pence: 12_345))],
                    details: PaymentDetails(
                        occurredAt: server.clock.now(), recordedBy: .user("cashier.alice"),
                        methodOfPayment: try #require(council.methodOfPayment("CASH")),
                        channel: .counter, office: "TOWNHALL", payer: PayerDetails(name: "Seán Ó Súilleabháin")),
                    vatCodes: council.vatCodesByCode), idempotencyKey: nil)
            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let find = try await officer.send(.get, "/staff/refunds?receipt=\(cash.receiptNumber)")
            #expect(find.headers[.location] == "/staff/entries/\(cash.id)/refund")
            let notAReceipt = try await officer.send(.get, "/staff/refunds?receipt=12345")
            #expect(notAReceipt.status == .unprocessableContent)

            let page = "/staff/entries/\(cash.id)/refund"
            let paid = cash.incomeTotal
            let tooMuch = try await officer.submit(
                page, from: page,
                fields: [
                    "amount": Money(pence: paid.pence + 1).decimalString, "reason": "Overpaid", "expected_remaining": String(paid.pence),
                ])
            #expect(tooMuch.status == .unprocessableContent)
            #expect(tooMuch.text.contains("more than the"))

            let done = try await officer.submit(
                page, from: page, fields: ["amount": "1.00", "reason": "Overpaid by £1", "expected_remaining": String(paid.pence)])
            #expect(done.status == .ok)
            #expect(try await server.database.refundableRemainder(ofPayment: cash.id).remaining == Money(pence: paid.pence - 100))

            let stale = try await officer.submit(
                page, from: page, fields: ["amount": "1.00", "reason": "Again", "expected_remaining": String(paid.pence)])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("has changed"))

            let cardCorrectionsBefore = try await server.database.entries(correcting: card.id).count
            let cardPage = try await officer.send(.get, "/staff/entries/\(card.id)/refund")
            #expect(cardPage.text.contains("through the payment provider"))
            let cardRefund = try await officer.submit(
                "/staff/entries/\(card.id)/refund", from: "/staff/entries/\(cash.id)/refund", fields: ["amount": "1.00", "reason": "x"])
            #expect(cardRefund.status == .unprocessableContent)
            #expect(try await server.database.entries(correcting: card.id).count == cardCorrectionsBefore)

            let audit = try await server.database.auditEvents(AuditQuery(action: "refund.create"))
            #expect(audit.count == 1)
            #expect(audit.first?.target == "entry:\(cash.id)")
        }
    }

    @Test("issue 9 item 4: an officer refunds from the line they choose, capped by what is left on it")
    func refundFromAChosenLine() async throws {
        try await TestServer.run { server, client in
            let council = DemoCouncil.configuration
            let tax = try #require(council.fund("CTAX"))
            let sundry = try #require(council.fund("SUND"))
            let cash = try await server.database.append(
                try PostingRules.payment(
                    [
                        PaymentItem(fund: tax, reference: try tax.validateReference("771234564"), amount: Money(pence: 5_000)),
                        PaymentItem(fund: sundry, reference: try sundry.validateReference("912345678"), amount: Money(pence: 2_000)),
                    ],
                    details: PaymentDetails(
                        occurredAt: server.clock.now(), recordedBy: .user("cashier.alice"),
                        methodOfPayment: try #require(council.methodOfPayment("CASH")),
                        channel: .counter, office: "TOWNHALL"), vatCodes: council.vatCodesByCode), idempotencyKey: nil)
            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let page = "/staff/entries/\(cash.id)/refund"
            let form = try await officer.send(.get, page)
            #expect(form.text.contains("<label for=\"line\">Refund from</label>"))
            #expect(form.text.contains("SUND 912345678 (£20.00 left)"))
            let tooMuch = try await officer.submit(page, from: page, fields: ["amount": "25.00", "reason": "Overpaid", "line": "1"])
            #expect(tooMuch.status == .unprocessableContent)
            #expect(tooMuch.text.contains("left to refund on fund:SUND"))
            let done = try await officer.submit(page, from: page, fields: ["amount": "5.00", "reason": "Overpaid the invoice", "line": "1"])
            #expect(done.status == .ok)
            let refund = try #require(try await server.database.entries(correcting: cash.id).first { $0.kind == .refund })
            #expect(refund.fundLines.map(\.account.code) == ["SUND"])
            let left = try await server.database.refundableRemainder(ofPayment: cash.id).remainingByAccount.map(\.remaining)
            #expect(left == [Money(pence: 5_000), Money(pence: 1_500)])
        }
    }

    @Test("A user limited to some funds cannot see payments of others")
    func fundScope() async throws {
        // Proxy sign-in gives the groups; here the role map scopes IMS-Parking staff to PARK.
        try await TestServer.run(
            environment: [
                "IMS_TRUSTED_USER_HEADER": "X-Remote-User", "IMS_TRUSTED_PROXIES": "127.0.0.1",
                "IMS_ROLE_MAP": "IMS-Income=income-officer", "IMS_FUND_SCOPE_MAP": "IMS-Income=PARK",
            ], isDemo: false
        ) { server, client in
            let payments = try await (1...40).asyncCompactMap { try await server.database.entry(id: $0) }
            let notParking = try #require(payments.first { $0.kind == .payment && $0.fundLines.allSatisfy { $0.account.code != "PARK" } })
            // No directory here, so proxy sign-in yields no groups: sign the user in directly with the scoped role.
            let user = StaffUser(username: "pat", displayName: nil, roles: [.incomeOfficer], fundScope: .only(["PARK"]))
            let (token, _) = try await server.database.createSession(for: user, method: "test", policy: SessionPolicy())
            var browser = StaffBrowser(client)
            browser.cookies["ims_session"] = token
            #expect(try await browser.send(.get, "/staff/entries/\(notParking.id)/refund").status == .notFound)
            let home = try await browser.send(.get, "/staff/")
            #expect(home.text.contains("PARK"))
        }
    }
}

extension ClosedRange where Bound == Int64 {
    func asyncCompactMap<T>(_ transform: (Int64) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for value in self { if let mapped = try await transform(value) { result.append(mapped) } }
        return result
    }
}
