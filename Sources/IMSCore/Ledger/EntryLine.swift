/// One posting of an entry: an amount against an account. Debits are positive, credits negative, and an
/// entry's lines sum to zero. Income credits a fund account, so a £10 payment to council tax is a
/// −£10.00 line on the fund and +£10.00 on the card clearing account.
public struct EntryLine: Hashable, Sendable, Codable {
    public var account: LedgerAccount
    public var amount: Money
    /// The VAT code of the fund at the time (fund lines only).
    public var vatCode: String?
    public var vatRateBasisPoints: Int64
    /// The VAT inside `amount`, with the same sign; zero where no VAT is charged.
    public var vatAmount: Money
    public var narrative: String?

    public init(
        account: LedgerAccount, amount: Money, vatCode: String? = nil, vatRateBasisPoints: Int64 = 0, vatAmount: Money = .zero,
        narrative: String? = nil
    ) {
        self.account = account
        self.amount = amount
        self.vatCode = vatCode
        self.vatRateBasisPoints = vatRateBasisPoints
        self.vatAmount = vatAmount
        self.narrative = narrative
    }

    /// A fund line as the income team sees it: income is the credit, so positive for a payment.
    public var incomeAmount: Money { -amount }
}
