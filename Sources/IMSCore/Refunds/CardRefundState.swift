/// Where a refund to a payer's card is in its life: requested by an officer → (over the council's approval
/// threshold) awaiting a second person's approval → submitted to the provider → succeeded | failed; or
/// rejected by the second person. The money leaves only through the provider, so only the provider's answer
/// finishes a submitted refund, and a finished refund never changes again. A report that arrives twice
/// changes nothing the second time.
public enum CardRefundState: String, Sendable, Hashable, Codable, CaseIterable {
    case requested
    case awaitingApproval = "awaiting_approval"
    case submitted
    case succeeded
    case failed
    case rejected

    public var isFinished: Bool {
        switch self {
        case .requested, .awaitingApproval, .submitted: false
        case .succeeded, .failed, .rejected: true
        }
    }

    /// What can happen to a card refund.
    public enum Event: Sendable, Hashable {
        /// The officer sends the refund on its way. Up to the threshold it goes to the provider at once; over
        /// it (or with any amount when the threshold is zero) it waits for a second person. No threshold
        /// (nil) means the council asks for no approval.
        case submit(amount: Money, approvalThreshold: Money?)
        /// A second person approves it; it goes to the provider.
        case approve(SecondPersonDecision)
        /// A second person refuses it; no money moves.
        case reject(SecondPersonDecision)
        /// The provider reported on the refund (confirmed server to server).
        case provider(ProviderRefund.Status)
    }

    /// The outcome of an event: a move to a new state, or nothing to do (the same report again).
    public enum Transition: Sendable, Hashable {
        case moved(to: CardRefundState)
        case unchanged
    }

    public static let alreadyFinished = IMSError.Code("card_refund.already_finished")
    public static let notAwaitingApproval = IMSError.Code("card_refund.not_awaiting_approval")
    public static let notSubmitted = IMSError.Code("card_refund.not_submitted")

    /// Whether a refund of `amount` needs a second person: only strictly over the threshold.
    public static func needsApproval(_ amount: Money, threshold: Money?) -> Bool {
        guard let threshold else { return false }
        return amount > threshold
    }

    /// The next state after `event`, as a pure function; throws when the event cannot happen now (approving
    /// a refund nobody asked to approve, the requester approving their own refund, a provider result for a
    /// refund never sent).
    public func transition(on event: Event) throws(IMSError) -> Transition {
        switch event {
        case .submit(let amount, let threshold):
            switch self {
            case .requested:
                return .moved(to: Self.needsApproval(amount, threshold: threshold) ? .awaitingApproval : .submitted)
            case .awaitingApproval, .submitted:
                return .unchanged
            case .succeeded, .failed, .rejected:
                throw finished(becoming: "submitted")
            }
        case .approve(let decision):
            guard self == .awaitingApproval else { throw notAwaiting("approved") }
            try decision.check("approve this refund")
            return .moved(to: .submitted)
        case .reject(let decision):
            guard self == .awaitingApproval else { throw notAwaiting("rejected") }
            try decision.check("reject this refund")
            return .moved(to: .rejected)
        case .provider(let status):
            switch (self, status) {
            case (.submitted, .success): return .moved(to: .succeeded)
            case (.submitted, .error): return .moved(to: .failed)
            // The same report again, or a late "submitted" overtaken by the result.
            case (.submitted, .submitted), (.succeeded, .success), (.succeeded, .submitted), (.failed, .error), (.failed, .submitted):
                return .unchanged
            case (.succeeded, .error): throw finished(becoming: Self.failed.rawValue)
            case (.failed, .success): throw finished(becoming: Self.succeeded.rawValue)
            case (.requested, _), (.awaitingApproval, _), (.rejected, _): throw notSent(status)
            }
        }
    }

    private func finished(becoming target: String) -> IMSError {
        IMSError(.conflict, Self.alreadyFinished, "This refund has already finished (\(rawValue)); it cannot become \(target)")
    }

    private func notAwaiting(_ what: String) -> IMSError {
        IMSError(.conflict, Self.notAwaitingApproval, "This refund is \(rawValue), not awaiting approval, so it cannot be \(what)")
    }

    private func notSent(_ status: ProviderRefund.Status) -> IMSError {
        IMSError(.conflict, Self.notSubmitted, "The provider reported \(status.rawValue) for a refund that is \(rawValue), not submitted to it")
    }
}
