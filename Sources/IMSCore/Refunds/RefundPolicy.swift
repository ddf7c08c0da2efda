/// What may still be refunded to one fund account of a payment, after the refunds and journals recorded
/// against it.
public struct AccountRemainder: Hashable, Sendable {
    public var account: LedgerAccount
    /// The payment's line for this account, or the journal line that moved the payment's money here: its
    /// VAT code and rate apply to a refund.
    public var line: EntryLine
    /// What this account holds of the payment: its line's income, less what journals moved away, plus what
    /// they moved here.
    public var grossPaid: Money
    /// The VAT inside ``grossPaid``.
    public var vatPaid: Money
    public var grossRefunded: Money = .zero
    public var vatRefunded: Money = .zero

    public var remaining: Money { grossPaid - grossRefunded }

    /// The VAT to give back with a refund of `part` from this account: the VAT of everything refunded so far
    /// with `part`, less the VAT already given back, and exactly what is left when `part` empties the
    /// account. So a series of partial refunds gives back the VAT that was charged, not a penny more or less.
    public func vat(onRefundOf part: Money) -> Money {
        if part == remaining { return vatPaid - vatRefunded }
        let rate = VATCode.rate(of: line)
        return rate.vat(onGross: grossRefunded + part) - rate.vat(onGross: grossRefunded)
    }
}

/// What is left to refund of a payment, account by account.
public struct RefundableRemainder: Hashable, Sendable {
    public let paid: Money
    public let refunded: Money
    /// Per fund account of the payment, in the payment's line order, then accounts journals moved money to.
    public let remainingByAccount: [AccountRemainder]

    public var remaining: Money { remainingByAccount.map(\.remaining).sum() }
}

/// A request to give money back from a payment.
public struct RefundRequest: Hashable, Sendable {
    /// So much from one fund account of the payment.
    public struct Part: Hashable, Sendable {
        public var account: LedgerAccount
        public var amount: Money

        public init(account: LedgerAccount, amount: Money) {
            self.account = account
            self.amount = amount
        }
    }

    public var paymentEntryID: Int64
    public var amount: Money
    /// The remainder the caller believes is left; when given and out of date the refund is refused (412),
    /// so two officers looking at the same payment cannot both refund what only one of them saw.
    public var expectedRemaining: Money?
    public var occurredAt: Timestamp
    public var recordedBy: Principal
    public var reason: String
    /// The provider's refund id for card refunds.
    public var pspReference: String?
    /// Which lines (accounts) the refund comes off, each capped by its remainder; nil takes it from the
    /// payment's lines in order.
    public var parts: [Part]?

    public init(
        paymentEntryID: Int64, amount: Money, expectedRemaining: Money? = nil, occurredAt: Timestamp, recordedBy: Principal, reason: String,
        pspReference: String? = nil, parts: [Part]? = nil
    ) {
        self.paymentEntryID = paymentEntryID
        self.amount = amount
        self.expectedRemaining = expectedRemaining
        self.occurredAt = occurredAt
        self.recordedBy = recordedBy
        self.reason = reason
        self.pspReference = pspReference
        self.parts = parts
    }
}

/// The rules of refunds: never more than what remains, only of payments, only by refundable methods.
/// Stores call these inside the transaction that holds the payment's lock, so the remainder they check is
/// the remainder at the moment of writing.
public enum RefundPolicy {
    /// The remainder of `payment` given the refunds and journals already recorded against it
    /// (`corrections`: the entries whose `correctsEntryID` is the payment).
    public static func remainder(of payment: Entry, refunds corrections: [Entry]) -> RefundableRemainder {
        var slots = payment.fundLines.map { line in
            AccountRemainder(account: line.account, line: line, grossPaid: line.incomeAmount, vatPaid: -line.vatAmount)
        }
        for correction in corrections where correction.correctsEntryID == payment.id {
            switch correction.kind {
            case .refund:
                for line in correction.fundLines {
                    guard let index = slots.firstIndex(where: { $0.account == line.account }) else { continue }
                    slots[index].grossRefunded -= line.incomeAmount
                    slots[index].vatRefunded += line.vatAmount
                }
            case .journal:
                // Money moved between accounts stays the payer's to get back, from where it now is.
                for line in correction.fundLines {
                    if let index = slots.firstIndex(where: { $0.account == line.account }) {
                        slots[index].grossPaid += line.incomeAmount
                        slots[index].vatPaid -= line.vatAmount
                    } else if line.incomeAmount.isPositive {
                        slots.append(AccountRemainder(account: line.account, line: line, grossPaid: line.incomeAmount, vatPaid: -line.vatAmount))
                    }
                }
            default:
                continue
            }
        }
        return RefundableRemainder(paid: payment.incomeTotal, refunded: slots.map(\.grossRefunded).sum(), remainingByAccount: slots)
    }

