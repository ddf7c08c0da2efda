/// A council account a payment may be made against: a council tax account, a business rates hereditament,
/// a sundry debtor, loaded from the council's revenue systems (`ims accounts import`). Where a fund says
/// the account must exist, a reference that matches none is refused on every way in.
public struct AccountHolder: Hashable, Sendable, Codable {
    public var fundCode: FundCode
    public var reference: AccountReference
    public var name: String
    public var address: [String]
    public var postcode: String?
    /// What the revenue system says is owed, where the file gives it.
    public var balance: Money?
    /// When set, the account is on stop: payments against it are refused with this reason.
    public var onStopReason: String?

    public init(
        fundCode: FundCode, reference: AccountReference, name: String, address: [String] = [], postcode: String? = nil, balance: Money? = nil,
        onStopReason: String? = nil
    ) {
        self.fundCode = fundCode
        self.reference = reference
        self.name = name
        self.address = address
        self.postcode = postcode
        self.balance = balance
        self.onStopReason = onStopReason
    }

    /// The reason given when a file marks an account on stop without one of its own.
    public static let defaultOnStopReason = "Payments to this account cannot be taken at the moment. Please contact the council."

    /// Refuses a payment against an account on stop, with the council's reason.
    public func checkAcceptsPayment(field: String? = nil) throws(IMSError) {
        if let onStopReason { throw .validation(.accountOnStop, onStopReason, field: field) }
    }
}

/// Where the accounts of a payment's funds can be looked up, by fund and normalised reference.
public struct AccountKey: Hashable, Sendable {
    public var fundCode: FundCode
    public var reference: AccountReference

    public init(fundCode: FundCode, reference: AccountReference) {
        self.fundCode = fundCode
        self.reference = reference
    }
}
