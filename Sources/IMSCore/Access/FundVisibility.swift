/// The one rule for what someone limited to some funds (a staff member's fund groups, an API key's funds)
/// sees of the ledger (issue 10): an entry exists for them only if one of its fund lines is theirs; of it
/// they see their funds' lines, and the other lines (clearing, card) only when every fund line is theirs,
/// since a clearing line's amount would show the total of funds they may not see. Amounts and remainders
/// they are shown are the sums of what they see.
public struct FundVisibility: Sendable {
    public let scope: FundScope

    public init(_ scope: FundScope) { self.scope = scope }

    /// Everything visible.
    public static let everything = FundVisibility(.all)

    public func mayUse(_ fund: FundCode) -> Bool { scope.mayUse(fund) }

    /// Whether a payment (online or by phone) is theirs to see and act on: only when every line's fund is,
    /// since its card details, amount and state cover the whole basket.
    public func canSee(_ payment: Payment) -> Bool {
        payment.lines.allSatisfy { line in (try? FundCode(parsing: line.fundCode)).map(mayUse) ?? false }
    }

    public func canSee(_ entry: Entry) -> Bool {
        entry.fundLines.contains { line in line.account.fundCode.map(mayUse) ?? false }
    }

    /// Whether every fund line of `entry` is visible (then nothing of it is hidden).
    public func seesAll(of entry: Entry) -> Bool {
        entry.fundLines.allSatisfy { line in line.account.fundCode.map(mayUse) ?? false }
    }

    public func lines(of entry: Entry) -> [EntryLine] {
        let all = seesAll(of: entry)
        return entry.lines.filter { line in line.account.fundCode.map(mayUse) ?? all }
    }

    /// Income on the visible fund lines.
    public func income(of entry: Entry) -> Money {
        lines(of: entry).filter { $0.account.kind == .fund }.map(\.incomeAmount).sum()
    }

    /// What remains refundable on the visible accounts.
    public func remaining(of remainder: RefundableRemainder) -> Money {
        remainder.remainingByAccount.filter { slot in slot.account.fundCode.map(mayUse) ?? false }.map(\.remaining).sum()
    }
}

extension APIKey {
    public var visibility: FundVisibility { scope.visibility }
}

extension StaffUser {
    public var visibility: FundVisibility { fundScope.visibility }
}
