/// What an entry says: the business event, who caused it, its payer and card details where there are any,
/// and its balanced lines. It is the same before and after it is stored; storing adds the id and the time.
public struct EntryContent: Hashable, Sendable, Codable {
    public var kind: EntryKind
    /// When the event happened (the tax point for a payment); may be earlier than when it was recorded.
    public var occurredAt: Timestamp
    public var recordedBy: Principal
    /// How and where it came in.
    public var origin: Origin
    /// The entry this one corrects (a refund's payment, a reversal's original).
    public var correctsEntryID: Int64?
    /// A reference from outside IMS in its own namespace: a legacy receipt number, a bank line's reference.
    public var externalReference: String?
    public var payer: PayerDetails
    /// The payment provider's id for the payment (never card data).
    public var pspReference: String?
    /// The card's brand and last 4 digits (never its expiry, never its number).
    public var card: CardSummary
    public var narrative: String?
    public var lines: [EntryLine]
    /// A `migration` entry's `MigratedRecordsDigest` of the records it carries (entries sealed before the
    /// digest existed, and every other kind, have none). Part of the entry's hash.
    public var recordsDigest: String?

    public init(
        kind: EntryKind, occurredAt: Timestamp, recordedBy: Principal, origin: Origin = Origin(), correctsEntryID: Int64? = nil,
        externalReference: String? = nil, payer: PayerDetails = PayerDetails(), pspReference: String? = nil, card: CardSummary = CardSummary(),
        narrative: String? = nil, lines: [EntryLine], recordsDigest: String? = nil
    ) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.recordedBy = recordedBy
        self.origin = origin
        self.correctsEntryID = correctsEntryID
        self.externalReference = externalReference
        self.payer = payer
        self.pspReference = pspReference
        self.card = card.withoutExpiry
        self.narrative = narrative
        self.lines = lines
        self.recordsDigest = recordsDigest
    }

    /// The total income the entry records on fund accounts (positive for a payment, negative for a refund).
    public var incomeTotal: Money { lines.filter { $0.account.kind == .fund }.map(\.incomeAmount).sum() }

    /// The fund-side lines: the income records as users know them.
    public var fundLines: [EntryLine] { lines.filter { $0.account.kind == .fund } }

    /// Refuses an entry that could not be part of the ledger: fewer than two lines, a zero line, lines
    /// that do not sum to zero, an amount out of range, VAT larger than its line, card data in free text.
    public func validate() throws(IMSError) {
        guard lines.count >= 2 else {
            throw .validation(.entryTooFewLines, "An entry needs at least two lines (a debit and a credit)", field: "lines")
        }
        var total: Int64 = 0
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            guard !line.amount.isZero else {
                throw .validation(.entryZeroLine, "A ledger line cannot be for £0.00", field: field)
            }
            guard line.amount.magnitude <= Money.maximumMagnitude else {
                throw .validation(.moneyOutOfRange, "The amount is too large", field: field)
            }
            let vatWithinLine =
                line.vatAmount.isZero
                || (line.vatAmount.isNegative == line.amount.isNegative && line.vatAmount.magnitude <= line.amount.magnitude)
            guard vatWithinLine else {
                throw .validation(.entryInvalid, "A line's VAT must have the line's sign and be no more than the line", field: field)
            }
            total += line.amount.pence
        }
        guard total == 0 else {
            throw .validation(.entryUnbalanced, "The entry's lines add up to \(Money(pence: total).formatted), not £0.00", field: "lines")
        }
        if let cardLast4 = card.lastFourDigits, cardLast4.count != 4 || !cardLast4.allSatisfy(\.isASCIIDigitCharacter) {
            throw .validation(.entryInvalid, "Card last 4 must be exactly four digits", field: "card_last4")
        }
        for (field, text) in freeText {
            if let text, CardNumberDetector.containsCardNumber(text) {
                throw .validation(.entryInvalid, "This text looks like it holds a card number, which IMS must never store", field: field)
            }
        }
    }

    private var freeText: [(String, String?)] {
        [
            ("narrative", narrative), ("payer_name", payer.name), ("payer_address", payer.address), ("external_reference", externalReference),
            ("psp_reference", pspReference),
        ] + lines.enumerated().map { ("lines[\($0.offset)].narrative", $0.element.narrative) }
    }
}

/// An entry as stored: immutable, with its id (which follows the order entries were recorded) and the time it
/// was recorded.
@dynamicMemberLookup
public struct Entry: Hashable, Sendable, Codable, Identifiable {
    public let id: Int64
    public let recordedAt: Timestamp
    public let content: EntryContent

    public init(id: Int64, recordedAt: Timestamp, content: EntryContent) {
        self.id = id
        self.recordedAt = recordedAt
        self.content = content
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<EntryContent, Value>) -> Value {
        content[keyPath: keyPath]
    }

    /// The receipt number IMS shows for the entry, unique and in recording order: `R00001234`.
    public var receiptNumber: String { Self.receiptNumber(forEntryID: id) }

    public static func receiptNumber(forEntryID id: Int64) -> String {
        let digits = String(id)
        return "R" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
