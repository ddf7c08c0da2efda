import IMSCore
import Testing

@Suite("Refund policy")
struct RefundPolicyTests {
    static let buildingControlReference = AccountReference(normalising: "BC-004211")
    static let councilTaxReference = AccountReference(normalising: "771234564")

    /// A £60.00 card payment: £10.00 of a standard-rated building control fee then £50.00 of council tax.
    static func basketPayment(id: Int64 = 10, vatCodes: [String: VATCode] = Fixture.vatCodes, method: String = "CARD") throws -> Entry {
        let content = try PostingRules.payment(
            [
                PaymentItem(fund: Fixture.fund("BCON"), reference: buildingControlReference, amount: Money(pence: 1_000)),
                PaymentItem(fund: Fixture.fund("CTAX"), reference: councilTaxReference, amount: Money(pence: 5_000)),
            ], details: Fixture.details(Fixture.method(method)), vatCodes: vatCodes)
        return Entry(id: id, recordedAt: Fixture.time, content: content)
    }

    static func request(_ pence: Int64, of payment: Entry, expecting expected: Int64? = nil) -> RefundRequest {
        RefundRequest(
            paymentEntryID: payment.id, amount: Money(pence: pence), expectedRemaining: expected.map { Money(pence: $0) },
            occurredAt: Fixture.time.adding(seconds: 3_600), recordedBy: .user("finance.erin"), reason: "Overpaid",
            pspReference: "sandbox-refund-1")
    }

    /// Works out and stores (as an entry) a refund, as a store would.
    static func refund(_ pence: Int64, of payment: Entry, after refunds: [Entry], id: Int64, method: MethodOfPayment? = nil) throws -> Entry {
        let remainder = RefundPolicy.remainder(of: payment, refunds: refunds)
        let content = try RefundPolicy.refund(request(pence, of: payment), of: payment, remainder: remainder, methodOfPayment: method)
        return Entry(id: id, recordedAt: Fixture.time.adding(seconds: id), content: content)
    }

