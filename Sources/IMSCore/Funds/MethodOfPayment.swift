/// How money arrived: card, cash, cheque, postal order, BACS, allpay… Each has amount limits and flags,
/// and its own clearing account on the other side of the ledger from the fund.
public struct MethodOfPayment: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var minimumAmount: Money?
    public var maximumAmount: Money?
    public var isRefundable: Bool
    public var incursCardFee: Bool
    /// The clearing account code this method's money passes through, e.g. `CARD`, `CASH`.
    public var clearingAccountCode: String

    public init(
        code: String, name: String, minimumAmount: Money? = nil, maximumAmount: Money? = nil,
        isRefundable: Bool, incursCardFee: Bool = false, clearingAccountCode: String
    ) {
        self.code = code
        self.name = name
        self.minimumAmount = minimumAmount
        self.maximumAmount = maximumAmount
        self.isRefundable = isRefundable
        self.incursCardFee = incursCardFee
        self.clearingAccountCode = clearingAccountCode
    }

    /// The clearing account this method posts to.
    public var clearingAccount: LedgerAccount { .clearing(clearingAccountCode) }

    /// Checks the method's own limits for one payment.
    public func checkAccepts(_ amount: Money, field: String? = nil) throws(IMSError) {
        if let minimumAmount, amount < minimumAmount {
            throw .validation(.amountUnderMinimum, "The least that can be paid by \(name) is \(minimumAmount.formatted)", field: field)
        }
        if let maximumAmount, amount > maximumAmount {
            throw .validation(.amountOverMaximum, "The most that can be paid by \(name) is \(maximumAmount.formatted)", field: field)
        }
    }
}

/// A council office where money is taken (`TOWNHALL`, `CONTACT`, `WEB`, `ATP`).
public struct Office: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}
