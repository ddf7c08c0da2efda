import IMSCore
import Testing

/// Issue 9 item 4: refund and journal arithmetic.
@Suite("Refund arithmetic")
struct RefundArithmeticTests {
    static let buildingControl = AccountReference(normalising: "BC-004211")
    static let other = AccountReference(normalising: "BC-004212")

    /// £10.00 of a standard-rated (20%) building control fee: 167p VAT.
    static func payment() throws -> Entry {
        let content = try PostingRules.payment(
            [PaymentItem(fund: Fixture.fund("BCON"), reference: buildingControl, amount: Money(pence: 1_000))],
            details: Fixture.details(Fixture.method("CARD")), vatCodes: Fixture.vatCodes)
        return Entry(id: 10, recordedAt: Fixture.time, content: content)
    }

    static func refund(_ request: RefundRequest, of payment: Entry, after corrections: [Entry], id: Int64) throws -> Entry {
        let remainder = RefundPolicy.remainder(of: payment, refunds: corrections)
        let content = try RefundPolicy.refund(request, of: payment, remainder: remainder, methodOfPayment: nil)
        return Entry(id: id, recordedAt: Fixture.time.adding(seconds: id), content: content)
    }

    static func request(_ pence: Int64, parts: [RefundRequest.Part]? = nil) -> RefundRequest {
        RefundRequest(
            paymentEntryID: 10, amount: Money(pence: pence), occurredAt: Fixture.time.adding(seconds: 60), recordedBy: .user("finance.erin"),
            reason: "Overpaid", parts: parts)
    }

    @Test("issue 9 item 4: refunds of £3.33, £3.33 and £3.34 of £10.00 at 20% give back exactly the 167p VAT charged")
    func seriesOfPartialRefundsGivesBackTheVATCharged() throws {
        let payment = try Self.payment()
        #expect(payment.lines[0].vatAmount == Money(pence: -167))
        var refunds: [Entry] = []
        for (index, pence) in [333, 333, 334].enumerated() {
            refunds.append(try Self.refund(Self.request(Int64(pence)), of: payment, after: refunds, id: Int64(11 + index)))
        }
        let vatBack = refunds.flatMap(\.fundLines).map(\.vatAmount).sum()
        #expect(vatBack == Money(pence: 167))
        // Each refund's VAT is the VAT of all refunded so far less what was already given back: 56, 55, 56.
        #expect(refunds.map { $0.fundLines[0].vatAmount.pence } == [56, 55, 56])
        #expect(RefundPolicy.remainder(of: payment, refunds: refunds).remaining == .zero)
    }

