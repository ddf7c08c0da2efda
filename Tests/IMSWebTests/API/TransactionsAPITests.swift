import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSStore
import IMSWeb
import Testing

@Suite("Transactions API")
struct TransactionsAPITests {
    struct Page: Decodable {
        let results: [Transaction]
        let next: String?
    }

    struct Transaction: Decodable {
        let id: Int64
        let receiptReference: String
        let source: String
        let kind: String
        let occurredAt: String
        let fundCode: String
        let accountReference: String
        let amount: Int64
        let payerName: String?
        let entryId: Int64
        let originalReceiptReference: String?
        let reversed: Bool
    }

    struct Detail: Decodable {
        struct Entry: Decodable {
            struct Line: Decodable {
                let account: String
                let amount: Int64
            }
            let id: Int64
            let kind: String
            let incomeAmount: Int64
            let lines: [Line]
        }
        let record: Transaction
        let linked: [Transaction]
        let entries: [Entry]
        let refundableAmount: Int64?
    }

    /// Every record the key can see, following `next` from page to page.
    static func all(_ client: some TestClientProtocol, key: String, query: String = "") async throws -> [Transaction] {
        var results: [Transaction] = []
        var uri = "/api/v1/transactions?" + query
        for _ in 0..<20 {
            let response = try await client.execute(uri: uri, method: .get, headers: bearer(key))
            #expect(response.status == .ok)
            let page = try response.decode(Page.self)
            #expect(page.results.count <= 50)
            results += page.results
            guard let next = page.next else { return results }
            uri = "/api/v1/transactions?\(query)&after=\(next)"
        }
        Issue.record("more than 20 pages")
        return results
    }

