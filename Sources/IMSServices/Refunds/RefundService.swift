import IMSCore

/// Refunds of non-card income by instruction (card refunds through the provider come with their own
/// state machine). A refund is one unit of work: the payment's entry is locked, so that two officers
/// refunding the same payment run one after the other and the remainder cannot be spent twice; the refund
/// is accepted only if that remainder (and the remainder the officer saw, when given) covers it; then the
/// refund entry and its audit event are written together.
public struct RefundService: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    /// Records `request` and its `refund.create` audit event, or neither.
    public func refund(_ request: RefundRequest, from address: String? = nil) async throws -> Entry {
        try await store.transaction { tx in
            guard let payment = try await tx.ledger.lockEntry(id: request.paymentEntryID) else {
                throw IMSError(.notFound, .entryNotFound, "There is no payment \(request.paymentEntryID)", field: "payment")
            }
            let remainder = RefundPolicy.remainder(of: payment, refunds: try await tx.ledger.entries(correcting: payment.id))
            var method: MethodOfPayment?
            if let code = payment.origin.methodOfPayment { method = try await tx.configuration().methodOfPayment(code) }
            let content = try RefundPolicy.refund(request, of: payment, remainder: remainder, methodOfPayment: method)
            let refund = try await tx.ledger.post(content)
            try await tx.audit.append(
                Requester(request.recordedBy, address: address).event(
                    "refund.create", target: "entry:\(payment.id)", before: "remaining=\(remainder.remaining.formatted)",
                    after: "refund=\(refund.receiptNumber) amount=\(request.amount.formatted)", at: tx.now))
            return refund
        }
    }
}
