import IMSCore

/// One row of a legacy income file that passed every check and may be imported as it is.
///
/// Historical references are kept as they were, not re-validated against today's fund rules: the account
/// reference is only normalised (see `AccountReference(normalising:)`). Empty optional fields are `nil`.
public struct LegacyRecord: Hashable, Sendable {
    /// The physical line where the record starts in its file.
    public var line: Int
    /// The legacy system's receipt number, trimmed of surrounding spaces.
    public var receiptReference: String
    public var occurredAt: Timestamp
    /// The IMS fund, after the mapping; always one of the council's funds.
    public var fund: FundCode
    public var accountReference: AccountReference
    /// Negative for a refund.
    public var amount: Money
    /// The IMS VAT code, after the mapping.
    public var vatCode: String?
    public var vatAmount: Money?
    /// The IMS method-of-payment code, after the mapping.
    public var methodOfPayment: String?
    public var narrative: String?
    public var payerName: String?
    public var address: String?
    public var postcode: String?
    public var office: String?
    public var user: String?
    public var pspReference: String?
    public var cardLast4: String?
    /// On a refund: the receipt reference of the payment it refunds.
    public var originalReceiptReference: String?

    public init(
        line: Int, receiptReference: String, occurredAt: Timestamp, fund: FundCode, accountReference: AccountReference,
        amount: Money, vatCode: String? = nil, vatAmount: Money? = nil, methodOfPayment: String? = nil,
        narrative: String? = nil, payerName: String? = nil, address: String? = nil, postcode: String? = nil,
        office: String? = nil, user: String? = nil, pspReference: String? = nil, cardLast4: String? = nil,
        originalReceiptReference: String? = nil
    ) {
        self.line = line
        self.receiptReference = receiptReference
        self.occurredAt = occurredAt
        self.fund = fund
        self.accountReference = accountReference
        self.amount = amount
        self.vatCode = vatCode
        self.vatAmount = vatAmount
        self.methodOfPayment = methodOfPayment
        self.narrative = narrative
        self.payerName = payerName
        self.address = address
        self.postcode = postcode
        self.office = office
        self.user = user
        self.pspReference = pspReference
        self.cardLast4 = cardLast4
        self.originalReceiptReference = originalReceiptReference
    }

    /// Whether this row gives money back.
    public var isRefund: Bool { amount.isNegative }
}

/// What two legacy rows must not share: the receipt reference, or the receipt reference and the UK
/// calendar year of the transaction, as the mapping's `duplicate_key` says. The first row with a key wins.
public struct DuplicateKey: Hashable, Sendable, CustomStringConvertible {
    public let receiptReference: String
    public let year: Int?

    public init(_ record: LegacyRecord, rule: DuplicateKeyRule) {
        receiptReference = record.receiptReference
        switch rule {
        case .receiptReference: year = nil
        case .receiptReferenceAndYear: year = UKLocalTime.dateTime(of: record.occurredAt).year
        }
    }

    /// `R000123` or `R000123|2019`: the key as one string, e.g. for a unique database column.
    public var description: String {
        guard let year else { return receiptReference }
        return "\(receiptReference)|\(year)"
    }

    /// A stable 64-bit FNV-1a hash of `description`, the same in every process (unlike `hashValue`), so that
    /// millions of keys fit in a compact set; equal fingerprints must still be confirmed by the full key.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in description.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
