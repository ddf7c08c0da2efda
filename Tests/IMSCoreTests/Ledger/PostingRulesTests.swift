import IMSCore
import Testing

@Suite("Posting rules")
struct PostingRulesTests {
    @Test("a payment to a standard-rated fund credits the fund with VAT and debits the card clearing account")
    func standardRatedPayment() throws {
        let buildingControl = try Fixture.fund("BCON")
        let card = try Fixture.method("CARD")
        let content = try PostingRules.payment(
            [
                PaymentItem(
                    fund: buildingControl, reference: Fixture.reference("BC-004211"), amount: Money(pence: 1_000), narrative: "Plan check BC-004211")
            ],
            details: Fixture.details(card), vatCodes: Fixture.vatCodes)

        #expect(content.kind == .payment)
        #expect(content.lines.count == 2)
        let fundLine = content.lines[0]
        #expect(fundLine.account == .fund("BCON", Fixture.reference("BC-004211")))
        #expect(fundLine.amount == Money(pence: -1_000))
        #expect(fundLine.vatCode == "STD")
        #expect(fundLine.vatRateBasisPoints == 2000)
        #expect(fundLine.vatAmount == Money(pence: -167))
        #expect(fundLine.narrative == "Plan check BC-004211")
        #expect(content.lines[1] == EntryLine(account: .clearing("CARD"), amount: Money(pence: 1_000)))
        #expect(content.origin.methodOfPayment == "CARD")
        #expect(content.origin.channel == "online")
        #expect(content.card.lastFourDigits == "1111")
        #expect(content.incomeTotal == Money(pence: 1_000))
        try content.validate()
    }

    @Test("issue 10: paying a sundry debtor invoice is outside the scope of VAT (the VAT was accounted on the invoice)")
    func sundryInvoicePaymentIsOutsideTheScope() throws {
        let content = try PostingRules.payment(
            [PaymentItem(fund: Fixture.fund("SUND"), reference: Fixture.reference("912345678"), amount: .pounds(300))],
            details: Fixture.details(Fixture.method("CARD")), vatCodes: Fixture.vatCodes)
        #expect(content.lines[0].vatCode == "OUT")
        #expect(content.lines[0].vatRateBasisPoints == 0)
        #expect(content.lines[0].vatAmount == .zero)
    }

    @Test("a basket gets VAT per line, not on its total")
    func basket() throws {
        let items = try [
            PaymentItem(fund: Fixture.fund("BCON"), reference: Fixture.reference("BC-004211"), amount: Money(pence: 1_000)),
            PaymentItem(fund: Fixture.fund("BCON"), reference: Fixture.reference("BC-004212"), amount: Money(pence: 3)),
            PaymentItem(fund: Fixture.fund("CTAX"), reference: Fixture.reference("771234564"), amount: Money(pence: 5_000)),
        ]
        let content = try PostingRules.payment(items, details: Fixture.details(Fixture.method("CARD")), vatCodes: Fixture.vatCodes)

        #expect(content.lines.map(\.amount) == [-1_000, -3, -5_000, 6_003].map { Money(pence: $0) })
        #expect(content.lines.map(\.vatAmount) == [-167, -1, 0, 0].map { Money(pence: $0) })
        #expect(content.lines.map(\.vatCode) == ["STD", "STD", "OUT", nil])
        #expect(content.lines.map(\.vatRateBasisPoints) == [2000, 2000, 0, 0])
        // On the £10.03 total of the two standard-rated lines VAT would be 167p; per line it is 168p.
        #expect(Independent.vatPence(gross: 1_003, rateBasisPoints: 2000) == 167)
        #expect(content.lines.map(\.vatAmount).sum() == Money(pence: -168))
        #expect(content.lines.map(\.amount).sum() == .zero)
        try content.validate()
    }

    @Test("a payment can go to a particular clearing account, such as a till")
    func clearingAccountOverride() throws {
        var details = try Fixture.details(Fixture.method("CASH"))
        details.clearingAccount = .clearing("CASH-TOWNHALL")
        let content = try PostingRules.payment(
            [PaymentItem(fund: Fixture.fund("PARK"), reference: Fixture.reference("DM12345678"), amount: Money.pounds(35))],
            details: details, vatCodes: Fixture.vatCodes)
        #expect(content.lines.last?.account.key == "clearing:CASH-TOWNHALL")
    }

