import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

@Suite("Staff transaction search, detail, export and import batches")
struct TransactionScreenTests {
    @Test("A cashier searches but cannot export; an income officer exports exactly the records the page lists")
    func searchAndExportByRole() async throws {
        try await TestServer.run { server, client in
            let everything = try await server.database.transactions(matching: TransactionFilter(), after: nil, limit: 50)
            var cashier = StaffBrowser(client)
            try await cashier.signInAsDemoUser("cashier.alice")
            let page = try await cashier.send(.get, "/staff/transactions?fund_code=CTAX")
            #expect(page.status == .ok)
            let form = try #require(page.text.range(of: #"action="/staff/transactions""#))
            let firstInput = try #require(Self.first(#"<input [^>]+>"#, in: String(page.text[form.upperBound...])))
            #expect(firstInput.contains(#"id="text""#) && firstInput.contains(" autofocus"), "the text box comes first and takes the focus")
            #expect(!page.text.contains("Export CSV"))
            #expect(try await cashier.send(.get, "/staff/transactions.csv?fund_code=CTAX").status == .forbidden)
            let first = try await cashier.send(.get, "/staff/transactions")
            #expect(Self.recordIDs(in: first.text) == everything.records.map(\.id), "newest first, as the store orders them")

            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let officerPage = try await officer.send(.get, "/staff/transactions?fund_code=CTAX")
            let export = try #require(Self.first(#"(?<=href=")/staff/transactions\.csv\?[^"]+"#, in: officerPage.text))
            #expect(export == "/staff/transactions.csv?fund_code=CTAX")
            let csv = try await officer.send(.get, export.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let expected = try await server.database.transactions(matching: Self.filter(["fund_code": "CTAX"]), after: nil, limit: 1_000).records
            #expect(!expected.isEmpty)
            let rows = csv.text.split(separator: "\r\n").dropFirst()
            #expect(rows.map { String($0.prefix { $0 != "," }) } == expected.map { String($0.id) })
            let audit = try await server.database.auditEvents(AuditQuery(action: "transactions.export"))
            #expect(audit.map(\.actor) == ["user:income.officer"])
            #expect(audit.first?.target == "/staff/transactions.csv?fund_code=CTAX")
        }
    }

    @Test(
        "The start of a surname finds a payment; its detail shows every field, its entries, its refund and what is left; amounts are typed in pounds")
    func findByTextAndOpenDetail() async throws {
        try await TestServer.run { server, client in
            let payment = try await Self.cashPayment(server, fund: "CTAX", reference: "771234564", pence: 12_345, payer: "Seán Ó Súilleabháin")
            let refund = try await RefundService(store: server.database).refund(
                RefundRequest(
                    paymentEntryID: payment.id, amount: Money(pence: 2_345), occurredAt: server.clock.now(), recordedBy: .user("income.officer"),
                    reason: "Overpaid"))
            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let found = try await officer.send(.get, "/staff/transactions?text=s%C3%BAil")
            #expect(found.text.contains(payment.receiptNumber))
            #expect(try await officer.send(.get, "/staff/transactions?amount=123.45").text.contains(payment.receiptNumber))
            #expect(
                !(try await officer.send(.get, "/staff/transactions?amount=12345").text.contains(payment.receiptNumber)),
                "amounts are pounds, not pence")

            let records = try await server.database.transactions(
                matching: Self.filter(["receipt_reference": payment.receiptNumber]), after: nil, limit: 5
            ).records
            let record = try #require(records.first)
            let refundRecord = try #require(
                try await server.database.transactions(matching: Self.filter(["receipt_reference": refund.receiptNumber]), after: nil, limit: 5)
                    .records.first)
            #expect(Self.recordIDs(in: found.text).contains(record.id))
            let detail = try await officer.send(.get, "/staff/transactions/\(record.id)")
            #expect(detail.status == .ok)
            for text in [
                "Seán Ó Súilleabháin", "TOWNHALL", "771234564", "£123.45", "Left to refund", "£100.00", "Entry \(payment.id)", "Entry \(refund.id)",
            ] {
                #expect(detail.text.contains(text), "detail shows \(text)")
            }
            #expect(detail.text.contains(#"href="/staff/transactions/\#(refundRecord.id)""#))
            #expect(detail.text.contains(#"href="/staff/entries/\#(payment.id)/refund""#))

            var cashier = StaffBrowser(client)
            try await cashier.signInAsDemoUser("cashier.alice")
            let cashierDetail = try await cashier.send(.get, "/staff/transactions/\(record.id)")
            #expect(cashierDetail.status == .ok)
            #expect(!cashierDetail.text.contains("/refund\""), "no refund link without refunds:create")
            #expect(try await cashier.send(.get, "/staff/transactions/1").status == .notFound)
            #expect(try await cashier.send(.get, "/staff/transactions/not-a-number").status == .notFound)
        }
    }

    @Test("Staff limited to a fund see only its records, its choice of fund, and its rows in the export")
    func fundScope() async throws {
        try await TestServer.run { server, client in
            _ = try await Self.cashPayment(server, fund: "PARK", reference: "DM12345678", pence: 7_000, payer: "Ann Parker")
            let user = StaffUser(username: "pat", displayName: nil, roles: [.incomeOfficer], fundScope: .only(["PARK"]))
            let (token, _) = try await server.database.createSession(for: user, method: "test", policy: SessionPolicy())
            var browser = StaffBrowser(client)
            browser.cookies["ims_session"] = token

            var parking = try Self.filter([:])
            parking.scope = .only(["PARK"])
            let visible = try await server.database.transactions(matching: parking, after: nil, limit: 50).records
            #expect(!visible.isEmpty)
            let page = try await browser.send(.get, "/staff/transactions")
            #expect(Self.recordIDs(in: page.text) == visible.map(\.id))
            #expect(page.text.contains(#"<option value="PARK""#))
            #expect(!page.text.contains(#"<option value="CTAX""#))
            let asked = try await browser.send(.get, "/staff/transactions?fund_code=CTAX")
            #expect(Self.recordIDs(in: asked.text).isEmpty, "another fund asked for by name is simply no match")

            let other = try #require(
                try await server.database.transactions(matching: Self.filter(["fund_code": "CTAX"]), after: nil, limit: 1).records.first)
            #expect(try await browser.send(.get, "/staff/transactions/\(other.id)").status == .notFound)
            #expect(try await browser.send(.get, "/staff/transactions/\(visible[0].id)").status == .ok)

            let csv = try await browser.send(.get, "/staff/transactions.csv")
            let funds = Set(csv.text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[6] })
            #expect(funds == ["PARK"])
        }
    }

    @Test(
        "A filter that is not what it claims is shown on the form, beside its field, with 422",
        arguments: [
            ("amount=12.345", "amount"), ("from=2019-02-30", "from"), ("card_last4=12", "card_last4"),
            ("amount_min=5&amount_max=1", "amount_min"), ("import_batch=x", "import_batch"), ("after=nonsense", "text"),
        ])
    func invalidFilters(query: String, field: String) async throws {
        try await TestServer.run { _, client in
            var browser = StaffBrowser(client)
            try await browser.signInAsDemoUser("auditor.anne")
            let page = try await browser.send(.get, "/staff/transactions?" + query)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("There is a problem"))
            #expect(page.text.contains(##"<a href="#\##(field)">"##))
            #expect(page.text.contains(#"id="\#(field)""#), "the summary links to a field on the page")
            if field != "text" {
                #expect(page.text.contains(#"id="\#(field)-error""#))
            }
            #expect(!page.text.contains("<table class=\"results\""))
        }
    }

    @Test("The next page carries the filters and the cursor, and continues where the first page ended")
    func nextPage() async throws {
        try await TestServer.run { server, client in
            for index in 0..<55 {
                _ = try await Self.cashPayment(server, fund: "PARK", reference: "DM12345678", pence: 100 + Int64(index), payer: "Page Turner")
            }
            var browser = StaffBrowser(client)
            try await browser.signInAsDemoUser("viewer.vic")
            let first = try await browser.send(.get, "/staff/transactions?text=turner")
            #expect(Self.recordIDs(in: first.text).count == 50)
            let next = try #require(Self.first(#"(?<=href=")[^"]+(?=" rel="next")"#, in: first.text)).replacingOccurrences(of: "&amp;", with: "&")
            #expect(next.hasPrefix("/staff/transactions?text=turner&after=t"))
            let second = try await browser.send(.get, next)
            #expect(Self.recordIDs(in: second.text).count == 5)
            #expect(Set(Self.recordIDs(in: first.text)).isDisjoint(with: Self.recordIDs(in: second.text)))
            #expect(!second.text.contains(#"rel="next""#))
        }
    }

    @Test("The imports page lists batches newest first with counts and fund totals, each opening its records")
    func importsPage() async throws {
        try await TestServer.run { server, client in
            try await server.database.executeBehindTheLedgersBack([
                Self.batchRow(id: 1, file: "old-cash.csv", total: 5_000),
                "INSERT INTO import_batch_funds (batch_id, fund_code, records, total_pence) VALUES (1, 'CTAX', 1, 5000)",
                Self.batchRow(id: 2, file: "old-parking.csv", total: 9_900),
                "INSERT INTO import_batch_funds (batch_id, fund_code, records, total_pence) VALUES (2, 'PARK', 2, 7000)",
                "INSERT INTO import_batch_funds (batch_id, fund_code, records, total_pence) VALUES (2, 'CTAX', 1, 2900)",
            ])
            let migrated = TransactionRecord(
                id: RecordID.first(ofSecond: 1_560_000_000), occurredAt: Timestamp(microsecondsSince1970: 1_560_000_000_000_000), kind: .payment,
                source: .legacy, entryID: 1, receiptReference: "TH0042", fund: "PARK", accountReference: "DM12345678", amount: Money(pence: 7_000),
                payer: PayerDetails(name: "Gwen Legacy"), importBatchID: 2, fileLine: 2)
            try await server.database.insertTransactionRecords([migrated])

            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let page = try await officer.send(.get, "/staff/imports")
            #expect(page.status == .ok)
            let newer = try #require(page.text.range(of: "old-parking.csv"))
            let older = try #require(page.text.range(of: "old-cash.csv"))
            #expect(newer.lowerBound < older.lowerBound)
            for text in ["PARK £70.00", "CTAX £29.00", "£99.00", #"href="/staff/transactions?import_batch=2""#] {
                #expect(page.text.contains(text), "imports page shows \(text)")
            }
            let batch = try await officer.send(.get, "/staff/transactions?import_batch=2")
            #expect(batch.text.contains("TH0042"))
            #expect(batch.text.contains(#"<span class="tag">legacy</span>"#))
            #expect(Self.recordIDs(in: batch.text) == [migrated.id])

            let scoped = StaffUser(username: "pat", displayName: nil, roles: [.readOnly], fundScope: .only(["PARK"]))
            var parking = StaffBrowser(client)
            parking.cookies["ims_session"] = try await server.database.createSession(for: scoped, method: "test", policy: SessionPolicy()).0
            let scopedPage = try await parking.send(.get, "/staff/imports")
            #expect(scopedPage.text.contains("PARK £70.00"))
            #expect(!scopedPage.text.contains("CTAX"))
            #expect(!scopedPage.text.contains("£99.00"))
        }
    }

    @Test("The staff home links the search and the import batches for those who may read transactions")
    func homeLinks() async throws {
        try await TestServer.run { _, client in
            var viewer = StaffBrowser(client)
            try await viewer.signInAsDemoUser("viewer.vic")
            let home = try await viewer.send(.get, "/staff/")
            #expect(home.text.contains(#"href="/staff/transactions""#))
            #expect(home.text.contains(#"href="/staff/imports""#))
            #expect(!home.text.contains("these funds only"), "a member of staff with every fund is not told of a limit")
            var nobody = StaffBrowser(client)
            try await nobody.signInAsDemoUser("nobody.ned")
            #expect(!(try await nobody.send(.get, "/staff/").text.contains("/staff/transactions")))
        }
    }

    // MARK: - Helpers

    static func filter(_ parameters: [String: String]) throws -> TransactionFilter {
        try TransactionFilter(parameters: parameters.map { (name: $0.key, value: $0.value) })
    }

    /// The record ids the results table links to, in page order.
    static func recordIDs(in html: String) -> [Int64] {
        guard let start = html.range(of: #"<table class="results""#), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else {
            return []
        }
        return html[start.upperBound..<end.lowerBound].matches(of: /href="\/staff\/transactions\/(\d+)"/).compactMap { Int64($0.output.1) }
    }

    static func first(_ pattern: String, in text: String) -> String? {
        text.range(of: pattern, options: .regularExpression).map { String(text[$0]) }
    }

    static func cashPayment(_ server: TestServer, fund code: FundCode, reference: String, pence: Int64, payer: String) async throws -> Entry {
        let council = DemoCouncil.configuration
        let fund = try #require(council.fund(code))
        return try await server.database.append(
            try PostingRules.payment(
                [PaymentItem(fund: fund, reference: try fund.validateReference(reference), amount: Money(pence: pence))],
                details: PaymentDetails(
                    occurredAt: server.clock.now(), recordedBy: .user("cashier.alice"),
                    methodOfPayment: try #require(council.methodOfPayment("CASH")),
                    channel: .counter, office: "TOWNHALL", payer: PayerDetails(name: payer)),
                vatCodes: council.vatCodesByCode), idempotencyKey: nil)
    }

    static func batchRow(id: Int64, file: String, total: Int64) -> String {
        let started = TestServer.start.microsecondsSince1970 - 86_400_000_000 + id * 60_000_000
        return """
            INSERT INTO import_batches (id, file_name, file_size, file_fingerprint, mapping, state, started_at, started_by, finished_at,
                resume_offset, resume_line, rows_read, rows_imported, rows_rejected, rows_skipped, total_pence)
            VALUES (\(id), '\(file)', 4096, 'sha256:\(id)', '{}', 'complete', \(started), 'user:cli:olu', \(started + 30_000_000),
                4096, 4, 3, 2, 1, 0, \(total))
            """
    }
}
