/// One item of a basket: so much to a fund and reference.
public struct PaymentItem: Hashable, Sendable {
    public var fund: Fund
    public var reference: AccountReference
    public var amount: Money
    public var narrative: String?

    public init(fund: Fund, reference: AccountReference, amount: Money, narrative: String? = nil) {
        self.fund = fund
        self.reference = reference
        self.amount = amount
        self.narrative = narrative
    }
}

/// Who paid and how, for the entry's header.
public struct PaymentDetails: Hashable, Sendable {
    public var occurredAt: Timestamp
    public var recordedBy: Principal
    public var methodOfPayment: MethodOfPayment
    public var channel: Channel
    public var office: String?
    public var payer: PayerDetails
    public var pspReference: String?
    public var card: CardSummary
    public var narrative: String?
    /// The clearing account, when not the method's own (e.g. cash in a particular till).
    public var clearingAccount: LedgerAccount?
    /// A reference from outside the ledger: the online payment's id, a legacy receipt number.
    public var externalReference: String?

    public init(
        occurredAt: Timestamp, recordedBy: Principal, methodOfPayment: MethodOfPayment, channel: Channel, office: String? = nil,
        payer: PayerDetails = PayerDetails(), pspReference: String? = nil, card: CardSummary = CardSummary(), narrative: String? = nil,
        clearingAccount: LedgerAccount? = nil,
        externalReference: String? = nil
    ) {
        self.occurredAt = occurredAt
        self.recordedBy = recordedBy
        self.methodOfPayment = methodOfPayment
        self.channel = channel
        self.office = office
        self.payer = payer
        self.pspReference = pspReference
        self.card = card
        self.narrative = narrative
        self.clearingAccount = clearingAccount
        self.externalReference = externalReference
    }
}

/// How each business event becomes balanced ledger lines. Every function returns content that passes
/// `EntryContent.validate()` or throws the reason it cannot.
public enum PostingRules {
    /// A payment: one credit per basket item on its fund account (with the fund's VAT, per line) and one
    /// debit of the total on the method's clearing account.
    ///
    /// `enforceLimits: false` is for money a provider has already taken: the limits were checked when the
    /// payment was made, and a fund disabled since must not stop the ledger recording what was received.
    public static func payment(_ items: [PaymentItem], details: PaymentDetails, vatCodes: [String: VATCode], enforceLimits: Bool = true)
        throws(IMSError) -> EntryContent
    {
        guard !items.isEmpty else { throw .validation(.entryTooFewLines, "A payment needs at least one item", field: "lines") }
        var lines: [EntryLine] = []
        for (index, item) in items.enumerated() {
            if enforceLimits { try item.fund.checkAcceptsPayment(of: item.amount, field: "lines[\(index)].amount") }
            lines.append(
                try fundLine(item.fund, item.reference, income: item.amount, narrative: item.narrative, vatCodes: vatCodes, at: details.occurredAt))
        }
        let total = items.map(\.amount).sum()
        if enforceLimits { try details.methodOfPayment.checkAccepts(total, field: "amount") }
        lines.append(EntryLine(account: details.clearingAccount ?? details.methodOfPayment.clearingAccount, amount: total))
        var content = EntryContent(
            kind: .payment, occurredAt: details.occurredAt, recordedBy: details.recordedBy,
            origin: Origin(channel: details.channel.rawValue, office: details.office, methodOfPayment: details.methodOfPayment.code),
            payer: details.payer, pspReference: details.pspReference, card: details.card, narrative: details.narrative, lines: lines)
        content.externalReference = details.externalReference
        try content.validate()
        return content
    }

    /// A journal: income moved from one fund account to another (paid to the wrong account). The source is
    /// debited with VAT reversed at the rate of the line being corrected (`sourceLine`, when the journal
    /// corrects a posted line; the fund's rate today only otherwise), and the destination credited with its
    /// own fund's VAT.
    public static func journal(
        amount: Money, from source: (fund: Fund, reference: AccountReference), to destination: (fund: Fund, reference: AccountReference),
        occurredAt: Timestamp, recordedBy: Principal, narrative: String, correcting entryID: Int64? = nil, sourceLine: EntryLine? = nil,
        vatCodes: [String: VATCode]
    ) throws(IMSError) -> EntryContent {
        guard amount.isPositive else { throw .validation(.amountNotPositive, "Enter an amount greater than £0.00", field: "amount") }
        let sourceFundLine: EntryLine
        if let sourceLine {
            sourceFundLine = EntryLine(
                fund: source.fund, source.reference, income: -amount, narrative: narrative, vatCode: VATCode.rate(of: sourceLine))
        } else {
            sourceFundLine = try fundLine(source.fund, source.reference, income: -amount, narrative: narrative, vatCodes: vatCodes, at: occurredAt)
        }
        let lines = [
            sourceFundLine,
            try fundLine(destination.fund, destination.reference, income: amount, narrative: narrative, vatCodes: vatCodes, at: occurredAt),
        ]
        let content = EntryContent(
            kind: .journal, occurredAt: occurredAt, recordedBy: recordedBy,
            origin: Origin(channel: Channel.staff.rawValue, methodOfPayment: MethodOfPayment.journalCode),
            correctsEntryID: entryID, narrative: narrative, lines: lines)
        try content.validate()
        return content
    }

    /// A fund line for `income` (positive for money in), with VAT from the fund's code at the rate in force
    /// at `time`, the tax point.
    public static func fundLine(
        _ fund: Fund, _ reference: AccountReference, income: Money, narrative: String?, vatCodes: [String: VATCode], at time: Timestamp
    ) throws(IMSError) -> EntryLine {
        guard let vatCode = vatCodes[fund.vatCode]?.inForce(at: time) else {
            throw IMSError(.internal, .entryInvalid, "Fund \(fund.code) has VAT code \(fund.vatCode), which is not configured")
        }
        return EntryLine(fund: fund, reference, income: income, narrative: narrative, vatCode: vatCode)
    }
}

extension EntryLine {
    /// A fund line for `income` with VAT at `vatCode`'s rate.
    init(fund: Fund, _ reference: AccountReference, income: Money, narrative: String?, vatCode: VATCode) {
        self.init(
            account: .fund(fund.code, reference), amount: -income, vatCode: vatCode.code,
            vatRateBasisPoints: vatCode.rateBasisPoints, vatAmount: -vatCode.vat(onGross: income), narrative: narrative)
    }
}
