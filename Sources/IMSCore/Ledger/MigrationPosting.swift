/// How migrated legacy income reaches the ledger: one `migration` entry per committed chunk of an import,
/// with the chunk's income and refunds per fund on the fund's `MIGRATED` account against
/// `clearing:MIGRATION`. The records themselves keep every detail; see decision 0007.
public enum MigrationPosting {
    /// The account reference that holds migrated history within each fund.
    public static let accountReference = AccountReference(normalising: "MIGRATED")

    /// What a chunk brought into one fund: income (positive) and refunds (negative), kept apart so that
    /// neither is hidden inside a net figure (and a fund whose refunds cancel its income still shows both).
    public struct FundTotals: Hashable, Sendable {
        public var records: Int64 = 0
        public var income: Money = .zero
        public var refunds: Money = .zero

        public init() {}

        public mutating func add(_ amount: Money) {
            records += 1
            if amount.isNegative { refunds += amount } else { income += amount }
        }

        public var net: Money { income + refunds }
    }

    /// The chunk's entry, or `nil` when every record in it is for £0.00 (nothing to post).
    public static func entry(
        totals: [FundCode: FundTotals], batchID: Int64, lines: ClosedRange<Int64>, at time: Timestamp, by principal: Principal
    ) -> EntryContent? {
        var entryLines: [EntryLine] = []
        var clearingIncome = Money.zero
        var clearingRefunds = Money.zero
        for (fund, total) in totals.sorted(by: { $0.key < $1.key }) {
            let account = LedgerAccount.fund(fund, accountReference)
            // Fund accounts are credited (negative) with income and debited with refunds.
            if !total.income.isZero { entryLines.append(EntryLine(account: account, amount: -total.income, narrative: "Migrated income")) }
            if !total.refunds.isZero { entryLines.append(EntryLine(account: account, amount: -total.refunds, narrative: "Migrated refunds")) }
            clearingIncome += total.income
            clearingRefunds += total.refunds
        }
        if !clearingIncome.isZero { entryLines.append(EntryLine(account: .migrationClearing, amount: clearingIncome)) }
        if !clearingRefunds.isZero { entryLines.append(EntryLine(account: .migrationClearing, amount: clearingRefunds)) }
        guard entryLines.count >= 2 else { return nil }
        return EntryContent(
            kind: .migration, occurredAt: time, recordedBy: principal, externalReference: "import-batch:\(batchID)",
            narrative: "Legacy import batch \(batchID), file lines \(lines.lowerBound)–\(lines.upperBound)", lines: entryLines)
    }

    /// The exact opposite of `entry`, cancelling it: every line negated, pointing at the entry it reverses.
    public static func reversal(of entry: Entry, at time: Timestamp, by principal: Principal, reason: String) -> EntryContent {
        EntryContent(
            kind: .reversal, occurredAt: time, recordedBy: principal, correctsEntryID: entry.id,
            externalReference: entry.externalReference, narrative: reason,
            lines: entry.lines.map {
                EntryLine(
                    account: $0.account, amount: -$0.amount, vatCode: $0.vatCode, vatRateBasisPoints: $0.vatRateBasisPoints,
                    vatAmount: -$0.vatAmount, narrative: $0.narrative)
            })
    }
}
