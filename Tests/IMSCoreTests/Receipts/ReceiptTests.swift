import IMSCore
import Testing

/// The receipt model against DOMAIN.md's rules, with the VAT worked out by `Independent.vatPence`.
@Suite("Receipt")
struct ReceiptTests {
    /// The demo council with a fund at every VAT treatment.
    static let configuration: CouncilConfiguration = {
        var configuration = DemoCouncil.configuration
        let added = [("ENRG", "Home energy advice", "RED"), ("BOOK", "Local history books", "ZER"), ("SPRT", "Sports coaching", "EXE")]
        for (code, name, vatCode) in added {
            configuration.funds.append(
                Fund(
                    code: FundCode(stringLiteral: code), name: name, vatCode: vatCode, glCode: "7001", costCentre: "TST01",
                    referenceValidator: .anyReference))
        }
        return configuration
    }()

    static let paidAt = Fixture.time
    static let recordedAt = Fixture.time.adding(seconds: 5)

    /// A card payment posted by the real posting rule: so much (pence) per fund.
    static func payment(_ items: [(FundCode, Int64)], id: Int64 = 1_234, payerName: String? = "Siân O'Brien") throws -> Entry {
        let funds = try items.map { code, pence in
            PaymentItem(fund: try #require(configuration.fund(code)), reference: AccountReference(normalising: "REF-1"), amount: Money(pence: pence))
        }
        var details = Fixture.details(try Fixture.method("CARD"), payerName: payerName)
        details.payer.address = "2 Mill Lane\nDemotown"
        details.payer.postcode = "DM2 2BB"
        details.externalReference = "pay_abcdefghijklmnopqrstuvwxyz"
        let content = try PostingRules.payment(funds, details: details, vatCodes: configuration.vatCodesByCode, enforceLimits: false)
        return Entry(id: id, recordedAt: recordedAt, content: content)
    }

    @Test("Council tax and fines are outside the scope of VAT: a plain receipt that shows no VAT")
    func outsideScope() throws {
        let receipt = try Receipt(entry: Self.payment([("CTAX", 120_000), ("PARK", 7_000)]), configuration: Self.configuration, isCopy: false)
        #expect(receipt.form == .receipt)
        #expect(!receipt.chargesVAT)
        #expect(receipt.total == Money(pence: 127_000))
        #expect(receipt.totalVAT == .zero)
        #expect(receipt.vatByRate.isEmpty)
        #expect(receipt.lines.allSatisfy { !$0.hasRate && $0.vat == .zero })
    }

    @Test(
        "VAT charged, up to £250 including VAT: a simplified invoice; a penny more: a full invoice",
        arguments: [
            (Int64(25_000), Receipt.Form.simplifiedInvoice),
            (25_001, .fullInvoice),
            (1, .simplifiedInvoice),
        ])
    func simplifiedLimit(pence: Int64, form: Receipt.Form) throws {
        let receipt = try Receipt(entry: Self.payment([("BCON", pence)]), configuration: Self.configuration, isCopy: false)
        #expect(receipt.form == form)
        #expect(receipt.totalVAT == Money(pence: Independent.vatPence(gross: pence, rateBasisPoints: 2_000)))
    }

    @Test("The £250 limit is the total including VAT, and outside-scope lines count towards it")
    func limitCountsEveryLine() throws {
        let receipt = try Receipt(entry: Self.payment([("BCON", 20_000), ("CTAX", 5_001)]), configuration: Self.configuration, isCopy: false)
        #expect(receipt.form == .fullInvoice)
    }

    @Test("A simplified invoice: for each rate, the gross and the VAT, from the lines' own rounded VAT")
    func simplifiedInvoice() throws {
        let entry = try Self.payment([("BCON", 10_000), ("ENRG", 1_000), ("CTAX", 5_000)])
        let receipt = try Receipt(entry: entry, configuration: Self.configuration, isCopy: false)
        #expect(receipt.form == .simplifiedInvoice)
        let standardVAT = Independent.vatPence(gross: 10_000, rateBasisPoints: 2_000)  // 1,666.67 → 1,667
        let reducedVAT = Independent.vatPence(gross: 1_000, rateBasisPoints: 500)  // 47.62 → 48
        #expect(standardVAT == 1_667 && reducedVAT == 48)
        #expect(receipt.vatByRate.map(\.rateText) == ["20%", "5%"])
        #expect(receipt.vatByRate.map(\.gross) == [Money(pence: 10_000), Money(pence: 1_000)])
        #expect(receipt.vatByRate.map(\.vat) == [Money(pence: standardVAT), Money(pence: reducedVAT)])
        #expect(receipt.total == Money(pence: 16_000))
        #expect(receipt.totalVAT == Money(pence: standardVAT + reducedVAT))
        #expect(receipt.totalNet == Money(pence: 16_000 - standardVAT - reducedVAT))
    }

    @Test("VAT is rounded per line, halves away from zero, never worked out on the total")
    func perLineRounding() throws {
        // 3p at 20% holds 0.5p of VAT, which rounds to 1p; two such lines hold 2p, though 6p at 20% holds 1p.
        let receipt = try Receipt(entry: Self.payment([("BCON", 3), ("BCON", 3)]), configuration: Self.configuration, isCopy: false)
        #expect(Independent.vatPence(gross: 3, rateBasisPoints: 2_000) == 1)
        #expect(Independent.vatPence(gross: 6, rateBasisPoints: 2_000) == 1)
        #expect(receipt.lines.map(\.vat) == [Money(pence: 1), Money(pence: 1)])
        #expect(receipt.vatByRate.map(\.vat) == [Money(pence: 2)])
        #expect(receipt.totalNet == Money(pence: 4))
    }

    @Test("A full invoice: supplier, customer, and per line the quantity, unit price, rate and amount excluding VAT")
    func fullInvoice() throws {
        let entry = try Self.payment([("BCON", 30_000), ("ENRG", 2_100), ("BOOK", 1_500), ("SPRT", 4_000), ("CTAX", 900)])
        let receipt = try Receipt(entry: entry, configuration: Self.configuration, isCopy: false)
        #expect(receipt.form == .fullInvoice)
        #expect(
            receipt.supplier
                == .init(
                    name: "Demo Borough Council", address: ["Town Hall", "1 High Street", "Demotown", "DM1 1AA"],
                    vatRegistrationNumber: "GB 123 4567 89"))
        #expect(receipt.customer == .init(name: "Siân O'Brien", address: "2 Mill Lane\nDemotown", postcode: "DM2 2BB"))
        #expect(
            receipt.lines.map(\.description)
                == ["Building control", "Home energy advice", "Local history books", "Sports coaching", "Council Tax"])
        #expect(receipt.lines.map(\.quantity) == [1, 1, 1, 1, 1])
        #expect(receipt.lines.map(\.rateText) == ["20%", "5%", "0%", "0%", "0%"])
        #expect(receipt.lines.map(\.hasRate) == [true, true, true, false, false])
        let vat: [Int64] = [
            Independent.vatPence(gross: 30_000, rateBasisPoints: 2_000), Independent.vatPence(gross: 2_100, rateBasisPoints: 500), 0, 0, 0,
        ]
        #expect(vat == [5_000, 100, 0, 0, 0])
        #expect(receipt.lines.map(\.vat) == vat.map { Money(pence: $0) })
        #expect(receipt.lines.map(\.unitPriceExcludingVAT) == [25_000, 2_000, 1_500, 4_000, 900].map { Money(pence: $0) })
        #expect(receipt.totalVAT == Money(pence: 5_100))
        #expect(receipt.total == Money(pence: 38_500))
        #expect(receipt.totalNet == Money(pence: 33_400))
        // Zero-rated is a rate (0%); exempt and outside-scope supplies are not, and never look charged.
        #expect(receipt.totalsByRate.map(\.rateText) == ["20%", "5%", "0%"])
        #expect(receipt.totalsByRate.map(\.gross) == [Money(pence: 30_000), Money(pence: 2_100), Money(pence: 1_500)])
        #expect(receipt.vatByRate.map(\.rateText) == ["20%", "5%"])
    }

    @Test("Its numbers: receipt number, time of supply, date of issue, the payment's reference and card")
    func numbers() throws {
        let receipt = try Receipt(entry: Self.payment([("BCON", 1_000)], id: 4_321), configuration: Self.configuration, isCopy: false)
        #expect(receipt.receiptNumber == "R00004321")
        #expect(receipt.taxPoint == Self.paidAt)
        #expect(receipt.issuedAt == Self.recordedAt)
        #expect(receipt.paymentReference == "pay_abcdefghijklmnopqrstuvwxyz")
        #expect(receipt.providerReference == "sandbox-abc123")
        #expect(receipt.methodOfPayment == "Card")
        #expect(receipt.card?.brand == "visa" && receipt.card?.lastFourDigits == "1111")
        #expect(!receipt.isCopy)
        #expect(receipt.originalReceiptNumber == nil)
    }

    @Test("A re-issue is marked as a copy, dated when it was re-issued, and says the same otherwise")
    func copy() throws {
        let entry = try Self.payment([("BCON", 1_000)])
        let original = try Receipt(entry: entry, configuration: Self.configuration, isCopy: false)
        let reissuedAt = Self.paidAt.adding(seconds: 86_400 * 30)
        let copy = try Receipt(entry: entry, configuration: Self.configuration, isCopy: true, issuedAt: reissuedAt)
        #expect(copy.isCopy)
        #expect(copy.issuedAt == reissuedAt)
        #expect(copy.receiptNumber == original.receiptNumber && copy.lines == original.lines && copy.taxPoint == original.taxPoint)
    }

    @Test("A refund is a credit note that refers to the original receipt and gives back the VAT charged")
    func creditNote() throws {
        let payment = try Self.payment([("BCON", 1_000), ("CTAX", 5_000)], id: 10)
        let request = RefundRequest(
            paymentEntryID: 10, amount: Money(pence: 1_500), occurredAt: Self.paidAt.adding(seconds: 3_600),
            recordedBy: .user("finance.erin"), reason: "Overpaid")
        let content = try RefundPolicy.refund(request, of: payment, remainder: RefundPolicy.remainder(of: payment, refunds: []), methodOfPayment: nil)
        let refund = Entry(id: 11, recordedAt: Self.paidAt.adding(seconds: 3_601), content: content)
        let note = try Receipt(entry: refund, configuration: Self.configuration, isCopy: false)
        #expect(note.form == .creditNote)
        #expect(note.receiptNumber == "R00000011")
        #expect(note.originalReceiptNumber == "R00000010")
        #expect(note.taxPoint == Self.paidAt.adding(seconds: 3_600))
        // £10.00 off building control (all its VAT back), £5.00 off council tax: amounts given back, positive.
        #expect(note.lines.map(\.gross) == [Money(pence: 1_000), Money(pence: 500)])
        #expect(note.lines.map(\.vat) == [Money(pence: Independent.vatPence(gross: 1_000, rateBasisPoints: 2_000)), .zero])
        #expect(note.total == Money(pence: 1_500))
        #expect(note.totalVAT == Money(pence: 167))
    }

    @Test("A line whose VAT code has gone since shows the rate it was charged at")
    func removedVATCode() throws {
        var configuration = Self.configuration
        configuration.vatCodes.append(VATCode(code: "OLD", name: "Old standard rate", treatment: .standard, rateBasisPoints: 1_750))
        configuration.funds.append(
            Fund(code: "HIRE", name: "Room hire", vatCode: "OLD", glCode: "7002", costCentre: "TST02", referenceValidator: .anyReference))
        let hire = try #require(configuration.fund("HIRE"))
        let content = try PostingRules.payment(
            [PaymentItem(fund: hire, reference: AccountReference(normalising: "R1"), amount: Money(pence: 4_700))],
            details: Fixture.details(try Fixture.method("CARD")), vatCodes: configuration.vatCodesByCode)
        let receipt = try Receipt(entry: Entry(id: 5, recordedAt: Self.recordedAt, content: content), configuration: Self.configuration, isCopy: true)
        #expect(receipt.lines.first?.rateText == "17.5%")
        #expect(receipt.lines.first?.description == "HIRE")
        #expect(receipt.totalVAT == Money(pence: Independent.vatPence(gross: 4_700, rateBasisPoints: 1_750)))
        #expect(receipt.form == .simplifiedInvoice)
    }

    @Test("Without a payer's name there is no customer")
    func noCustomer() throws {
        #expect(try Receipt(entry: Self.payment([("CTAX", 1_000)], payerName: nil), configuration: Self.configuration, isCopy: false).customer == nil)
    }

    @Test("Journals, transfers and migrated history have no receipt of their own")
    func notIssued() throws {
        let council = try #require(Self.configuration.fund("CTAX"))
        let content = try PostingRules.journal(
            amount: Money(pence: 1_000), from: (council, AccountReference(normalising: "771234564")),
            to: (council, AccountReference(normalising: "779999998")),
            occurredAt: Self.paidAt, recordedBy: .user("finance.erin"), narrative: "Wrong account", vatCodes: Self.configuration.vatCodesByCode)
        expectIMSError(Receipt.notIssued) {
            try Receipt(entry: Entry(id: 7, recordedAt: Self.recordedAt, content: content), configuration: Self.configuration, isCopy: false)
        }
    }
}