    @Test("Searching needs transactions:read and exporting transactions:export: none is 401, without the right 403")
    func access() async throws {
        try await TestServer.run { server, client in
            let readOnly = try await server.key([.transactionsRead])
            let paymentsOnly = try await server.key([.paymentsRead])
            for uri in ["/api/v1/transactions", "/api/v1/transactions.csv", "/api/v1/transactions/1"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.status == .unauthorized, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get, headers: bearer(paymentsOnly)) { response throws in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(try response.decode(ErrorResponse.self).code == "auth.permission_missing")
                }
            }
            try await client.execute(uri: "/api/v1/transactions.csv", method: .get, headers: bearer(readOnly)) { response throws in
                #expect(response.status == .forbidden)
                #expect(try response.decode(ErrorResponse.self).description.contains("transactions:export"))
            }
        }
    }

    @Test("Results come newest first, 50 a page, with next until the last page, and cover every record")
    func pages() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead])
            try await server.database.insertTransactionRecords(
                (0..<60).map { Self.record("MANY-\($0)", $0, 1_00, fund: "SUND", account: "912345678", payer: "Many", line: Int64($0 + 2)) })
            let first = try await client.execute(uri: "/api/v1/transactions", method: .get, headers: bearer(key))
            #expect(first.status == .ok)
            #expect(first.text.contains("\"next\":"))
            let results = try await Self.all(client, key: key)
            #expect(Int64(results.count) == (try await server.database.count("SELECT COUNT(*) AS n FROM income_records")))
            #expect(results.count > 50)
            #expect(results.map(\.id) == results.map(\.id).sorted(by: >))
            #expect(Set(results.map(\.id)).count == results.count)
            #expect(results.allSatisfy { $0.source == "legacy" || $0.receiptReference.hasPrefix("R") })
            #expect(results.contains { $0.kind == "refund" && $0.amount < 0 && $0.originalReceiptReference != nil })
        }
    }

    @Test("Filters travel as query parameters; an unknown fund is simply no match")
    func filters() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead])
            try await server.database.insertTransactionRecords(Self.legacy)
            let refunds = try await Self.all(client, key: key, query: "kind=refund&source=legacy")
            #expect(refunds.map(\.receiptReference) == ["OLD-2"])
            let named = try await Self.all(client, key: key, query: "text=O%27Bri&from=2019-01-01&to=2019-12-31")
            #expect(named.map(\.receiptReference) == ["OLD-2", "OLD-1"])
            #expect(try await Self.all(client, key: key, query: "text=ni+bhriain&source=legacy").map(\.receiptReference) == ["OLD-3"])
            #expect(
                try await Self.all(client, key: key, query: "account_reference=gw-10*&fund_code=BINS&source=legacy").map(\.receiptReference) == [
                    "OLD-2", "OLD-1",
                ])
            try await client.execute(uri: "/api/v1/transactions?fund_code=NOPE", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                #expect(response.text == #"{"next":null,"results":[]}"#)
            }
        }
    }

    @Test(
        "A malformed parameter is 422 naming it",
        arguments: [
            ("amount=12.50", "amount"), ("amount_min=x", "amount_min"), ("from=2026-02-30", "from"), ("to=27/11/2026", "to"),
            ("card_last4=12", "card_last4"), ("import_batch=first", "import_batch"), ("after=nonsense", "after"),
            ("account_reference=*", "account_reference"),
        ])
    func malformed(query: String, field: String) async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead, .transactionsExport])
            for path in ["/api/v1/transactions", "/api/v1/transactions.csv"] {
                try await client.execute(uri: "\(path)?\(query)", method: .get, headers: bearer(key)) { response throws in
                    #expect(response.status == .unprocessableContent)
                    let error = try response.decode(ErrorResponse.self)
                    #expect(error.code == "search.filter_invalid" && error.field == field, "\(path)?\(query)")
                }
            }
        }
    }

    @Test(
        "issue 10: an empty number, date or cursor is 422 naming it, as the document's formats say",
        arguments: [
            ("to=", "to"), ("from=", "from"), ("amount=", "amount"), ("amount_min=", "amount_min"), ("amount_max=", "amount_max"),
            ("card_last4=", "card_last4"), ("import_batch=", "import_batch"), ("after=", "after"),
        ])
    func emptyTypedParameter(query: String, field: String) async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead, .transactionsExport])
            for path in ["/api/v1/transactions", "/api/v1/transactions.csv"] where !(field == "after" && path.hasSuffix(".csv")) {
                try await client.execute(uri: "\(path)?fund_code=CTAX&\(query)", method: .get, headers: bearer(key)) { response throws in
                    #expect(response.status == .unprocessableContent, "\(path)?\(query)")
                    #expect(try response.decode(ErrorResponse.self).field == field, "\(path)?\(query)")
                }
            }
            // Free text may be empty: it matches as if it were not given. A fund code may not (the document's pattern).
            try await client.execute(uri: "/api/v1/transactions?text=&receipt_reference=", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/transactions?fund_code=", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test("A key limited to some funds sees only their records, in search, export and detail")
    func fundScope() async throws {
        try await TestServer.run { server, client in
            try await server.database.insertTransactionRecords(Self.legacy)
            let scoped = try await server.key([.transactionsRead, .transactionsExport], funds: ["PARK"])
            let seen = try await Self.all(client, key: scoped)
            #expect(!seen.isEmpty && seen.allSatisfy { $0.fundCode == "PARK" })
            #expect(try await Self.all(client, key: scoped, query: "fund_code=BINS").isEmpty)
            let csv = try await client.execute(uri: "/api/v1/transactions.csv", method: .get, headers: bearer(scoped)).text
            #expect(csv.split(separator: "\r\n").count == seen.count + 1)
            let bins = try #require(try await server.database.receipts(fund: "BINS").first)
            try await client.execute(uri: "/api/v1/transactions/\(bins)", method: .get, headers: bearer(scoped)) { response throws in
                #expect(response.status == .notFound)
                #expect(try response.decode(ErrorResponse.self).code == "transaction.not_found")
            }
        }
    }

    @Test("The detail shows linked refunds, the entries and the refundable remainder")
    func detail() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead])
            let stored = try await server.database.insertTransactionRecords(Self.legacy)
            try await client.execute(uri: "/api/v1/transactions/\(stored[0].id)", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                let detail = try response.decode(Detail.self)
                #expect(detail.record.receiptReference == "OLD-1")
                #expect(detail.linked.map(\.receiptReference) == ["OLD-2"])
                #expect(detail.refundableAmount == 45_00)
            }
            let refund = try #require(try await Self.all(client, key: key, query: "kind=refund&source=ims").first)
            try await client.execute(uri: "/api/v1/transactions/\(refund.id)", method: .get, headers: bearer(key)) { response throws in
                let detail = try response.decode(Detail.self)
                #expect(detail.linked.contains { $0.kind == "payment" && $0.receiptReference == refund.originalReceiptReference })
                #expect(detail.entries.map(\.kind) == ["payment", "refund"])
                #expect(detail.entries.map(\.incomeAmount).allSatisfy { $0 != 0 } && detail.entries[1].incomeAmount < 0)
                #expect(detail.entries.allSatisfy { $0.lines.count >= 2 && $0.lines.map(\.amount).reduce(0, +) == 0 })
                #expect(detail.refundableAmount == nil)
            }
            for (id, status) in [("999", HTTPResponse.Status.notFound), ("abc", .unprocessableContent), ("0", .unprocessableContent)] {
                try await client.execute(uri: "/api/v1/transactions/\(id)", method: .get, headers: bearer(key)) { response throws in
                    #expect(response.status == status, "\(id)")
                }
            }
        }
    }

    @Test("issue 11: a detail's entries are the entries as GET /api/v1/entries/{id} shows them, and no JSON names money in pence")
    func detailEntriesAreEntries() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsRead])
            let refund = try #require(try await Self.all(client, key: key, query: "kind=refund&source=ims").first)
            let detail = try await client.execute(uri: "/api/v1/transactions/\(refund.id)", method: .get, headers: bearer(key))
            #expect(!detail.text.contains("pence"), "\(detail.text)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(detail.text.utf8)) as? [String: Any])
            let entries = try #require(object["entries"] as? [[String: Any]])
            #expect(entries.count == 2)
            for entry in entries {
                let id = try #require(entry["id"] as? Int)
                let alone = try await client.execute(uri: "/api/v1/entries/\(id)", method: .get, headers: bearer(key))
                #expect(alone.status == .ok)
                var expected = try #require(try JSONSerialization.jsonObject(with: Data(alone.text.utf8)) as? [String: Any])
                // The detail gives what remains refundable once, for its record, not per entry.
                expected["refundable_amount"] = nil
                #expect(NSDictionary(dictionary: entry).isEqual(to: expected), "entry \(id)")
            }
            let page = try await client.execute(uri: "/api/v1/transactions?kind=refund", method: .get, headers: bearer(key))
            #expect(page.text.contains("\"amount\":-") && !page.text.contains("pence"))
        }
    }

    @Test("The CSV export streams every match with a header, RFC 4180 quoting and formulas made inert")
    func csv() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.transactionsExport])
            try await server.database.insertTransactionRecords(Self.legacy)
            try await client.execute(uri: "/api/v1/transactions.csv?source=legacy", method: .get, headers: bearer(key)) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == #"attachment; filename="transactions.csv""#)
                let lines = response.text.components(separatedBy: "\r\n")
                #expect(
                    lines.first?.hasPrefix(
                        "id,receipt_reference,source,kind,occurred_at,uk_time,fund_code,account_reference,amount,amount_pounds,vat_code,vat_amount,vat_amount_pounds,"
                    ) == true)
                #expect(lines.count == 5 && lines.last == "")
                let refund = try #require(lines.first { $0.contains(",OLD-2,") })
                #expect(refund.contains(",-2000,-20.00,"))
                #expect(refund.contains(#","'=HYPERLINK(""http://x"")","#))
                #expect(refund.contains(#","'+44 O'Brien, ""Jr""","#))
            }
            let everything = try await client.execute(uri: "/api/v1/transactions.csv", method: .get, headers: bearer(key))
            let total = try await server.database.count("SELECT COUNT(*) AS n FROM income_records")
            #expect(Int64(everything.text.split(separator: "\r\n").count) == total + 1)
        }
    }

    /// A migrated record of 2019 onwards (`day` days after 1 January 2019).
    static func record(
        _ receipt: String, _ day: Int, _ pence: Int64, fund: FundCode, account: String, kind: EntryKind = .payment,
        payer: String, narrative: String? = nil, original: String? = nil, line: Int64
    ) -> TransactionRecord {
        let time = Timestamp(microsecondsSince1970: (1_546_300_800 + Int64(day) * 86_400) * 1_000_000)  // 2019-01-01 + day
        return TransactionRecord(
            id: RecordID.migrated(occurredAt: time, seed: UInt64(line)), occurredAt: time, kind: kind, source: .legacy, entryID: 1,
            receiptReference: receipt, originalReceiptReference: original, fund: fund, accountReference: account, amount: Money(pence: pence),
            origin: Origin(methodOfPayment: "CARD"), payer: PayerDetails(name: payer), narrative: narrative, importBatchID: 1, fileLine: line)
    }

    /// A payment, its refund (with text a spreadsheet would run as formulas) and a parking payment.
    static let legacy: [TransactionRecord] = [
        record("OLD-1", 10, 65_00, fund: "BINS", account: "GW-104233", payer: "Siân O'Brien", line: 2),
        record(
            "OLD-2", 20, -20_00, fund: "BINS", account: "GW-104234", kind: .refund, payer: "=HYPERLINK(\"http://x\")",
            narrative: "+44 O'Brien, \"Jr\"", original: "OLD-1", line: 3),
        record("OLD-3", 400, 70_00, fund: "PARK", account: "PCN12345", payer: "Máire Ní Bhriain", line: 4),
    ]
}

extension IMSDatabase {
    /// The ids of a fund's records, newest first.
    func receipts(fund: FundCode) async throws -> [Int64] {
        var filter = TransactionFilter()
        filter.funds = [fund.rawValue]
        return try await transactions(matching: filter, after: nil, limit: 100).records.map(\.id)
    }
}
