import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("Council set-up")
struct CouncilSetupTests {
    static let officer = Requester(.commandLine("olu"), address: nil)

    /// The demo council with every fund code prefixed N and every fund renamed, as a council renaming its funds at go-live would.
    static func renamed(_ configuration: CouncilConfiguration) -> CouncilConfiguration {
        var result = configuration
        result.funds = configuration.funds.map { fund in
            var renamed = fund
            renamed.code = try! FundCode(parsing: "N" + fund.code.rawValue)
            renamed.name = fund.name + " (new)"
            return renamed
        }
        result.fundGroups = configuration.fundGroups.map { group in
            var renamed = group
            renamed.funds = group.funds.map { try! FundCode(parsing: "N" + $0.rawValue) }
            return renamed
        }
        return result
    }

    @Test(
        "A whole configuration applies in one go: a dry run changes nothing, items left out are retired, each change audited before and after",
        arguments: TestStores.all)
    func apply(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect, configuration: nil) { database, _ in
            let setup = CouncilSetup(store: database)
            let empty = try await database.configuration()
            #expect(!empty.isReadyForPayments)
            let planned = try await setup.apply(DemoCouncil.configuration, by: Self.officer, dryRun: true)
            #expect(planned.contains { $0.description == "add fund CTAX" })
            #expect(try await database.configuration().funds.isEmpty)
            #expect(try await database.auditEvents(AuditQuery(action: "fund.add")).isEmpty)

            let applied = try await setup.apply(DemoCouncil.configuration, by: Self.officer, dryRun: false)
            #expect(applied.count == planned.count)
            #expect(try await database.configuration().isReadyForPayments)
            #expect(try await setup.apply(DemoCouncil.configuration, by: Self.officer, dryRun: false).isEmpty)

            let renamed = Self.renamed(DemoCouncil.configuration)
            let changes = try await setup.apply(renamed, by: Self.officer, dryRun: false)
            #expect(changes.filter { $0.kind == "fund" }.count == DemoCouncil.configuration.funds.count * 2)
            let now = try await database.configuration()
            #expect(now.funds.filter { !$0.isRetired }.map(\.code).sorted() == renamed.funds.map(\.code).sorted())
            #expect(now.fund("CTAX")?.isRetired == true)
            let retired = try #require(try await database.auditEvents(AuditQuery(action: "fund.retire")).first { $0.target == "fund:CTAX" })
            #expect(retired.actor == "cli:olu")
            #expect(retired.before?.contains("\"isRetired\":false") == true && retired.after?.contains("\"isRetired\":true") == true)
        }
    }

    @Test("A configuration that does not hold together is refused whole, naming the item and key", arguments: TestStores.all)
    func refused(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await CouncilSetup(store: database).apply(DemoCouncil.configuration, by: Self.officer, dryRun: false)
            let before = try await database.configuration()
            var broken = Self.renamed(DemoCouncil.configuration)
            broken.funds[0].vatCode = "NOPE"
            await #expect {
                try await CouncilSetup(store: database).apply(broken, by: Self.officer, dryRun: false)
            } throws: { error in
                (error as? IMSError)?.code == .configurationInvalid && (error as? IMSError)?.reason.contains("vat_code \"NOPE\"") == true
            }
            #expect(try await database.configuration() == before)
        }
    }

    @Test("A change to one item and its audit event commit together, or not at all", arguments: TestStores.all)
    func saveOne(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.save(DemoCouncil.configuration)
            var cash = try #require(DemoCouncil.configuration.methodOfPayment("CASH"))
            cash.isRetired = true
            await #expect(throws: AuditRefused.self) {
                try await CouncilSetup(store: RefusingAuditStore(store: database)).save(.method(cash), by: Self.officer)
            }
            #expect(try await database.configuration().methodOfPayment("CASH")?.isRetired == false)
            let change = try await CouncilSetup(store: database).save(.method(cash), by: Self.officer)
            #expect(change?.description == "retire method CASH")
            #expect(try await database.configuration().methodOfPayment("CASH")?.isRetired == true)
            #expect(try await database.auditEvents(AuditQuery(action: "method.retire")).count == 1)
            #expect(try await CouncilSetup(store: database).save(.method(cash), by: Self.officer) == nil)
        }
    }

    @Test(
        "A VAT rate changed between two payments: each is posted at the rate in force on its day, and the first never changes",
        arguments: TestStores.all)
    func vatRateChange(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, _ in
            try await database.save(DemoCouncil.configuration)
            let first = try await Self.succeeded(database)
            var standard = try #require(DemoCouncil.configuration.vatCodes.first { $0.code == "STD" })
            let tomorrow = VATRate.day(of: Timestamp(microsecondsSince1970: TestStores.start.microsecondsSince1970 + 86_400_000_000))
            standard = VATCode(
                code: standard.code, name: standard.name, treatment: standard.treatment,
                rates: standard.rates + [VATRate(effectiveFrom: tomorrow, rateBasisPoints: 1_750)])
            try await CouncilSetup(store: database).save(.vatCode(standard), by: Self.officer)
            let sameDay = try await Self.succeeded(database)
            clock.advance(seconds: 2 * 86_400)
            let second = try await Self.succeeded(database)

            // Building control (standard-rated) £120.00: 20% is £20.00 of it; 17.5% is £17.87 (12000 × 1750 / 11750 = 1787.2…).
            for entry in [first, sameDay] {
                #expect(entry.fundLines[1].vatRateBasisPoints == 2_000 && entry.fundLines[1].vatAmount == Money(pence: -2_000))
            }
            #expect(second.fundLines[1].vatRateBasisPoints == 1_750 && second.fundLines[1].vatAmount == Money(pence: -1_787))
            #expect(try await database.entry(id: first.id) == first)
        }
    }

    /// An online payment of £45 (bins, outside the scope) and £120 (building control, standard-rated) that succeeds now.
    static func succeeded(_ database: IMSDatabase) async throws -> Entry {
        let configuration = try await database.configuration()
        let basket = try PaymentBasket.validate(
            PaymentRequest(
                lines: [.init(fundCode: "BINS", reference: "GW-1", amount: 4_500), .init(fundCode: "BCON", reference: "BC-004211", amount: 12_000)],
                returnURL: "https://bins.example/done"), configuration: configuration, requireHTTPS: true)
        let lifecycle = PaymentLifecycle(store: database)
        let (payment, _) = try await lifecycle.create(basket, service: "bins", channel: .online, expiresAfterSeconds: 5_400, idempotencyKey: nil)
        let id = "psp-\(payment.id)"
        _ = try await lifecycle.recordHandOff(
            of: payment.id, providerName: "sandbox",
            to: ProviderPayment(providerPaymentID: id, account: "default", nextURL: "https://psp.example/pay", state: .created))
        let status = ProviderPaymentStatus(
            providerPaymentID: id, state: .success, amount: Money(pence: 16_500),
            card: try CardSummary(brand: "visa", lastFourDigits: "1111", expiry: "12/30"),
            refundSummary: nil)
        let (after, _) = try await lifecycle.apply(payment.id, .provider(.success), status: status)
        let entryID = try #require(after.entryID)
        return try #require(try await database.entry(id: entryID))
    }
}
