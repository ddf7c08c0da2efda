/// What to look for in the transaction history. Every list is "any of these"; different filters must all
/// hold. An empty filter matches everything, newest first.
///
/// Unknown values (a fund that does not exist, an office nobody used) simply match nothing; only values
/// that cannot be what they claim to be (an amount that is not pence, a date that is not a date) are errors.
public struct TransactionFilter: Hashable, Sendable {
    public var receiptReferences: [String] = []
    public var providerReferences: [String] = []
    /// Exact references, or prefixes (given with a trailing `*`, stored without it).
    public var accountReferences: [String] = []
    public var accountReferencePrefixes: [String] = []
    /// Full-text terms over payer name, narrative and address (see `SearchWords.query`).
    public var text: [SearchWords.Term] = []
    public var postcodes: [String] = []
    public var amounts: [Money] = []
    public var minimumAmount: Money?
    public var maximumAmount: Money?
    /// Inclusive UK local dates, as instants: from the start of `from` to the end of `to`.
    public var from: Timestamp?
    public var until: Timestamp?
    public var funds: [String] = []
    public var methodsOfPayment: [String] = []
    public var channels: [String] = []
    public var offices: [String] = []
    public var users: [String] = []
    public var cardLast4: [String] = []
    public var importBatches: [Int64] = []
    public var kinds: [String] = []
    public var sources: [String] = []
    /// The caller's funds (an API key's, a member of staff's).
    public var scope: FundScope = .all

    public init() {}

    /// Whether the text filter was given but holds no word (e.g. `'-'`): such a search matches nothing.
    public var hasEmptyText = false

    /// The id range the dates allow (inclusive), or `nil` for no bound.
    public var idRange: (lowest: Int64?, highest: Int64?) {
        (from.map(RecordID.first(atOrAfter:)), until.map { RecordID.first(atOrAfter: $0) - 1 })
    }

    /// The funds to search: those asked for, within the caller's scope; `nil` when not restricted.
    public var effectiveFunds: [String]? {
        switch (funds.isEmpty, scope) {
        case (true, .all): return nil
        case (true, .only): return scope.listed.map(\.rawValue)
        case (false, .all): return funds
        case (false, .only(let allowed)): return funds.filter { code in allowed.contains { $0.rawValue == code } }
        }
    }

    /// Parses the query parameters of `GET /api/v1/transactions` and the staff search form (names as in
    /// the API); repeated names add alternatives. Empty values are ignored. Unknown parameter names are
    /// ignored too, so that a form's own fields (`after`, buttons) can travel along.
    public init(parameters: [(name: String, value: String)]) throws(IMSError) {
        for (name, rawValue) in parameters {
            let value = rawValue.trimmingWhitespace()
            guard !value.isEmpty else { continue }
            switch name {
            case "receipt_reference": receiptReferences.append(value)
            case "provider_reference": providerReferences.append(value)
            case "account_reference":
                let reference = AccountReference(normalising: value.hasSuffix("*") ? String(value.dropLast()) : value).value
                if value.hasSuffix("*") {
                    guard !reference.isEmpty else {
                        throw .validation(.searchFilterInvalid, "An account reference prefix needs at least one character before the *", field: name)
                    }
                    accountReferencePrefixes.append(reference)
                } else {
                    accountReferences.append(reference)
                }
            case "text":
                let terms = SearchWords.query(value)
                if terms.isEmpty { hasEmptyText = true }
                text.append(contentsOf: terms)
            case "postcode": postcodes.append(Postcode.normalise(value))
            case "amount": amounts.append(try Self.pence(value, name))
            case "amount_min": minimumAmount = try Self.pence(value, name)
            case "amount_max": maximumAmount = try Self.pence(value, name)
            case "from": from = UKLocalTime.timestamp(try Self.date(value, name))
            case "to": until = UKLocalTime.startOfNextDay(after: try Self.date(value, name))
            case "fund_code", "fund": funds.append(value.uppercased())
            case "method_of_payment": methodsOfPayment.append(value.uppercased())
            case "channel": channels.append(value.lowercased())
            case "office": offices.append(value)
            case "user": users.append(value)
            case "card_last4":
                guard value.count == 4, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw .validation(.searchFilterInvalid, "card_last4 must be the last 4 digits of a card, e.g. 4242", field: name)
                }
                cardLast4.append(value)
            case "import_batch":
                guard let batch = Int64(value), batch > 0 else {
                    throw .validation(.searchFilterInvalid, "import_batch must be a batch number, e.g. 12", field: name)
                }
                importBatches.append(batch)
            case "kind": kinds.append(value.lowercased())
            case "source": sources.append(value.lowercased())
            default: continue
            }
        }
        if let minimumAmount, let maximumAmount, minimumAmount > maximumAmount {
            throw .validation(.searchFilterInvalid, "amount_min is more than amount_max", field: "amount_min")
        }
        if let from, let until, from >= until {
            throw .validation(.searchFilterInvalid, "from is after to", field: "from")
        }
    }

    /// Whole pence, optionally negative: `4500`, `-1250`.
    private static func pence(_ value: String, _ name: String) throws(IMSError) -> Money {
        guard let pence = Int64(value), pence.magnitude < 1_000_000_000_000 else {
            throw .validation(.searchFilterInvalid, "\(name) must be a whole number of pence, e.g. 4500 for £45.00", field: name)
        }
        return Money(pence: pence)
    }

    /// An ISO date, `2019-04-30`, read as that UK calendar day.
    private static func date(_ value: String, _ name: String) throws(IMSError) -> UKLocalTime.DateTime {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw .validation(.searchFilterInvalid, "\(name) must be a date as YYYY-MM-DD, e.g. 2019-04-30", field: name)
        }
        let date = UKLocalTime.DateTime(year: year, month: month, day: day)
        guard date.isValid else {
            throw .validation(.searchFilterInvalid, "\(name) is not a real date: \(value)", field: name)
        }
        return date
    }
}