    /// The refund entry for `request`, or the reason it is refused. The refund comes off the accounts the
    /// request names, or else the payment's lines in order, each up to what remains on it, with VAT at each
    /// line's own rate (``AccountRemainder/vat(onRefundOf:)``); the clearing side goes back to the
    /// payment's clearing account.
    public static func refund(_ request: RefundRequest, of payment: Entry, remainder: RefundableRemainder, methodOfPayment: MethodOfPayment?)
        throws(IMSError) -> EntryContent
    {
        guard payment.kind == .payment else {
            let why =
                payment.kind == .migration
                ? "Entry \(payment.id) holds a chunk of migrated legacy records; refunds of legacy records are not possible in IMS yet"
                : "Only payments can be refunded; entry \(payment.id) is a \(payment.kind.rawValue)"
            throw .validation(.refundNotRefundable, why, field: "payment")
        }
        if let methodOfPayment, !methodOfPayment.isRefundable {
            throw .validation(.refundNotRefundable, "Payments by \(methodOfPayment.name) cannot be refunded through IMS", field: "payment")
        }
        guard request.amount.isPositive else {
            throw .validation(.amountNotPositive, "Enter a refund amount greater than £0.00", field: "amount")
        }
        if let expected = request.expectedRemaining, expected != remainder.remaining {
            throw IMSError(
                .preconditionFailed, .refundStaleRemaining,
                "The refundable amount has changed: \(remainder.remaining.formatted) remains, not \(expected.formatted)", field: "expected_remaining")
        }
        guard request.amount <= remainder.remaining else {
            throw .validation(
                .refundExceedsRemaining,
                "A refund of \(request.amount.formatted) is more than the \(remainder.remaining.formatted) left to refund", field: "amount")
        }
        var lines: [EntryLine] = []
        for (slot, part) in try split(request, over: remainder) {
            lines.append(
                EntryLine(
                    account: slot.account, amount: part, vatCode: slot.line.vatCode,
                    vatRateBasisPoints: slot.line.vatRateBasisPoints, vatAmount: slot.vat(onRefundOf: part), narrative: request.reason))
        }
        guard let clearing = payment.lines.first(where: { $0.account.kind == .clearing })?.account else {
            throw IMSError(.internal, .entryInvalid, "Payment \(payment.id) has no clearing line")
        }
        lines.append(EntryLine(account: clearing, amount: -request.amount))
        let content = EntryContent(
            kind: .refund, occurredAt: request.occurredAt, recordedBy: request.recordedBy,
            origin: Origin(channel: Channel.staff.rawValue, office: payment.origin.office, methodOfPayment: payment.origin.methodOfPayment),
            correctsEntryID: payment.id, payer: PayerDetails(name: payment.payer.name), pspReference: request.pspReference, narrative: request.reason,
            lines: lines)
        try content.validate()
        return content
    }

    /// Which account gives how much: the request's own parts (each an account of the payment, within its
    /// remainder, adding up to the amount), or the accounts in order.
    private static func split(_ request: RefundRequest, over remainder: RefundableRemainder) throws(IMSError) -> [(AccountRemainder, Money)] {
        guard let parts = request.parts else {
            var left = request.amount
            var result: [(AccountRemainder, Money)] = []
            for slot in remainder.remainingByAccount where left.isPositive && slot.remaining.isPositive {
                let part = min(left, slot.remaining)
                left -= part
                result.append((slot, part))
            }
            return result
        }
        guard parts.map(\.amount).sum() == request.amount, Set(parts.map(\.account)).count == parts.count else {
            throw .validation(.refundExceedsRemaining, "The amounts refunded from each line must add up to the refund, one per line", field: "parts")
        }
        var result: [(AccountRemainder, Money)] = []
        for (index, part) in parts.enumerated() {
            guard let slot = remainder.remainingByAccount.first(where: { $0.account == part.account }) else {
                throw .validation(.refundNotRefundable, "\(part.account) is not a line of this payment", field: "parts[\(index)].account")
            }
            guard part.amount.isPositive else {
                throw .validation(.amountNotPositive, "Enter an amount greater than £0.00 for each line refunded", field: "parts[\(index)].amount")
            }
            guard part.amount <= slot.remaining else {
                throw .validation(
                    .refundExceedsRemaining,
                    "\(part.amount.formatted) is more than the \(slot.remaining.formatted) left to refund on \(part.account)",
                    field: "parts[\(index)].amount")
            }
            result.append((slot, part.amount))
        }
        return result
    }
}

extension VATCode {
    /// The rate a posted line was charged at, as a code to compute with: a correction of the line uses it,
    /// never the fund's rate today.
    public static func rate(of line: EntryLine) -> VATCode {
        VATCode(
            code: line.vatCode ?? "", name: "", treatment: line.vatRateBasisPoints > 0 ? .standard : .outsideScope,
            rateBasisPoints: line.vatRateBasisPoints)
    }
}
