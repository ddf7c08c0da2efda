/// How money arrived: card, cash, cheque, postal order, BACS, allpay… Each has amount limits, the ways in
/// that may use it, a card fee rule, and its own clearing account on the other side of the ledger from the fund.
public struct MethodOfPayment: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var minimumAmount: Money?
    public var maximumAmount: Money?
    public var isRefundable: Bool
    /// What taking this method costs and who bears it.
    public var cardFee: CardFeeRule
    /// The clearing account code this method's money passes through, e.g. `CARD`, `CASH`.
    public var clearingAccountCode: String
    /// The ways in that may use this method (cash is for counters and returns, not online).
    public var routes: Set<PaymentRoute>
    /// Retired methods take no new payments; their history stays.
    public var isRetired: Bool

    public init(
        code: String, name: String, minimumAmount: Money? = nil, maximumAmount: Money? = nil, isRefundable: Bool, cardFee: CardFeeRule = .none,
        clearingAccountCode: String, routes: Set<PaymentRoute> = Set(PaymentRoute.allCases), isRetired: Bool = false
    ) {
        self.code = code
        self.name = name
        self.minimumAmount = minimumAmount
        self.maximumAmount = maximumAmount
        self.isRefundable = isRefundable
        self.cardFee = cardFee
        self.clearingAccountCode = clearingAccountCode
        self.routes = routes
        self.isRetired = isRetired
    }

    /// Whether taking this method costs a fee at all.
    public var incursCardFee: Bool { cardFee.charge != .none }

    /// The clearing account this method posts to.
    public var clearingAccount: LedgerAccount { .clearing(clearingAccountCode) }

    /// Checks the method's own limits for one payment.
    public func checkAccepts(_ amount: Money, field: String? = nil) throws(IMSError) {
        guard !isRetired else {
            throw .validation(.methodRetired, "\(name) is no longer accepted", field: field)
        }
        if let minimumAmount, amount < minimumAmount {
            throw .validation(.amountUnderMinimum, "The least that can be paid by \(name) is \(minimumAmount.formatted)", field: field)
        }
        if let maximumAmount, amount > maximumAmount {
            throw .validation(.amountOverMaximum, "The most that can be paid by \(name) is \(maximumAmount.formatted)", field: field)
        }
    }
}

/// A card fee: nothing, a fixed sum or a percentage of the payment; charged to the payer as a line of its
/// own, or absorbed centrally (recorded against the council). UK law bars surcharging consumers for card
/// payments (the Consumer Rights (Payment Surcharges) Regulations 2012 as amended in 2018), so `none` or
/// `absorbed` is the usual choice; `payer` exists for commercial payments where a council may still charge.
public struct CardFeeRule: Hashable, Sendable, Codable {
    public enum Charge: Hashable, Sendable, Codable {
        case none
        case fixed(Money)
        /// Basis points of the payment: 150 is 1.5%.
        case percentage(basisPoints: Int64)
    }

    public enum Bearer: String, Hashable, Sendable, Codable, CaseIterable {
        /// A line of its own on the payer's payment.
        case payer
        /// Recorded centrally; the payer pays what they owe.
        case council
    }

    public var charge: Charge
    public var bearer: Bearer

    public init(charge: Charge, bearer: Bearer = .council) {
        self.charge = charge
        self.bearer = bearer
    }

    public static let none = CardFeeRule(charge: .none)

    /// The fee on `amount`, in pence, a percentage rounded to the nearest penny with halves up.
    public func fee(on amount: Money) -> Money {
        switch charge {
        case .none: return .zero
        case .fixed(let fee): return fee
        case .percentage(let basisPoints):
            let numerator = Int128(amount.pence) * Int128(basisPoints)
            return Money(pence: Int64(VATCode.divideRoundingHalfAwayFromZero(numerator, 10_000)))
        }
    }
}