    @Test("a payment over the fund's maximum is refused; the maximum itself is accepted")
    func fundMaximum() throws {
        let councilTax = try Fixture.fund("CTAX")
        let card = try Fixture.method("CARD")
        let reference = Fixture.reference("771234564")
        _ = try PostingRules.payment(
            [PaymentItem(fund: councilTax, reference: reference, amount: .pounds(10_000))],
            details: Fixture.details(card), vatCodes: Fixture.vatCodes)
        let error = expectIMSError(.amountOverMaximum) {
            try PostingRules.payment(
                [PaymentItem(fund: councilTax, reference: reference, amount: .pounds(10_000, pence: 1))],
                details: Fixture.details(card), vatCodes: Fixture.vatCodes)
        }
        #expect(error?.field == "lines[0].amount")
        #expect(error?.reason.contains("£10,000.00") == true)
    }

    @Test("a payment of nothing or less is refused", arguments: [0, -1, -1_000] as [Int64])
    func nonPositive(pence: Int64) throws {
        let item = try PaymentItem(fund: Fixture.fund("SUND"), reference: Fixture.reference("912345678"), amount: Money(pence: pence))
        let details = try Fixture.details(Fixture.method("CARD"))
        expectIMSError(.amountNotPositive) { try PostingRules.payment([item], details: details, vatCodes: Fixture.vatCodes) }
    }

    @Test("a disabled fund takes no payments")
    func disabledFund() throws {
        var fund = try Fixture.fund("BINS")
        fund.isRetired = true
        let item = PaymentItem(fund: fund, reference: Fixture.reference("GW-104233"), amount: .pounds(45))
        let details = try Fixture.details(Fixture.method("CARD"))
        expectIMSError(.fundDisabled) { try PostingRules.payment([item], details: details, vatCodes: Fixture.vatCodes) }
    }

    @Test("the method's maximum applies to the basket total")
    func methodMaximum() throws {
        let items = try [
            PaymentItem(fund: Fixture.fund("CTAX"), reference: Fixture.reference("771234564"), amount: .pounds(9_000)),
            PaymentItem(fund: Fixture.fund("NNDR"), reference: Fixture.reference("561234566"), amount: .pounds(2_000)),
        ]
        let cash = try Fixture.details(Fixture.method("CASH"))
        let error = expectIMSError(.amountOverMaximum) { try PostingRules.payment(items, details: cash, vatCodes: Fixture.vatCodes) }
        #expect(error?.field == "amount")
        let card = try Fixture.details(Fixture.method("CARD"))
        #expect(try PostingRules.payment(items, details: card, vatCodes: Fixture.vatCodes).incomeTotal == .pounds(11_000))
    }

    @Test("a postal order over £250 is refused")
    func postalOrderMaximum() throws {
        let postalOrder = try Fixture.details(Fixture.method("PO"))
        let fund = try Fixture.fund("SUND")
        _ = try PostingRules.payment(
            [PaymentItem(fund: fund, reference: Fixture.reference("912345678"), amount: .pounds(250))],
            details: postalOrder, vatCodes: Fixture.vatCodes)
        expectIMSError(.amountOverMaximum) {
            try PostingRules.payment(
                [PaymentItem(fund: fund, reference: Fixture.reference("912345678"), amount: .pounds(250, pence: 1))],
                details: postalOrder, vatCodes: Fixture.vatCodes)
        }
    }

    @Test("the method's minimum applies")
    func methodMinimum() throws {
        let method = MethodOfPayment(code: "CHQ5", name: "Cheque", minimumAmount: .pounds(5), isRefundable: true, clearingAccountCode: "CHQ")
        let fund = try Fixture.fund("SUND")
        let details = Fixture.details(method)
        let error = expectIMSError(.amountUnderMinimum) {
            try PostingRules.payment(
                [PaymentItem(fund: fund, reference: Fixture.reference("912345678"), amount: .pounds(4, pence: 99))],
                details: details, vatCodes: Fixture.vatCodes)
        }
        #expect(error?.reason.contains("£5.00") == true)
        _ = try PostingRules.payment(
            [PaymentItem(fund: fund, reference: Fixture.reference("912345678"), amount: .pounds(5))],
            details: details, vatCodes: Fixture.vatCodes)
    }

