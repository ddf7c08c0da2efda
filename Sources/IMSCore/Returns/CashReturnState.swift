/// Where a department's cash/cheque return (eReturn) is in its life: a draft the department fills in (the
/// council's "New" and "In progress") → submitted → authorised by a person other than the submitter →
/// posted to the ledger. The authoriser may instead reject it back to the department, which amends and
/// resubmits it; a draft or rejected return recorded in error is voided (kept, never deleted). Posted and
/// voided returns never change again.
public enum CashReturnState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case submitted
    case authorised
    case rejected
    case posted
    case voided

    public var isFinished: Bool { self == .posted || self == .voided }

    /// Whether the department may still change the return's cash, cheques and coding.
    public var isEditable: Bool { self == .draft }

    /// What can happen to a cash return.
    public enum Event: Sendable, Hashable {
        /// The department submits the return for authorisation.
        case submit
        /// A second person authorises it.
        case authorise(SecondPersonDecision)
        /// A second person sends it back to the department.
        case reject(SecondPersonDecision)
        /// The department takes a rejected return back to correct it.
        case amend
        /// The authorised return's entry was posted to the ledger.
        case post
        /// The return was recorded in error and is set aside.
        case void
    }

    public static let wrongState = IMSError.Code("cash_return.wrong_state")
    public static let alreadyFinished = IMSError.Code("cash_return.already_finished")

    /// The next state after `event`, as a pure function; throws when the event cannot happen now (authorising
    /// a draft, the submitter authorising their own return, voiding an authorised one).
    public func transition(on event: Event) throws(IMSError) -> CashReturnState {
        guard !isFinished else {
            throw IMSError(.conflict, Self.alreadyFinished, "This cash return is \(rawValue); it cannot change")
        }
        switch (self, event) {
        case (.draft, .submit):
            return .submitted
        case (.submitted, .authorise(let decision)):
            try decision.check("authorise this cash return")
            return .authorised
        case (.submitted, .reject(let decision)):
            try decision.check("reject this cash return")
            return .rejected
        case (.rejected, .amend):
            return .draft
        case (.authorised, .post):
            return .posted
        case (.draft, .void), (.rejected, .void):
            return .voided
        default:
            throw IMSError(.conflict, Self.wrongState, "A cash return that is \(rawValue) cannot be \(event.pastTense)")
        }
    }
}

extension CashReturnState.Event {
    /// The event in a reason: "a cash return that is draft cannot be authorised".
    var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .authorise: "authorised"
        case .reject: "rejected"
        case .amend: "amended"
        case .post: "posted"
        case .void: "voided"
        }
    }
}
