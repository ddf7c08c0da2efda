/// Where the money of an online or telephone payment goes once the provider says it was taken. Money taken
/// must always reach the ledger: what cannot go to its fund (the provider took another amount than IMS
/// asked for, a fund has gone since the payment was made) goes to the council's suspense fund, under the
/// payment's id, with a reason for an officer (``attention``). A pure function: the store posts the plan.
public struct SuccessfulPaymentPosting: Hashable, Sendable {
    /// The fund lines to credit: the basket's own, or suspense for what cannot go there.
    public let items: [PaymentItem]
    /// Why an officer must look at this payment; nil when it posted as asked.
    public let attention: String?

    /// - Parameters:
    ///   - providerAmount: what the provider says it took, which is what the ledger records.
    ///   - previousState: IMS's state before the provider's success arrived; a finished one means IMS had
    ///     given the payment up (expired, cancelled or failed it) and the payer may have been told so.
    public static func plan(
        for payment: Payment, providerAmount: Money, previousState: PaymentState, configuration: CouncilConfiguration
    ) throws(IMSError) -> SuccessfulPaymentPosting {
        var reasons: [String] = []
        if previousState.isFinished {
            reasons.append(
                "The provider reported success after IMS had recorded the payment as \(previousState.rawValue); the payer may have been told it failed"
            )
        }
        var items: [PaymentItem] = []
        var toSuspense = Money.zero
        if providerAmount != payment.amount {
            reasons.append(
                "The provider took \(providerAmount.formatted), not the \(payment.amount.formatted) asked for: the whole amount is in suspense to allocate"
            )
            toSuspense = providerAmount
        } else {
            for line in payment.lines {
                if let code = try? FundCode(parsing: line.fundCode), let fund = configuration.fund(code), !fund.isSuspense {
                    items.append(
                        PaymentItem(
                            fund: fund, reference: AccountReference(normalising: line.reference), amount: Money(pence: line.amount),
                            narrative: line.narrative))
                } else {
                    reasons.append(
                        "Fund \(line.fundCode) no longer exists: its \(Money(pence: line.amount).formatted) for \(line.reference) is in suspense to allocate"
                    )
                    toSuspense += Money(pence: line.amount)
                }
            }
        }
        if toSuspense != .zero {
            guard let suspense = configuration.funds.first(where: \.isSuspense) else {
                throw IMSError(.internal, .fundUnknown, "Payment \(payment.id) needs the suspense fund, and the council has none")
            }
            items.append(
                PaymentItem(
                    fund: suspense, reference: AccountReference(normalising: payment.id), amount: toSuspense,
                    narrative: "Online payment \(payment.id)"))
        }
        return SuccessfulPaymentPosting(items: items, attention: reasons.isEmpty ? nil : reasons.joined(separator: ". "))
    }
}

extension SuccessfulPaymentPosting {
    /// The ledger entry of the plan: the items to their funds (or suspense), the whole amount from the card
    /// clearing account of the payment's provider, at the time the provider submitted it for capture (the
    /// tax point), recorded by the council service that made the payment (or IMS's online pages).
    public func entry(for payment: Payment, at time: Timestamp, configuration: CouncilConfiguration) throws(IMSError) -> EntryContent {
        guard let card = configuration.methodOfPayment(MethodOfPayment.cardCode) else {
            throw IMSError(.internal, .entryInvalid, "The council has no \(MethodOfPayment.cardCode) method of payment")
        }
        let details = PaymentDetails(
            occurredAt: time, recordedBy: payment.service == Payment.publicService ? .system("online") : .service(payment.service),
            methodOfPayment: card, channel: payment.channel, office: payment.channel.remoteOffice ?? Channel.online.remoteOffice,
            payer: payment.payer, pspReference: payment.providerPaymentID, card: payment.card ?? CardSummary(),
            narrative: payment.description,
            clearingAccount: .clearing("\(MethodOfPayment.cardCode)-\(payment.provider?.uppercased() ?? "PROVIDER")"),
            externalReference: payment.id)
        return try PostingRules.payment(items, details: details, vatCodes: configuration.vatCodesByCode, enforceLimits: false)
    }
}
