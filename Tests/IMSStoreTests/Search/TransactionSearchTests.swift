import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("Searching income records")
struct TransactionSearchTests {
    @Test("A live payment and its refund are searchable records with the entry's details", arguments: TestStores.all)
    func livePayments(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await database.append(try Sample.payment(45_00), idempotencyKey: nil)
            let refund = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 10_00))
            let records = try await database.transactions(matching: TransactionFilter(), after: nil, limit: 50).records
            #expect(records.map(\.receiptReference) == [refund.receiptNumber, payment.receiptNumber])
            let paid = try #require(records.last)
            #expect(paid.source == .ims && paid.kind == .payment && paid.entryID == payment.id)
            #expect(paid.fund == "CTAX" && paid.accountReference == "771234564" && paid.amount == Money(pence: 45_00))
            #expect(paid.origin.methodOfPayment == "CARD" && paid.origin.channel == "online" && paid.origin.office == "WEB" && paid.user == "tests")
            #expect(paid.payer.name == "Siân O'Brien" && paid.payer.postcode == "DM1 2AB" && paid.card.lastFourDigits == "4242")
            #expect(paid.providerReference == payment.pspReference && paid.occurredAt == payment.occurredAt)
            #expect(RecordID.second(of: paid.id) == payment.occurredAt.microsecondsSince1970 / 1_000_000)
            let refunded = try #require(records.first)
            #expect(refunded.kind == .refund && refunded.amount == Money(pence: -10_00))
            #expect(refunded.originalReceiptReference == payment.receiptNumber && refunded.narrative == "Overpaid")
            #expect(try await database.transaction(id: paid.id) == paid)
        }
    }

    @Test("A basket is one record per fund line; the clearing side has none", arguments: TestStores.all)
    func basketLines(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let basket = try Sample.basket([
                PaymentItem(fund: Sample.fund("BINS"), reference: AccountReference(normalising: "GW-104233"), amount: Money(pence: 45_00)),
                PaymentItem(fund: Sample.fund("SUND"), reference: AccountReference(normalising: "912345678"), amount: Money(pence: 120_00)),
            ])
            let entry = try await database.append(basket, idempotencyKey: nil)
            let records = try await database.transactions(matching: TransactionFilter(), after: nil, limit: 50).records
            #expect(Set(records.map(\.fund)) == ["BINS", "SUND"])
            #expect(Set(records.map(\.id)).count == 2)
            #expect(records.allSatisfy { $0.receiptReference == entry.receiptNumber })
            #expect(records.map(\.amount).sum() == entry.incomeTotal)
        }
    }

    static let filterCases: [([(String, String)], [String])] = [
        ([("receipt_reference", "L-1003")], ["L-1003"]),
        ([("provider_reference", "pay-abc")], ["L-1002"]),
        ([("account_reference", "GW-104233")], ["L-1002"]),
        ([("account_reference", "gw-1042*")], ["L-1003", "L-1002"]),
        ([("account_reference", "7712345*")], ["LIVE", "L-1006", "L-1005", "L-1001"]),
        ([("account_reference", "GW-104233"), ("account_reference", "PCN*")], ["L-1004", "L-1002"]),
        ([("account_reference", "GW_*")], []),
        ([("postcode", "dm23cd")], ["L-1002"]),
        ([("amount", "6500")], ["L-1002"]),
        ([("amount", "-2000")], ["L-1003"]),
        ([("amount_min", "6500"), ("amount_max", "7000")], ["L-1004", "L-1002"]),
        ([("from", "2020-01-01"), ("to", "2020-12-31")], ["L-1004", "L-1003"]),
        ([("fund_code", "BINS")], ["L-1003", "L-1002"]),
        ([("fund_code", "bins"), ("fund_code", "PARK")], ["L-1004", "L-1003", "L-1002"]),
        ([("fund_code", "NOPE")], []),
        ([("method_of_payment", "chq")], ["L-1004"]),
        ([("office", "POST")], ["L-1004"]),
        ([("user", "jbloggs")], ["L-1006", "L-1005", "L-1001"]),
        ([("card_last4", "4242")], ["LIVE", "L-1003", "L-1002"]),
        ([("import_batch", "8")], ["L-1004"]),
        ([("kind", "refund")], ["L-1003"]),
        ([("kind", "refund"), ("kind", "payment"), ("source", "legacy")], ["L-1006", "L-1005", "L-1004", "L-1003", "L-1002", "L-1001"]),
        ([("channel", "online")], ["LIVE"]),
        ([("fund_code", "BINS"), ("kind", "payment")], ["L-1002"]),
        ([("text", "smith"), ("fund_code", "CTAX"), ("amount_max", "5000")], ["L-1006"]),
    ]

    @Test("Each filter narrows the results, newest first; filters combine", arguments: TestStores.all)
    func filters(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.insertTransactionRecords(LegacySample.history)
            let live = try await database.append(try Sample.payment(45_00), idempotencyKey: nil)
            #expect(try await database.receipts([]).count == 7)
            for (parameters, expected) in Self.filterCases {
                let found = try await database.receipts(parameters)
                #expect(found == expected.map { $0 == "LIVE" ? live.receiptNumber : $0 }, "\(parameters)")
            }
        }
    }

    static let textCases: [(String, [String])] = [
        ("O'Brien", ["LIVE", "L-1001"]), ("o'bri", ["LIVE", "L-1001"]), ("sian", ["LIVE", "L-1001"]),
        ("Wright-Lee", ["L-1003", "L-1002"]), ("wright lee", ["L-1003", "L-1002"]), ("lee", ["L-1003", "L-1002"]),
        ("Ní Bhriain", ["L-1004"]), ("ni bhr", ["L-1004"]), ("NI", ["L-1004"]), ("máire", ["L-1004"]),
        ("smi", ["L-1006", "L-1005"]), ("smith", ["L-1006", "L-1005"]), ("smithson", ["L-1006"]), ("\"smith\"", ["L-1006", "L-1005"]),
        ("smith*", ["L-1006", "L-1005"]), ("(smith)", ["L-1006", "L-1005"]), ("-smith", ["L-1006", "L-1005"]), ("john smith", ["L-1005"]),
        ("mill", ["L-1002"]), ("garden wa", ["L-1002"]), ("demoton", ["L-1001"]),
        ("j", []), ("x", []), ("'-", []), ("\"", []), ("*", []), ("OR", []), ("NEAR(", []), ("smith OR", []), ("NOT smith", []),
        ("smith AND", []), ("a\"b", []), ("NEAR(smith jones, 2)", []), ("^smith", ["L-1006", "L-1005"]), ("smith:*", ["L-1006", "L-1005"]),
        ("smith & !jones", []), ("' OR 1=1 --", []), ("{words}: smith", []),
    ]

    @Test("Text finds words and word starts in names, narratives and addresses; no input is a syntax error", arguments: TestStores.all)
    func text(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.insertTransactionRecords(LegacySample.history)
            let live = try await database.append(try Sample.payment(45_00), idempotencyKey: nil)
            for (text, expected) in Self.textCases {
                let found = try await database.receipts([("text", text)])
                #expect(found == expected.map { $0 == "LIVE" ? live.receiptNumber : $0 }, "text \(text)")
            }
        }
    }

    @Test("A word start shared by more words than a query lists still finds every record", arguments: TestStores.all)
    func wordStartOfManyWords(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.insertTransactionRecords(
                (0..<70).map { index in
                    LegacySample.record(
                        "W-\(index)", at: LegacySample.utc(2019, 2, 1), amount: 1_00, payer: "Zed Abcd\(index)x", line: Int64(index + 2))
                })
            #expect(try await database.receipts([("text", "abcd")]).count == 70)
            #expect(try await database.receipts([("text", "zed abcd1")]).count == 11)
            #expect(try await database.receipts([("text", "abcd7")]) == ["W-7"])
            #expect(try await database.receipts([("text", "abcdx")]).isEmpty)
        }
    }

    @Test("Pages follow one another newest first with no gaps or repeats, with and without text", arguments: TestStores.all)
    func pagination(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let start = LegacySample.utc(2019, 1, 1)
            let records = (0..<130).map { (index: Int) -> TransactionRecord in
                let payer = index.isMultiple(of: 2) ? "Ann Common" : "Bob Other"
                let time = start.adding(seconds: Int64(index % 40) * 3_600)
                let account = "GW-10\(index % 3)\(index % 5)"
                return LegacySample.record("P-\(index)", at: time, amount: 10_00, account: account, payer: payer, line: Int64(index + 2))
            }
            try await database.insertTransactionRecords(records)
            for (text, total) in [(nil, 130), ("common", 65), ("comm", 65)] as [(String?, Int)] {
                var filter = TransactionFilter()
                filter.text = text.map(SearchWords.query) ?? []
                var cursor: TransactionCursor?
                var seen: [Int64] = []
                var pages = 0
                repeat {
                    let page = try await database.transactions(matching: filter, after: cursor, limit: 50)
                    seen += page.records.map(\.id)
                    pages += 1
                    cursor = page.next
                    #expect(page.next == nil || page.records.count == 50)
                } while cursor != nil && pages < 10
                #expect(seen.count == total && Set(seen).count == total, "text \(text ?? "none")")
                #expect(seen == seen.sorted(by: >), "text \(text ?? "none")")
                #expect(pages == (total + 49) / 50)
            }
            // Accounts alone (on PostgreSQL the newest ids come from the account index first): a prefix, and
            // exact references, with every matching record once, newest first.
            let accountCases: [([String], [String], Set<Int>)] = [
                ([], ["GW-101"], Set((0..<130).filter { $0 % 3 == 1 })),
                (["GW-1000", "GW-1024"], [], Set((0..<130).filter { ($0 % 3, $0 % 5) == (0, 0) || ($0 % 3, $0 % 5) == (2, 4) })),
                (["GW-1010"], ["GW-102"], Set((0..<130).filter { ($0 % 3, $0 % 5) == (1, 0) || $0 % 3 == 2 })),
            ]
            for (exact, prefixes, expected) in accountCases {
                var filter = TransactionFilter()
                filter.accountReferences = exact
                filter.accountReferencePrefixes = prefixes
                var cursor: TransactionCursor?
                var seen: [TransactionRecord] = []
                repeat {
                    let page = try await database.transactions(matching: filter, after: cursor, limit: 20)
                    seen += page.records
                    cursor = page.next
                } while cursor != nil && seen.count <= 130
                #expect(Set(seen.map(\.receiptReference)) == Set(expected.map { "P-\($0)" }), "\(exact) \(prefixes)")
                #expect(seen.count == expected.count && seen.map(\.id) == seen.map(\.id).sorted(by: >), "\(exact) \(prefixes)")
            }
            let collector = Collector()
            try await database.exportTransactions(matching: TransactionFilter(), pageSize: 40) { page in await collector.add(page.map(\.id)) }
            let exported = await collector.ids
            #expect(exported.count == 130 && exported == exported.sorted(by: >))
            #expect(await collector.pages == 4)
        }
    }

    @Test("Dates are whole UK days, inclusive, across the clock changes", arguments: TestStores.all)
    func ukDates(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let times: [(String, Timestamp)] = [
                ("before-spring", LegacySample.utc(2024, 3, 30, 23, 59, 59)), ("spring-first", LegacySample.utc(2024, 3, 31, 0, 0, 0)),
                ("spring-last", LegacySample.utc(2024, 3, 31, 22, 59, 59)), ("after-spring", LegacySample.utc(2024, 3, 31, 23, 0, 0)),
                ("before-autumn", LegacySample.utc(2024, 10, 26, 22, 59, 59)), ("autumn-first", LegacySample.utc(2024, 10, 26, 23, 0, 0)),
                ("autumn-last", LegacySample.utc(2024, 10, 27, 23, 59, 59)), ("after-autumn", LegacySample.utc(2024, 10, 28, 0, 0, 0)),
            ]
            try await database.insertTransactionRecords(
                times.enumerated().map { index, time in
                    LegacySample.record(time.0, at: time.1, amount: 1_00, line: Int64(index + 2))
                })
            #expect(try await database.receipts([("from", "2024-03-31"), ("to", "2024-03-31")]) == ["spring-last", "spring-first"])
            #expect(try await database.receipts([("from", "2024-10-27"), ("to", "2024-10-27")]) == ["autumn-last", "autumn-first"])
            #expect(try await database.receipts([("to", "2024-03-30")]) == ["before-spring"])
            #expect(try await database.receipts([("from", "2024-10-28")]) == ["after-autumn"])
        }
    }

    @Test("A caller limited to some funds sees only those funds", arguments: TestStores.all)
    func fundScope(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.insertTransactionRecords(LegacySample.history)
            #expect(try await database.receipts([], scope: .only(["BINS"])) == ["L-1003", "L-1002"])
            #expect(try await database.receipts([("fund_code", "CTAX")], scope: .only(["BINS"])) == [])
            #expect(
                try await database.receipts([("fund_code", "CTAX"), ("fund_code", "BINS")], scope: .only(["BINS", "PARK"])) == ["L-1003", "L-1002"])
            #expect(try await database.receipts([("text", "smith")], scope: .only(["PARK"])) == [])
        }
    }

    @Test("Records that arrive with the same id each get one of their own, in the same second", arguments: TestStores.all)
    func idCollisions(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let record = LegacySample.record("C-1", at: LegacySample.utc(2022, 1, 1), amount: 5_00, payer: "Same Second")
            let first = try await database.insertTransactionRecords([record, record, record])
            let second = try await database.insertTransactionRecords([record])
            let ids = (first + second).map(\.id)
            #expect(Set(ids).count == 4)
            #expect(ids.allSatisfy { RecordID.second(of: $0) == RecordID.second(of: record.id) })
            #expect(try await database.receipts([("text", "same second")]).count == 4)
        }
    }
}

/// Collects what an export hands over, page by page.
actor Collector {
    var ids: [Int64] = []
    var pages = 0

    func add(_ page: [Int64]) {
        ids += page
        pages += 1
    }
}
