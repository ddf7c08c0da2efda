/// What money is for: council tax, business rates, parking fines… A fund says how its account references
/// are checked, how its income is treated for VAT and where it lands in the council's general ledger.
public struct Fund: Hashable, Sendable, Codable {
    public var code: FundCode
    public var name: String
    public var vatCode: String
    /// The largest single payment accepted for this fund, if it has a limit.
    public var maximumAmount: Money?
    public var glCode: String
    public var costCentre: String
    public var referenceValidator: ReferenceValidator
    /// Whether residents may pay it online (in a basket).
    public var isBasketFund: Bool
    /// Whether a reference must match an existing account (checked against the council's account list).
    public var accountMustExist: Bool
    /// Disabled funds take no new income; their history stays.
    public var isDisabled: Bool
    /// The fund where unmatched income waits (there is normally exactly one).
    public var isSuspense: Bool

    public init(
        code: FundCode, name: String, vatCode: String, maximumAmount: Money? = nil,
        glCode: String, costCentre: String, referenceValidator: ReferenceValidator,
        isBasketFund: Bool = true, accountMustExist: Bool = false, isDisabled: Bool = false, isSuspense: Bool = false
    ) {
        self.code = code
        self.name = name
        self.vatCode = vatCode
        self.maximumAmount = maximumAmount
        self.glCode = glCode
        self.costCentre = costCentre
        self.referenceValidator = referenceValidator
        self.isBasketFund = isBasketFund
        self.accountMustExist = accountMustExist
        self.isDisabled = isDisabled
        self.isSuspense = isSuspense
    }

    /// Checks that this fund may take `amount` now: enabled, positive, within its maximum.
    public func checkAcceptsPayment(of amount: Money, field: String? = nil) throws(IMSError) {
        guard !isDisabled else {
            throw .validation(.fundDisabled, "\(name) is not taking payments at the moment", field: field)
        }
        guard amount.isPositive else {
            throw .validation(.amountNotPositive, "Enter an amount greater than £0.00", field: field)
        }
        if let maximumAmount, amount > maximumAmount {
            throw .validation(.amountOverMaximum, "The most you can pay towards \(name) at once is \(maximumAmount.formatted)", field: field)
        }
    }

    /// Normalises and checks a reference for this fund.
    public func validateReference(_ text: String, field: String? = nil) throws(IMSError) -> AccountReference {
        do {
            return try referenceValidator.validate(text)
        } catch {
            throw field.map { error.at(field: $0) } ?? error
        }
    }
}
