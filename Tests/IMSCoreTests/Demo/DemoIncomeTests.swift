import IMSCore
import Testing

@Suite("Demo income")
struct DemoIncomeTests {
    static let end = Fixture.time

    static func payments(count: Int = 300, days: Int = 28, seed: UInt64 = 2026) throws -> [EntryContent] {
        var income = DemoIncome(seed: seed)
        return try income.payments(count: count, days: days, endingAt: end)
    }

    @Test("makes as many payments as asked", arguments: [0, 1, 50, 300])
    func count(count: Int) throws {
        #expect(try Self.payments(count: count).count == count)
    }

    @Test("every payment is a balanced, valid payment entry")
    func valid() throws {
        for payment in try Self.payments() {
            try payment.validate()
            #expect(payment.kind == .payment)
            #expect(payment.lines.map(\.amount).sum() == .zero)
            #expect(payment.incomeTotal.isPositive)
            #expect(payment.fundLines.count == payment.lines.count - 1)
        }
    }

    @Test("payments are oldest first, within the days asked for")
    func time() throws {
        let payments = try Self.payments(days: 14)
        #expect(payments.map(\.occurredAt) == payments.map(\.occurredAt).sorted())
        let start = Self.end.adding(seconds: -14 * 86_400)
        #expect(payments.allSatisfy { $0.occurredAt >= start && $0.occurredAt < Self.end })
        #expect(Set(payments.map(\.occurredAt)).count > 1)
    }

    @Test("the same seed gives the same payments; another seed gives others")
    func deterministic() throws {
        #expect(try Self.payments(seed: 7) == Self.payments(seed: 7))
        #expect(try Self.payments(seed: 7) != Self.payments(seed: 8))
    }

    @Test("every reference is valid for its fund, and every amount within the fund's limit")
    func references() throws {
        var fundsSeen: Set<FundCode> = []
        for payment in try Self.payments(count: 500) {
            for line in payment.fundLines {
                let code = try #require(line.account.fundCode)
                let fund = try Fixture.fund(code)
                let reference = try #require(line.account.reference)
                #expect(try fund.validateReference(reference.value) == reference)
                try fund.checkAcceptsPayment(of: line.incomeAmount)
                fundsSeen.insert(code)
            }
        }
        #expect(fundsSeen == Set(DemoCouncil.funds.filter { !$0.isSuspense }.map(\.code)))
    }

    @Test("VAT on each line is the fund's rate applied to that line")
    func vat() throws {
        for payment in try Self.payments() {
            for line in payment.fundLines {
                let fund = try Fixture.fund(try #require(line.account.fundCode))
                let code = try #require(Fixture.vatCodes[fund.vatCode])
                #expect(line.vatCode == code.code)
                #expect(line.vatAmount.pence == -Independent.vatPence(gross: line.incomeAmount.pence, rateBasisPoints: code.rateBasisPoints))
            }
        }
    }

    @Test("card payments carry a provider reference and last 4; other methods do not; money clears through the method's account")
    func methods() throws {
        for payment in try Self.payments() {
            let method = try Fixture.method(try #require(payment.origin.methodOfPayment))
            #expect(payment.lines.last?.account == method.clearingAccount)
            if method.code == "CARD" {
                #expect(payment.pspReference != nil)
                #expect(payment.card.lastFourDigits?.count == 4)
            } else {
                #expect(payment.pspReference == nil)
                #expect(payment.card.lastFourDigits == nil)
            }
        }
    }
}