    @Test("with nothing refunded, everything paid remains, account by account")
    func untouchedRemainder() throws {
        let payment = try Self.basketPayment()
        let remainder = RefundPolicy.remainder(of: payment, refunds: [])
        #expect(remainder.paid == Money(pence: 6_000))
        #expect(remainder.refunded == .zero)
        #expect(remainder.remaining == Money(pence: 6_000))
        #expect(
            remainder.remainingByAccount.map(\.account) == [.fund("BCON", Self.buildingControlReference), .fund("CTAX", Self.councilTaxReference)])
        #expect(remainder.remainingByAccount.map(\.remaining) == [Money(pence: 1_000), Money(pence: 5_000)])
    }

    @Test("a partial refund is taken from the first fund line, with VAT at its rate, back to the card")
    func partialRefund() throws {
        let payment = try Self.basketPayment()
        let refund = try Self.refund(300, of: payment, after: [], id: 11, method: Fixture.method("CARD"))
        #expect(refund.kind == .refund)
        #expect(refund.correctsEntryID == 10)
        #expect(refund.origin.methodOfPayment == "CARD")
        #expect(refund.payer.name == payment.payer.name)
        #expect(refund.pspReference == "sandbox-refund-1")
        #expect(refund.narrative == "Overpaid")
        #expect(refund.lines.count == 2)
        #expect(refund.lines[0].account == .fund("BCON", Self.buildingControlReference))
        #expect(refund.lines[0].amount == Money(pence: 300))
        #expect(refund.lines[0].vatCode == "STD")
        #expect(refund.lines[0].vatRateBasisPoints == 2000)
        #expect(refund.lines[0].vatAmount == Money(pence: 50))
        #expect(refund.lines[1].account == .clearing("CARD"))
        #expect(refund.lines[1].amount == Money(pence: -300))
        #expect(refund.incomeTotal == Money(pence: -300))
        try refund.content.validate()
    }

    @Test("what remains goes down with each refund, and refunds of other payments do not count")
    func remainderAfterRefunds() throws {
        let payment = try Self.basketPayment()
        let other = try Self.basketPayment(id: 20)
        let first = try Self.refund(300, of: payment, after: [], id: 11)
        let unrelated = try Self.refund(4_000, of: other, after: [], id: 12)
        let remainder = RefundPolicy.remainder(of: payment, refunds: [first, unrelated])
        #expect(remainder.paid == Money(pence: 6_000))
        #expect(remainder.refunded == Money(pence: 300))
        #expect(remainder.remaining == Money(pence: 5_700))
        #expect(remainder.remainingByAccount.map(\.remaining) == [Money(pence: 700), Money(pence: 5_000)])
    }

    @Test("a refund larger than one line's remainder spills onto the next line, each with its own VAT")
    func refundAcrossLines() throws {
        let payment = try Self.basketPayment()
        let first = try Self.refund(300, of: payment, after: [], id: 11)
        let second = try Self.refund(1_500, of: payment, after: [first], id: 12)
        #expect(
            second.lines.map(\.account) == [.fund("BCON", Self.buildingControlReference), .fund("CTAX", Self.councilTaxReference), .clearing("CARD")])
        #expect(second.lines.map(\.amount) == [Money(pence: 700), Money(pence: 800), Money(pence: -1_500)])
        // 700 × 20/120 = 116.67 → 117; council tax is outside the scope of VAT.
        #expect(second.lines.map(\.vatAmount) == [Money(pence: 117), .zero, .zero])
        #expect(second.lines[1].vatCode == "OUT")
        let remainder = RefundPolicy.remainder(of: payment, refunds: [first, second])
        #expect(remainder.remaining == Money(pence: 4_200))
        #expect(remainder.remainingByAccount.map(\.remaining) == [.zero, Money(pence: 4_200)])
    }

    @Test("the whole remainder can be refunded, and then nothing more")
    func fullRefund() throws {
        let payment = try Self.basketPayment()
        let first = try Self.refund(2_500, of: payment, after: [], id: 11)
        let rest = try Self.refund(3_500, of: payment, after: [first], id: 12)
        #expect(rest.incomeTotal == Money(pence: -3_500))
        let remainder = RefundPolicy.remainder(of: payment, refunds: [first, rest])
        #expect(remainder.remaining == .zero)
        #expect(remainder.refunded == Money(pence: 6_000))
        let error = expectIMSError(.refundExceedsRemaining) {
            try RefundPolicy.refund(Self.request(1, of: payment), of: payment, remainder: remainder, methodOfPayment: nil)
        }
        #expect(error?.field == "amount")
    }

    @Test("a refund of more than remains is refused as invalid input")
    func exceedsRemaining() throws {
        let payment = try Self.basketPayment()
        let first = try Self.refund(300, of: payment, after: [], id: 11)
        let remainder = RefundPolicy.remainder(of: payment, refunds: [first])
        let error = expectIMSError(.refundExceedsRemaining, kind: .validation) {
            try RefundPolicy.refund(Self.request(5_701, of: payment), of: payment, remainder: remainder, methodOfPayment: nil)
        }
        #expect(error?.reason.contains("£57.01") == true)
        #expect(error?.reason.contains("£57.00") == true)
        _ = try RefundPolicy.refund(Self.request(5_700, of: payment), of: payment, remainder: remainder, methodOfPayment: nil)
    }

    @Test("a refund based on an out-of-date remainder is refused as stale")
    func staleRemainder() throws {
        let payment = try Self.basketPayment()
        let first = try Self.refund(300, of: payment, after: [], id: 11)
        let remainder = RefundPolicy.remainder(of: payment, refunds: [first])
        // The officer still sees £60.00 left: refused even though £1.00 is well within what remains.
        let error = expectIMSError(.refundStaleRemaining, kind: .preconditionFailed) {
            try RefundPolicy.refund(Self.request(100, of: payment, expecting: 6_000), of: payment, remainder: remainder, methodOfPayment: nil)
        }
        #expect(error?.field == "expected_remaining")
        // Stale and too large: the stale view is what the officer must fix first.
        expectIMSError(.refundStaleRemaining, kind: .preconditionFailed) {
            try RefundPolicy.refund(Self.request(9_000, of: payment, expecting: 6_000), of: payment, remainder: remainder, methodOfPayment: nil)
        }
        let current = try RefundPolicy.refund(
            Self.request(100, of: payment, expecting: 5_700), of: payment, remainder: remainder, methodOfPayment: nil)
        #expect(current.incomeTotal == Money(pence: -100))
    }

    @Test("payments by a non-refundable method cannot be refunded", arguments: ["ALLPAY", "JNL", "XFER"])
    func nonRefundableMethod(code: String) throws {
        let payment = try Self.basketPayment()
        let method = try Fixture.method(code)
        let remainder = RefundPolicy.remainder(of: payment, refunds: [])
        expectIMSError(.refundNotRefundable) {
            try RefundPolicy.refund(Self.request(100, of: payment), of: payment, remainder: remainder, methodOfPayment: method)
        }
    }

    @Test("only payments can be refunded (not refunds, nor migrated chunks until legacy refunds exist)")
    func onlyPayments() throws {
        let payment = try Self.basketPayment()
        let refund = try Self.refund(300, of: payment, after: [], id: 11)
        expectIMSError(.refundNotRefundable) {
            try RefundPolicy.refund(
                Self.request(100, of: refund), of: refund, remainder: RefundPolicy.remainder(of: refund, refunds: []), methodOfPayment: nil)
        }
        var migratedContent = payment.content
        migratedContent.kind = .migration
        let migrated = Entry(id: 30, recordedAt: Fixture.time, content: migratedContent)
        expectIMSError(.refundNotRefundable) {
            try RefundPolicy.refund(
                Self.request(100, of: migrated), of: migrated,
                remainder: RefundPolicy.remainder(of: migrated, refunds: []), methodOfPayment: nil)
        }
    }

    @Test("a refund of nothing is refused", arguments: [0, -100] as [Int64])
    func nonPositive(pence: Int64) throws {
        let payment = try Self.basketPayment()
        let remainder = RefundPolicy.remainder(of: payment, refunds: [])
        expectIMSError(.amountNotPositive) {
            try RefundPolicy.refund(Self.request(pence, of: payment), of: payment, remainder: remainder, methodOfPayment: nil)
        }
    }

    @Test("VAT on a refund is at the rate the payment was taken at, not today's")
    func originalRate() throws {
        var codes = Fixture.vatCodes
        codes["STD"] = VATCode(code: "STD", name: "Standard rate (2010)", treatment: .standard, rateBasisPoints: 1750)
        let payment = try Self.basketPayment(vatCodes: codes)
        #expect(payment.lines[0].vatRateBasisPoints == 1750)
        let refund = try Self.refund(1_000, of: payment, after: [], id: 11)
        #expect(refund.lines[0].vatRateBasisPoints == 1750)
        #expect(refund.lines[0].vatAmount == Money(pence: Independent.vatPence(gross: 1_000, rateBasisPoints: 1750)))
        #expect(refund.lines[0].vatAmount == Money(pence: 149))
    }

    @Test("refund lines always balance and never refund more than paid, for any sequence of refunds")
    func refundSequences() throws {
        let payment = try Self.basketPayment()
        for step: Int64 in [333, 457, 999, 1_000, 1_001, 2_999, 6_000] {
            var refunds: [Entry] = []
            var refunded: Int64 = 0
            while refunded < 6_000 {
                let amount = min(step, 6_000 - refunded)
                let refund = try Self.refund(amount, of: payment, after: refunds, id: 100 + Int64(refunds.count))
                #expect(refund.lines.map(\.amount).sum() == .zero)
                refunds.append(refund)
                refunded += amount
            }
            let remainder = RefundPolicy.remainder(of: payment, refunds: refunds)
            #expect(remainder.remaining == .zero, "step \(step)")
            #expect(remainder.remainingByAccount.allSatisfy { $0.remaining == .zero }, "step \(step)")
            // Issue 9 item 4: however it was refunded, each line gets back exactly the VAT it was charged, and
            // after each refund the VAT given back so far is the VAT of the gross given back so far.
            for line in payment.fundLines {
                var grossBack: Int64 = 0
                var vatBack: Int64 = 0
                for refundLine in refunds.flatMap(\.fundLines) where refundLine.account == line.account {
                    grossBack += refundLine.amount.pence
                    vatBack += refundLine.vatAmount.pence
                    if grossBack < -line.amount.pence {
                        #expect(vatBack == Independent.vatPence(gross: grossBack, rateBasisPoints: line.vatRateBasisPoints), "step \(step)")
                    }
                }
                #expect(vatBack == -line.vatAmount.pence, "step \(step)")
            }
        }
    }

    @Test("a refund goes back to the clearing account the payment came through")
    func clearingAccount() throws {
        var details = try Fixture.details(Fixture.method("CASH"))
        details.clearingAccount = .clearing("CASH-TOWNHALL")
        let content = try PostingRules.payment(
            [PaymentItem(fund: Fixture.fund("PARK"), reference: Fixture.reference("DM12345678"), amount: .pounds(70))],
            details: details, vatCodes: Fixture.vatCodes)
        let payment = Entry(id: 50, recordedAt: Fixture.time, content: content)
        let refund = try Self.refund(3_500, of: payment, after: [], id: 51, method: Fixture.method("CASH"))
        #expect(refund.lines.last?.account == .clearing("CASH-TOWNHALL"))
        #expect(refund.lines.last?.amount == Money(pence: -3_500))
    }
}