/// Where a page of results ends: the id of its last record, written as text so callers treat it as opaque.
public struct TransactionCursor: Hashable, Sendable, CustomStringConvertible {
    public let lastID: Int64

    public init(lastID: Int64) { self.lastID = lastID }

    /// The longest cursor, as the API document says (`t` and 12 base-36 digits, far past any record id).
    public static let maximumLength = 13

    public init(parsing text: String) throws(IMSError) {
        guard text.count <= Self.maximumLength, text.hasPrefix("t"),
            text.dropFirst().allSatisfy({ $0.isASCIIDigitCharacter || ("a"..."z").contains($0) }),
            let id = Int64(text.dropFirst(), radix: 36), id >= 0
        else {
            throw .validation(.searchFilterInvalid, "after must be the next cursor of an earlier page", field: "after")
        }
        lastID = id
    }

    public var description: String { "t" + String(lastID, radix: 36) }
}

/// One page of search results, newest first, and where the next page starts (`nil` on the last page).
public struct TransactionPage: Hashable, Sendable {
    public var records: [TransactionRecord]
    public var next: TransactionCursor?

    public init(records: [TransactionRecord], next: TransactionCursor?) {
        self.records = records
        self.next = next
    }
}

/// A record with everything linked to it: the ledger entries behind it, the records that correct it
/// (refunds, journals, reversals) and what can still be refunded.
public struct TransactionDetail: Hashable, Sendable {
    public var record: TransactionRecord
    public var linked: [TransactionRecord]
    public var entries: [Entry]
    /// For payments: the amount less what refunds have already given back; `nil` for other kinds.
    public var refundableRemainder: Money?
    /// For live payments: the remainder account by account, so a viewer limited to some funds is shown only
    /// theirs (``refundableRemainder(visibleTo:)``).
    public var refundableByAccount: RefundableRemainder?

    public init(
        record: TransactionRecord, linked: [TransactionRecord], entries: [Entry], refundableRemainder: Money?,
        refundableByAccount: RefundableRemainder? = nil
    ) {
        self.record = record
        self.linked = linked
        self.entries = entries
        self.refundableRemainder = refundableRemainder
        self.refundableByAccount = refundableByAccount
    }

    /// The remainder as `visibility` may see it: of its accounts only, when some of the payment's are not its.
    public func refundableRemainder(visibleTo visibility: FundVisibility) -> Money? {
        guard let whole = refundableRemainder, let byAccount = refundableByAccount, whole != .zero,
            let payment = entries.first(where: { $0.id == record.entryID }), !visibility.seesAll(of: payment)
        else { return refundableRemainder }
        return visibility.remaining(of: byAccount)
    }
}

/// Search over every income record, live and migrated.
public protocol TransactionStore: Sendable {
    /// A page of records matching `filter`, newest first, after `cursor`.
    func transactions(matching filter: TransactionFilter, after cursor: TransactionCursor?, limit: Int) async throws -> TransactionPage
    /// Every record matching `filter`, newest first, handed over in pages so memory stays flat.
    func exportTransactions(matching filter: TransactionFilter, pageSize: Int, _ body: @Sendable ([TransactionRecord]) async throws -> Void)
        async throws
    func transaction(id: Int64) async throws -> TransactionRecord?
    func transactionDetail(id: Int64) async throws -> TransactionDetail?
}
