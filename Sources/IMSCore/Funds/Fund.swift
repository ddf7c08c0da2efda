/// What money is for: council tax, business rates, parking fines… A fund says how its account references
/// are checked, how its income is treated for VAT, where it lands in the council's general ledger, which
/// ways in may take it and within which limits.
public struct Fund: Hashable, Sendable, Codable {
    public var code: FundCode
    public var name: String
    /// What payers read about the fund on the public pages; optional.
    public var description: String?
    public var vatCode: String
    /// The least and the most a single payment towards this fund may be, where it has limits.
    public var minimumAmount: Money?
    public var maximumAmount: Money?
    public var glCode: String
    public var costCentre: String
    public var referenceValidator: ReferenceValidator
    /// The ways in that may take this fund (online, phone, counter, department, file).
    public var routes: Set<PaymentRoute>
    /// Whether the payer's address is asked for (e.g. where the service must write to them).
    public var asksAddress: Bool
    /// Whether a reference must match an account the council has loaded (`ims accounts import`).
    public var accountMustExist: Bool
    /// When set, the fund is "on stop": it takes no payments, and payers are told this reason.
    public var onStopMessage: String?
    /// Whether references to this fund are kept out of the logs in clear (they name people, e.g. benefits).
    public var hidesReferencesInLogs: Bool
    /// Retired funds take no new income and are not offered; their history stays (a used fund is never deleted).
    public var isRetired: Bool
    /// The fund where unmatched income waits (there is normally exactly one).
    public var isSuspense: Bool

    public init(
        code: FundCode, name: String, description: String? = nil, vatCode: String, minimumAmount: Money? = nil, maximumAmount: Money? = nil,
        glCode: String, costCentre: String, referenceValidator: ReferenceValidator, routes: Set<PaymentRoute> = Set(PaymentRoute.allCases),
        asksAddress: Bool = false, accountMustExist: Bool = false, onStopMessage: String? = nil, hidesReferencesInLogs: Bool = false,
        isRetired: Bool = false, isSuspense: Bool = false
    ) {
        self.code = code
        self.name = name
        self.description = description
        self.vatCode = vatCode
        self.minimumAmount = minimumAmount
        self.maximumAmount = maximumAmount
        self.glCode = glCode
        self.costCentre = costCentre
        self.referenceValidator = referenceValidator
        self.routes = routes
        self.asksAddress = asksAddress
        self.accountMustExist = accountMustExist
        self.onStopMessage = onStopMessage
        self.hidesReferencesInLogs = hidesReferencesInLogs
        self.isRetired = isRetired
        self.isSuspense = isSuspense
    }

    /// Whether residents may pay it online (in a basket).
    public var isBasketFund: Bool { routes.contains(.online) && !isSuspense }

    /// Checks that this fund may take `amount` now: not retired, not on stop, positive, within its limits.
    public func checkAcceptsPayment(of amount: Money, field: String? = nil) throws(IMSError) {
        guard !isRetired else {
            throw .validation(.fundDisabled, "\(name) is not taking payments at the moment", field: field)
        }
        if let onStopMessage {
            throw .validation(.fundOnStop, onStopMessage, field: field)
        }
        guard amount.isPositive else {
            throw .validation(.amountNotPositive, "Enter an amount greater than £0.00", field: field)
        }
        if let minimumAmount, amount < minimumAmount {
            throw .validation(.amountUnderMinimum, "The least you can pay towards \(name) at once is \(minimumAmount.formatted)", field: field)
        }
        if let maximumAmount, amount > maximumAmount {
            throw .validation(.amountOverMaximum, "The most you can pay towards \(name) at once is \(maximumAmount.formatted)", field: field)
        }
    }

    /// Checks that this fund may be paid through `channel` (history and staff corrections always may).
    public func checkAccepts(_ channel: Channel, field: String? = nil) throws(IMSError) {
        guard let route = PaymentRoute(channel), !routes.contains(route) else { return }
        throw .validation(.fundRouteRefused, "\(name) cannot be paid \(route.phrase)", field: field)
    }

    /// Normalises and checks a reference for this fund.
    public func validateReference(_ text: String, field: String? = nil) throws(IMSError) -> AccountReference {
        do {
            return try referenceValidator.validate(text)
        } catch {
            throw field.map { error.at(field: $0) } ?? error
        }
    }

    /// A reference as the logs may show it: in clear, or, where the fund hides references, its length and last two characters.
    public func loggable(_ reference: AccountReference) -> String {
        guard hidesReferencesInLogs else { return reference.value }
        return String(repeating: "*", count: max(0, reference.value.count - 2)) + reference.value.suffix(2)
    }
}