    @Test("an empty basket is refused")
    func emptyBasket() throws {
        let details = try Fixture.details(Fixture.method("CARD"))
        expectIMSError(.entryTooFewLines) { try PostingRules.payment([], details: details, vatCodes: Fixture.vatCodes) }
    }

    @Test("a fund whose VAT code is not configured is a fault of the system, not the payer")
    func unknownVATCode() throws {
        var fund = try Fixture.fund("SUND")
        fund.vatCode = "NOPE"
        let details = try Fixture.details(Fixture.method("CARD"))
        expectIMSError(.entryInvalid, kind: .internal) {
            try PostingRules.payment(
                [PaymentItem(fund: fund, reference: Fixture.reference("912345678"), amount: .pounds(1))],
                details: details, vatCodes: Fixture.vatCodes)
        }
    }

    @Test("a payer name holding a card number is refused")
    func cardNumberInPayerName() throws {
        let details = try Fixture.details(Fixture.method("CARD"), payerName: "4111111111111111")
        let item = try PaymentItem(fund: Fixture.fund("SUND"), reference: Fixture.reference("912345678"), amount: .pounds(1))
        #expect(
            expectIMSError(.entryInvalid) { try PostingRules.payment([item], details: details, vatCodes: Fixture.vatCodes) }?.field
                == "payer_name")
    }

    @Test("a journal moves income from one fund account to another")
    func journal() throws {
        let councilTax = try Fixture.fund("CTAX")
        let wrong = Fixture.reference("771234564")
        let right = Fixture.reference("779999998")
        let content = try PostingRules.journal(
            amount: .pounds(50), from: (councilTax, wrong), to: (councilTax, right), occurredAt: Fixture.time,
            recordedBy: .user("finance.erin"), narrative: "Paid to the wrong account", correcting: 42, vatCodes: Fixture.vatCodes)
        #expect(content.kind == .journal)
        #expect(content.origin.methodOfPayment == "JNL")
        #expect(content.correctsEntryID == 42)
        #expect(content.lines.map(\.account) == [.fund("CTAX", wrong), .fund("CTAX", right)])
        #expect(content.lines.map(\.amount) == [Money(pence: 5_000), Money(pence: -5_000)])
        #expect(content.lines.map(\.incomeAmount) == [Money(pence: -5_000), Money(pence: 5_000)])
        #expect(content.incomeTotal == .zero)
        #expect(content.lines.allSatisfy { $0.narrative == "Paid to the wrong account" })
    }

    @Test("a journal between funds carries each fund's own VAT")
    func journalBetweenVATTreatments() throws {
        let content = try PostingRules.journal(
            amount: .pounds(12), from: (Fixture.fund("BCON"), Fixture.reference("BC-004211")),
            to: (Fixture.fund("CTAX"), Fixture.reference("771234564")), occurredAt: Fixture.time,
            recordedBy: .user("finance.erin"), narrative: "Reallocated", vatCodes: Fixture.vatCodes)
        #expect(content.lines[0].amount == Money(pence: 1_200))
        #expect(content.lines[0].vatAmount == Money(pence: 200))
        #expect(content.lines[1].amount == Money(pence: -1_200))
        #expect(content.lines[1].vatAmount == .zero)
        #expect(content.correctsEntryID == nil)
        try content.validate()
    }

    @Test("a journal of nothing is refused", arguments: [0, -100] as [Int64])
    func journalNonPositive(pence: Int64) throws {
        let councilTax = try Fixture.fund("CTAX")
        expectIMSError(.amountNotPositive) {
            try PostingRules.journal(
                amount: Money(pence: pence), from: (councilTax, Fixture.reference("771234564")),
                to: (councilTax, Fixture.reference("779999998")), occurredAt: Fixture.time,
                recordedBy: .user("finance.erin"), narrative: "x", vatCodes: Fixture.vatCodes)
        }
    }
}
