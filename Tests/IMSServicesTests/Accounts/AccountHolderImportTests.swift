import Foundation
import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Logging
import Testing

@Suite("Account holders' loads")
struct AccountHolderImportTests {
    static let officer = Requester(.commandLine("olu"), address: nil)

    static func holder(_ reference: String, _ name: String, fund: FundCode = "CTAX", onStop: String? = nil) -> AccountHolder {
        AccountHolder(
            fundCode: fund, reference: AccountReference(normalising: reference), name: name, address: ["1 High Street"], onStopReason: onStop)
    }

    static func names(_ database: IMSDatabase) async throws -> [String] {
        try await database.searchAccountHolders(fund: nil, text: "", limit: 100).map { "\($0.reference.value)=\($0.name)" }
    }

    @Test(
        "A load adds and replaces accounts; the same file again changes nothing; reversing puts every account back as it was",
        arguments: TestStores.all)
    func loadAndReverse(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.save(DemoCouncil.configuration)
            let loads = AccountHolderImport(store: database)
            let first = try await loads.load(
                fileName: "ctax-1.csv", digest: "d1", holders: [Self.holder("771234564", "Ada"), Self.holder("771234572", "Bob")], rejected: 1,
                by: Self.officer)
            guard case .loaded(let firstLoad) = first else { Issue.record("the first file was not loaded"); return }
            #expect(firstLoad.loaded == 2 && firstLoad.rejected == 1)
            let again = try await loads.load(
                fileName: "renamed.csv", digest: "d1", holders: [Self.holder("771234564", "Changed")], rejected: 0, by: Self.officer)
            #expect(again == .alreadyLoaded(firstLoad))
            #expect(try await Self.names(database) == ["771234564=Ada", "771234572=Bob"])

            let many = (0..<1_200).map { Self.holder(String(format: "X%05d", $0), "Holder \($0)", fund: "BINS") }
            let second = try await loads.load(
                fileName: "ctax-2.csv", digest: "d2", holders: [Self.holder("771234564", "Ada Lovelace", onStop: "Call us")] + many, rejected: 0,
                by: Self.officer)
            guard case .loaded(let secondLoad) = second else { Issue.record("the second file was not loaded"); return }
            #expect(
                try await database.accountHolders([AccountKey(fundCode: "CTAX", reference: AccountReference(normalising: "771234564"))]).first?.value
                    .onStopReason == "Call us")
            #expect(try await database.searchAccountHolders(fund: "BINS", text: "", limit: 500).count == 500)

            await #expect {
                try await loads.reverse(id: firstLoad.id, by: Self.officer)
            } throws: { error in
                (error as? IMSError)?.code == .accountImportNotLatest
            }
            #expect(try await loads.reverse(id: secondLoad.id, by: Self.officer) == 1_201)
            #expect(try await Self.names(database) == ["771234564=Ada", "771234572=Bob"])
            #expect(
                try await database.accountHolders([AccountKey(fundCode: "CTAX", reference: AccountReference(normalising: "771234564"))]).first?.value
                    .onStopReason == nil)
            #expect(try await loads.reverse(id: firstLoad.id, by: Self.officer) == 2)
            #expect(try await Self.names(database).isEmpty)
            // A reversed file may be loaded again.
            guard
                case .loaded = try await loads.load(
                    fileName: "ctax-1.csv", digest: "d1", holders: [Self.holder("771234564", "Ada")], rejected: 0, by: Self.officer)
            else {
                Issue.record("a reversed file could not be loaded again")
                return
            }
            #expect(try await database.auditEvents(AuditQuery(action: "accounts.import")).count == 3)
            #expect(try await database.auditEvents(AuditQuery(action: "accounts.import_reverse")).count == 2)
            #expect(try await database.accountImports(limit: 10).map(\.isReversed) == [false, true, true])
        }
    }

    @Test("Searching accounts takes % and _ as themselves, a reference by its start, a name or postcode anywhere", arguments: TestStores.all)
    func search(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let holders = [
                Self.holder("AB_1", "Percent 100% Ltd", fund: "BINS"), Self.holder("ABC1", "Plain Ltd", fund: "BINS"),
                Self.holder("XAB_9", "Other", fund: "BINS"),
            ]
            _ = try await AccountHolderImport(store: database).load(fileName: "a.csv", digest: "d", holders: holders, rejected: 0, by: Self.officer)
            func found(_ text: String) async throws -> [String] {
                try await database.searchAccountHolders(fund: "BINS", text: text, limit: 10).map(\.reference.value)
            }
            #expect(try await found("ab_") == ["AB_1"])
            #expect(try await found("100%") == ["AB_1"])
            #expect(try await found("plain") == ["ABC1"])
            #expect(Set(try await found("AB")) == ["AB_1", "ABC1"])
        }
    }

    @Test("A load whose audit event fails leaves no account behind", arguments: TestStores.all)
    func atomic(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.save(DemoCouncil.configuration)
            await #expect(throws: AuditRefused.self) {
                try await AccountHolderImport(store: RefusingAuditStore(store: database)).load(
                    fileName: "a.csv", digest: "d", holders: [Self.holder("771234564", "Ada")], rejected: 0, by: Self.officer)
            }
            #expect(try await Self.names(database).isEmpty)
            #expect(try await database.accountImports(limit: 10).isEmpty)
        }
    }

    @Test(
        "The reference check refuses an unknown account where the fund needs one, and an account on stop with the council's reason",
        arguments: TestStores.all)
    func referenceCheck(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            var configuration = DemoCouncil.configuration
            let index = try #require(configuration.funds.firstIndex { $0.code == "CTAX" })
            configuration.funds[index].accountMustExist = true
            configuration.funds[index].hidesReferencesInLogs = true
            try await database.save(configuration)
            _ = try await AccountHolderImport(store: database).load(
                fileName: "a.csv", digest: "d",
                holders: [Self.holder("771234564", "Ada"), Self.holder("771234572", "Bob", onStop: "Your account is with the bailiffs")],
                rejected: 0, by: Self.officer)
            let logs = LogCapture()
            let checks = ReferenceChecks(store: database, logger: logs.logger())
            func check(_ reference: String, _ fund: String = "CTAX", amount: Int64? = nil) async throws -> ReferenceCheck {
                try await checks.check(fundCode: fund, reference: reference, amount: amount, scope: .all, channel: .online, caller: "test")
            }
            #expect(try await check("7712 34564").isValid)
            #expect(try await check("771234564").reference?.value == "771234564")
            let onStop = try await check("771234572")
            #expect(!onStop.isValid && onStop.code == .accountOnStop && onStop.message == "Your account is with the bailiffs.")
            let unknown = try await check("771234580")
            #expect(!unknown.isValid && unknown.code == .accountUnknown)
            let wrongDigit = try await check("771234565")
            #expect(!wrongDigit.isValid && wrongDigit.code == .referenceCheckCharacter)
            #expect(wrongDigit.message.hasSuffix("."))
            let tooMuch = try await check("771234564", amount: 1_000_001)
            #expect(!tooMuch.isValid && tooMuch.code == .amountOverMaximum && tooMuch.message.contains("£10,000.00"))
            let noFund = try await check("1", "NOPE")
            #expect(!noFund.isValid && noFund.code == .fundUnknown)
            #expect(try await check("GW-1", "BINS").isValid)
            let lines = logs.all.split(separator: "\n")
            #expect(lines.count == 8)
            #expect(!lines.contains { $0.contains("771234564") || $0.contains("771234572") })
            #expect(lines.contains { $0.contains("*******64") })
            #expect(lines.contains { $0.contains("GW-1") })
        }
    }
}
