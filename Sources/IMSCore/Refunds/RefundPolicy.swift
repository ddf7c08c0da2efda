/// What may still be refunded to one fund account of a payment.
public struct AccountRemainder: Hashable, Sendable {
    public var account: LedgerAccount
    public var remaining: Money
    /// The payment's line for this account (its VAT code and rate apply to the refund).
    public var line: EntryLine
}

/// What is left to refund of a payment, account by account.
public struct RefundableRemainder: Hashable, Sendable {
    public let paid: Money
    public let refunded: Money
    /// Per fund account of the payment, in the payment's line order.
    public let remainingByAccount: [AccountRemainder]

    public var remaining: Money { paid - refunded }
}

/// A request to give money back from a payment.
public struct RefundRequest: Hashable, Sendable {
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

    public init(paymentEntryID: Int64, amount: Money, expectedRemaining: Money? = nil, occurredAt: Timestamp, recordedBy: Principal, reason: String, pspReference: String? = nil) {
        self.paymentEntryID = paymentEntryID
        self.amount = amount
        self.expectedRemaining = expectedRemaining
        self.occurredAt = occurredAt
        self.recordedBy = recordedBy
        self.reason = reason
        self.pspReference = pspReference
    }
}

/// The rules of refunds: never more than what remains, only of payments, only by refundable methods.
/// Stores call these inside the transaction that holds the payment's lock, so the remainder they check is
/// the remainder at the moment of writing.
public enum RefundPolicy {
    /// The remainder of `payment` given the refunds already recorded against it.
    public static func remainder(of payment: Entry, refunds: [Entry]) -> RefundableRemainder {
        var remaining = payment.fundLines.map { AccountRemainder(account: $0.account, remaining: $0.incomeAmount, line: $0) }
        var refunded = Money.zero
        // Only refunds give money back; a journal that corrects the payment moves it between accounts.
        for refund in refunds where refund.correctsEntryID == payment.id && refund.kind == .refund {
            for line in refund.fundLines {
                refunded -= line.incomeAmount
                if let index = remaining.firstIndex(where: { $0.account == line.account }) {
                    remaining[index].remaining += line.incomeAmount
                }
            }
        }
        return RefundableRemainder(paid: payment.incomeTotal, refunded: refunded, remainingByAccount: remaining)
    }

    /// The refund entry for `request`, or the reason it is refused. The refund is taken from the payment's
    /// fund lines in order, each up to what remains on it, with VAT at each line's original rate; the
    /// clearing side goes back to the payment's clearing account.
    public static func refund(_ request: RefundRequest, of payment: Entry, remainder: RefundableRemainder, methodOfPayment: MethodOfPayment?) throws(IMSError) -> EntryContent {
        guard payment.kind == .payment || payment.kind == .migration else {
            throw .validation(.refundNotRefundable, "Only payments can be refunded; entry \(payment.id) is a \(payment.kind.rawValue)", field: "payment")
        }
        if let methodOfPayment, !methodOfPayment.isRefundable {
            throw .validation(.refundNotRefundable, "Payments by \(methodOfPayment.name) cannot be refunded through IMS", field: "payment")
        }
        guard request.amount.isPositive else {
            throw .validation(.amountNotPositive, "Enter a refund amount greater than £0.00", field: "amount")
        }
        if let expected = request.expectedRemaining, expected != remainder.remaining {
            throw IMSError(.preconditionFailed, .refundStaleRemaining,
                           "The refundable amount has changed: \(remainder.remaining.formatted) remains, not \(expected.formatted)", field: "expected_remaining")
        }
        guard request.amount <= remainder.remaining else {
            throw .validation(.refundExceedsRemaining,
                              "A refund of \(request.amount.formatted) is more than the \(remainder.remaining.formatted) left to refund", field: "amount")
        }
        var lines: [EntryLine] = []
        var left = request.amount
        for slot in remainder.remainingByAccount where left.isPositive && slot.remaining.isPositive {
            let part = min(left, slot.remaining)
            left -= part
            let rate = VATCode(code: slot.line.vatCode ?? "", name: "", treatment: slot.line.vatRateBasisPoints > 0 ? .standard : .outsideScope,
                               rateBasisPoints: slot.line.vatRateBasisPoints)
            lines.append(EntryLine(account: slot.account, amount: part, vatCode: slot.line.vatCode,
                                   vatRateBasisPoints: slot.line.vatRateBasisPoints, vatAmount: rate.vat(onGross: part), narrative: request.reason))
        }
        guard let clearing = payment.lines.first(where: { $0.account.kind == .clearing })?.account else {
            throw IMSError(.internal, .entryInvalid, "Payment \(payment.id) has no clearing line")
        }
        lines.append(EntryLine(account: clearing, amount: -request.amount))
        let content = EntryContent(
            kind: .refund, occurredAt: request.occurredAt, recordedBy: request.recordedBy, channel: "staff",
            office: payment.office, methodOfPayment: payment.methodOfPayment, correctsEntryID: payment.id,
            payerName: payment.payerName, pspReference: request.pspReference, narrative: request.reason, lines: lines)
        try content.validate()
        return content
    }
}
