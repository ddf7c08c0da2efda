import IMSCore
import Testing

@Suite("Ledger entries")
struct EntryTests {
    static let councilTax = LedgerAccount.fund("CTAX", AccountReference(normalising: "771234564"))
    static let buildingControl = LedgerAccount.fund("BCON", AccountReference(normalising: "BC-004211"))
    static let card = LedgerAccount.clearing("CARD")

    static func content(_ lines: [EntryLine], cardLast4: String? = nil) -> EntryContent {
        EntryContent(
            kind: .payment, occurredAt: Fixture.time, recordedBy: .user("cashier.alice"),
            origin: Origin(channel: "counter", office: "TOWNHALL", methodOfPayment: "CARD"), payer: PayerDetails(name: "Zoë Ní Bhriain"),
            card: CardSummary(lastFourDigits: cardLast4), lines: lines)
    }

    static let balanced = content([
        EntryLine(account: buildingControl, amount: Money(pence: -1_200), vatCode: "STD", vatRateBasisPoints: 2000, vatAmount: Money(pence: -200)),
        EntryLine(account: councilTax, amount: Money(pence: -5_000), vatCode: "OUT"),
        EntryLine(account: card, amount: Money(pence: 6_200)),
    ])

    @Test("a balanced entry is accepted")
    func balancedPasses() throws {
        try Self.balanced.validate()
    }

    @Test("lines that do not sum to zero are refused", arguments: [1, -1, 100, -6_199] as [Int64])
    func unbalanced(offByPence: Int64) {
        var content = Self.balanced
        content.lines[2].amount = Money(pence: 6_200 + offByPence)
        let error = expectIMSError(.entryUnbalanced) { try content.validate() }
        #expect(error?.field == "lines")
        #expect(error?.reason.contains(Money(pence: offByPence).formatted) == true)
    }

    @Test("an entry needs at least two lines", arguments: [0, 1])
    func tooFewLines(count: Int) {
        let lines = Array([EntryLine(account: Self.card, amount: Money(pence: 100))].prefix(count))
        expectIMSError(.entryTooFewLines) { try Self.content(lines).validate() }
    }

    @Test("a line for £0.00 is refused, naming the line")
    func zeroLine() {
        let content = Self.content([
            EntryLine(account: Self.councilTax, amount: Money(pence: -100)),
            EntryLine(account: Self.buildingControl, amount: .zero),
            EntryLine(account: Self.card, amount: Money(pence: 100)),
        ])
        #expect(expectIMSError(.entryZeroLine) { try content.validate() }?.field == "lines[1]")
    }

    @Test("a line beyond the largest amount is refused")
    func outOfRange() {
        let huge = Money.maximumMagnitude + Money(pence: 1)
        let content = Self.content([EntryLine(account: Self.councilTax, amount: -huge), EntryLine(account: Self.card, amount: huge)])
        expectIMSError(.moneyOutOfRange) { try content.validate() }
    }

    @Test(
        "VAT larger than its line, or of the other sign, is refused",
        arguments: [
            (-1_200, -1_201), (-1_200, 200), (1_200, -200), (1_200, 1_201),
        ] as [(Int64, Int64)])
    func vatOutsideLine(amount: Int64, vat: Int64) {
        let content = Self.content([
            EntryLine(
                account: Self.buildingControl, amount: Money(pence: amount), vatCode: "STD", vatRateBasisPoints: 2000, vatAmount: Money(pence: vat)),
            EntryLine(account: Self.card, amount: Money(pence: -amount)),
        ])
        #expect(expectIMSError(.entryInvalid) { try content.validate() }?.field == "lines[0]")
    }

    @Test("VAT up to the whole line, with the line's sign, is accepted", arguments: [(-1_200, -1_200), (1_200, 200), (-1, 0)] as [(Int64, Int64)])
    func vatWithinLine(amount: Int64, vat: Int64) throws {
        try Self.content([
            EntryLine(
                account: Self.buildingControl, amount: Money(pence: amount), vatCode: "STD", vatRateBasisPoints: 2000, vatAmount: Money(pence: vat)),
            EntryLine(account: Self.card, amount: Money(pence: -amount)),
        ]).validate()
    }

    @Test("card last 4 must be four digits", arguments: ["123", "12345", "12a4", "", "12 4", "\u{0661}234"])
    func badCardLast4(last4: String) {
        var content = Self.balanced
        content.card.lastFourDigits = last4
        #expect(expectIMSError(.entryInvalid) { try content.validate() }?.field == "card_last4")
    }

    @Test("four digits, or none, are fine for card last 4", arguments: ["1111", "0000", nil] as [String?])
    func goodCardLast4(last4: String?) throws {
        var content = Self.balanced
        content.card.lastFourDigits = last4
        try content.validate()
    }

    enum FreeText: String, CaseIterable, Sendable {
        case narrative, payerName = "payer_name", payerAddress = "payer_address", externalReference = "external_reference"
        case pspReference = "psp_reference", lineNarrative = "lines[1].narrative"

        func put(_ text: String, into content: inout EntryContent) {
            switch self {
            case .narrative: content.narrative = text
            case .payerName: content.payer.name = text
            case .payerAddress: content.payer.address = text
            case .externalReference: content.externalReference = text
            case .pspReference: content.pspReference = text
            case .lineNarrative: content.lines[1].narrative = text
            }
        }
    }

    @Test("a card number in any free text is refused, naming where", arguments: FreeText.allCases)
    func cardNumberInText(place: FreeText) {
        var content = Self.balanced
        place.put("paid by 4111 1111 1111 1111 thanks", into: &content)
        #expect(expectIMSError(.entryInvalid) { try content.validate() }?.field == place.rawValue)
    }

    @Test("long numbers that are not card numbers are fine in free text", arguments: FreeText.allCases)
    func otherNumbersInText(place: FreeText) throws {
        var content = Self.balanced
        place.put("ref 771234564 / 123456789012 / 4111111111111112", into: &content)
        try content.validate()
    }

    @Test("income is the credit on fund lines")
    func incomeTotal() {
        #expect(Self.balanced.incomeTotal == Money(pence: 6_200))
        #expect(Self.balanced.fundLines.map(\.account) == [Self.buildingControl, Self.councilTax])
        #expect(Self.balanced.lines[0].incomeAmount == Money(pence: 1_200))
    }

    @Test(
        "the receipt number is R and eight digits in recording order",
        arguments: [
            (1, "R00000001"), (1_234, "R00001234"), (99_999_999, "R99999999"), (123_456_789, "R123456789"),
        ] as [(Int64, String)])
    func receiptNumber(id: Int64, text: String) {
        #expect(Entry(id: id, recordedAt: Fixture.time, content: Self.balanced).receiptNumber == text)
    }

    @Test("a stored entry reads through to its content")
    func dynamicMembers() {
        let entry = Entry(id: 5, recordedAt: Fixture.time, content: Self.balanced)
        #expect(entry.kind == .payment)
        #expect(entry.payer.name == "Zoë Ní Bhriain")
        #expect(entry.incomeTotal == Money(pence: 6_200))
    }
}
