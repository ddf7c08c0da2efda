/// Where a cashier's till session is in its life: open (payments recorded as they happen) → cashing up
/// (counting the drawer by denomination against what was recorded) → submitted → approved by a supervisor,
/// a person other than the cashier → posted to the ledger. A supervisor may instead reject the cash-up back
/// to the cashier, who counts again and resubmits. Payments are taken only while the session is open, and a
/// posted session never changes again.
public enum TillSessionState: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case cashingUp = "cashing_up"
    case submitted
    case approved
    case rejected
    case posted

    /// The state in a reason: "cashing up".
    var words: String { self == .cashingUp ? "cashing up" : rawValue }

    /// Whether the cashier may record a payment in the session now.
    public var acceptsPayments: Bool { self == .open }

    /// What can happen to a till session.
    public enum Event: Sendable, Hashable {
        /// The cashier stops taking payments and counts the drawer (again, after a rejection).
        case startCashUp
        /// The cashier goes back to taking payments before submitting the count.
        case reopen
        /// The cashier submits the count and its variance.
        case submit
        /// A supervisor accepts the cash-up.
        case approve(SecondPersonDecision)
        /// A supervisor sends the cash-up back to the cashier to count again.
        case reject(SecondPersonDecision)
        /// The session's entries were posted to the ledger.
        case post
    }

    public static let wrongState = IMSError.Code("till_session.wrong_state")
    public static let alreadyPosted = IMSError.Code("till_session.already_posted")

    /// The next state after `event`, as a pure function; throws when the event cannot happen now (submitting
    /// a session still open, the cashier approving their own cash-up, posting one not approved).
    public func transition(on event: Event) throws(IMSError) -> TillSessionState {
        guard self != .posted else {
            throw IMSError(.conflict, Self.alreadyPosted, "This till session has been posted; it cannot change")
        }
        switch (self, event) {
        case (.open, .startCashUp), (.rejected, .startCashUp):
            return .cashingUp
        case (.cashingUp, .reopen):
            return .open
        case (.cashingUp, .submit):
            return .submitted
        case (.submitted, .approve(let decision)):
            try decision.check("approve this cash-up")
            return .approved
        case (.submitted, .reject(let decision)):
            try decision.check("reject this cash-up")
            return .rejected
        case (.approved, .post):
            return .posted
        default:
            throw IMSError(.conflict, Self.wrongState, "A till session that is \(words) cannot be \(event.pastTense)")
        }
    }
}

extension TillSessionState.Event {
    /// The event in a reason: "a till session that is open cannot be submitted".
    var pastTense: String {
        switch self {
        case .startCashUp: "cashed up"
        case .reopen: "reopened"
        case .submit: "submitted"
        case .approve: "approved"
        case .reject: "rejected"
        case .post: "posted"
        }
    }
}