    @Test("issue 9 item 4: a partial refund comes off the line the caller names, capped by that line's remainder")
    func callerNamesTheLine() throws {
        let payment = try RefundPolicyTests.basketPayment()
        let councilTax = LedgerAccount.fund("CTAX", RefundPolicyTests.councilTaxReference)
        let refund = try Self.refund(
            Self.request(2_000, parts: [.init(account: councilTax, amount: Money(pence: 2_000))]), of: payment, after: [], id: 11)
        #expect(refund.fundLines.map(\.account) == [councilTax])
        #expect(refund.fundLines[0].amount == Money(pence: 2_000))
        let tooMuch = #expect(throws: IMSError.self) {
            try Self.refund(
                Self.request(1_500, parts: [.init(account: .fund("BCON", RefundPolicyTests.buildingControlReference), amount: Money(pence: 1_500))]),
                of: payment, after: [], id: 12)
        }
        #expect(tooMuch?.code == .refundExceedsRemaining)
        #expect(tooMuch?.field == "parts[0].amount")
        let notALine = #expect(throws: IMSError.self) {
            try Self.refund(
                Self.request(100, parts: [.init(account: .fund("PARK", Self.other), amount: Money(pence: 100))]), of: payment, after: [], id: 12)
        }
        #expect(notALine?.field == "parts[0].account")
        #expect(throws: IMSError.self) {
            try Self.refund(Self.request(500, parts: [.init(account: councilTax, amount: Money(pence: 400))]), of: payment, after: [], id: 12)
        }
    }

    @Test("issue 9 item 4: the remainder is per line after journals that moved the payment's money")
    func remainderAfterJournal() throws {
        let payment = try Self.payment()
        let fund = try Fixture.fund("BCON")
        let journal = try PostingRules.journal(
            amount: Money(pence: 600), from: (fund, Self.buildingControl), to: (fund, Self.other), occurredAt: Fixture.time.adding(seconds: 30),
            recordedBy: .user("income.officer"), narrative: "Part was another invoice", correcting: 10, sourceLine: payment.lines[0],
            vatCodes: Fixture.vatCodes)
        let moved = Entry(id: 11, recordedAt: Fixture.time.adding(seconds: 30), content: journal)
        let remainder = RefundPolicy.remainder(of: payment, refunds: [moved])
        #expect(remainder.remaining == Money(pence: 1_000))
        #expect(remainder.remainingByAccount.map(\.account) == [.fund("BCON", Self.buildingControl), .fund("BCON", Self.other)])
        #expect(remainder.remainingByAccount.map(\.remaining) == [Money(pence: 400), Money(pence: 600)])
        // The original account now holds £4.00: refunding £5.00 from it is refused.
        #expect(throws: IMSError.self) {
            try Self.refund(
                Self.request(500, parts: [.init(account: .fund("BCON", Self.buildingControl), amount: Money(pence: 500))]), of: payment,
                after: [moved], id: 12)
        }
        // Emptying both accounts gives back all the VAT left on each: 167p in all, net of the journal's own moves.
        let first = try Self.refund(
            Self.request(400, parts: [.init(account: .fund("BCON", Self.buildingControl), amount: Money(pence: 400))]), of: payment, after: [moved],
            id: 12)
        let second = try Self.refund(Self.request(600), of: payment, after: [moved, first], id: 13)
        let vatBack = (first.fundLines + second.fundLines).map(\.vatAmount).sum()
        let vatLeft = -(payment.fundLines + moved.fundLines).map(\.vatAmount).sum()
        #expect(vatBack == vatLeft)
        #expect(RefundPolicy.remainder(of: payment, refunds: [moved, first, second]).remaining == .zero)
    }

    @Test("issue 9 item 4: a journal reverses VAT at the rate of the line it corrects, not the fund's rate today")
    func journalUsesTheLinesRate() throws {
        // Paid when the rate was 5% (the 2020–22 reduced rate), corrected when the fund's code says 20%.
        let line = EntryLine(
            account: .fund("BCON", Self.buildingControl), amount: Money(pence: -2_100), vatCode: "STD", vatRateBasisPoints: 500,
            vatAmount: Money(pence: -100))
        let fund = try Fixture.fund("BCON")
        let journal = try PostingRules.journal(
            amount: Money(pence: 2_100), from: (fund, Self.buildingControl), to: (fund, Self.other), occurredAt: Fixture.time,
            recordedBy: .user("income.officer"),
            narrative: "Wrong invoice", correcting: 10, sourceLine: line, vatCodes: Fixture.vatCodes)
        #expect(journal.lines[0].vatRateBasisPoints == 500)
        #expect(journal.lines[0].vatAmount == Money(pence: 100))
        #expect(journal.lines[1].vatRateBasisPoints == 2_000)
    }

    @Test("issue 9 item 4: a migration entry (a whole chunk of legacy records) cannot be refunded")
    func migrationEntriesAreNotRefundable() throws {
        let content = EntryContent(
            kind: .migration, occurredAt: Fixture.time, recordedBy: .system("migration"), origin: Origin(channel: "migration"),
            lines: [
                EntryLine(account: .fund("BCON", Self.buildingControl), amount: Money(pence: -5_000)),
                EntryLine(account: .clearing("MIGRATION"), amount: Money(pence: 5_000)),
            ])
        let chunk = Entry(id: 10, recordedAt: Fixture.time, content: content)
        let error = #expect(throws: IMSError.self) {
            try RefundPolicy.refund(Self.request(100), of: chunk, remainder: RefundPolicy.remainder(of: chunk, refunds: []), methodOfPayment: nil)
        }
        #expect(error?.code == .refundNotRefundable)
        #expect(error?.reason.contains("migrated legacy records") == true)
    }
}
