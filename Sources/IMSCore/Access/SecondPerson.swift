/// The four-eyes rule: a sensitive action (a refund over the threshold, a till's cash-up, a department's
/// cash return) is decided by a second person, a member of staff other than the one who asked for it, so
/// that no one person can both ask for money to move and approve it. The decision is an event of the
/// lifecycle's state machine, and it carries both people so the machine itself refuses the same person.
public struct SecondPersonDecision: Hashable, Sendable {
    /// Who decides (approves, authorises or rejects).
    public let decidedBy: Principal
    /// Who asked for it: the refund's requester, the till's cashier, the return's submitter.
    public let requestedBy: Principal

    public init(by decidedBy: Principal, requestedBy: Principal) {
        self.decidedBy = decidedBy
        self.requestedBy = requestedBy
    }

    public static let samePerson = IMSError.Code("approval.same_person")
    public static let notAPerson = IMSError.Code("approval.not_a_person")

    /// Refuses a decision by the person who asked, or by anyone but a member of staff (a council service or
    /// IMS itself is not a second person). `action` names the decision in the reason ("approve this refund").
    public func check(_ action: String) throws(IMSError) {
        guard decidedBy.kind == .user else {
            throw IMSError(.forbidden, Self.notAPerson, "Only a member of staff may \(action); \(decidedBy.key) is not a person")
        }
        // Directory and Kerberos names may differ only in case for the same person.
        guard decidedBy.kind != requestedBy.kind || decidedBy.name.lowercased() != requestedBy.name.lowercased() else {
            throw IMSError(.forbidden, Self.samePerson, "A second person must \(action): \(decidedBy.name) asked for it")
        }
    }
}
