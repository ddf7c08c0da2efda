/// Where a searchable record came from: IMS's own ledger, or the council's previous system.
public enum TransactionSource: String, Sendable, Hashable, Codable, CaseIterable {
    case ims
    case legacy
}

/// One income record as search finds it: the fund-side line of a ledger entry (a payment, a refund, one
/// side of a journal…) or one migrated legacy record. Records are a read model: live ones are written in
/// the same transaction as their entry, migrated ones with the import batch's ledger entry.
public struct TransactionRecord: Hashable, Sendable, Identifiable {
    /// Time-ordered, see `RecordID`.
    public var id: Int64
    public var occurredAt: Timestamp
    public var kind: EntryKind
    public var source: TransactionSource
    /// The ledger entry: the entry itself for live records; for migrated ones the import's migration entry.
    public var entryID: Int64
    /// IMS's receipt number (`R00001234`) for live records; the legacy system's own for migrated ones.
    /// The two never collide because `source` keeps them apart.
    public var receiptReference: String
    /// On a refund: the receipt reference of the payment it refunds; on a reversal or journal the
    /// receipt of the entry it corrects.
    public var originalReceiptReference: String?
    public var fund: FundCode
    public var accountReference: String
    /// As the fund sees it: positive for money in, negative for money out (refunds, journals away).
    public var amount: Money
    public var vatCode: String?
    public var vatAmount: Money?
    public var origin: Origin
    public var user: String?
    public var providerReference: String?
    /// The last 4 digits only: a search record keeps no brand.
    public var card: CardSummary
    public var payer: PayerDetails
    public var narrative: String?
    /// Migrated records: the import batch and the physical line of the file the record started on.
    public var importBatchID: Int64?
    public var fileLine: Int64?
    /// Whether an import reversal has cancelled this record.
    public var isReversed: Bool

    public init(
        id: Int64, occurredAt: Timestamp, kind: EntryKind, source: TransactionSource, entryID: Int64, receiptReference: String,
        originalReceiptReference: String? = nil, fund: FundCode, accountReference: String, amount: Money,
        vatCode: String? = nil, vatAmount: Money? = nil, origin: Origin = Origin(), user: String? = nil, providerReference: String? = nil,
        card: CardSummary = CardSummary(), payer: PayerDetails = PayerDetails(), narrative: String? = nil,
        importBatchID: Int64? = nil, fileLine: Int64? = nil, isReversed: Bool = false
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.kind = kind
        self.source = source
        self.entryID = entryID
        self.receiptReference = receiptReference
        self.originalReceiptReference = originalReceiptReference
        self.fund = fund
        self.accountReference = accountReference
        self.amount = amount
        self.vatCode = vatCode
        self.vatAmount = vatAmount
        self.origin = origin
        self.user = user
        self.providerReference = providerReference
        self.card = card
        self.payer = payer
        self.narrative = narrative
        self.importBatchID = importBatchID
        self.fileLine = fileLine
        self.isReversed = isReversed
    }

    /// The words the full-text index holds for this record.
    public var searchText: String { SearchWords.indexText(payer.name, narrative, payer.address) }
}

/// UK postcodes as stored and searched: upper case, one space before the inward code (`SW1A 1AA`).
/// Text that is not shaped like a postcode is kept upper-cased and trimmed.
public enum Postcode {
    public static func normalise(_ text: String) -> String {
        if let normal = normaliseASCII(text) { return normal }
        let compact = String(text.uppercased().filter { !$0.isWhitespace })
        guard compact.count >= 5, compact.count <= 7 else { return text.uppercased().trimmingWhitespace() }
        return String(compact.dropLast(3)) + " " + String(compact.suffix(3))
    }

    /// The same for a plain ASCII postcode of 5 to 7 letters and digits (nearly every one), byte by byte;
    /// `nil` for anything else.
    private static func normaliseASCII(_ text: String) -> String? {
        var compact: [UInt8] = []
        compact.reserveCapacity(8)
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09...0x0D: continue
            case 0x61...0x7A: compact.append(byte - 0x20)
            case 0x80...: return nil
            default: compact.append(byte)
            }
        }
        guard (5...7).contains(compact.count) else { return nil }
        compact.insert(UInt8(ascii: " "), at: compact.count - 3)
        return String(decoding: compact, as: UTF8.self)
    }
}
