import IMSCore
import Testing

private let supervisorDecision = SecondPersonDecision(by: .user("ssupervisor"), requestedBy: .user("ccashier"))

@Suite("Till session state machine")
struct TillSessionStateTests {
    static let cashier = Principal.user("ccashier")
    static let supervisor = Principal.user("ssupervisor")
    static let bySupervisor = SecondPersonDecision(by: supervisor, requestedBy: cashier)
    static let byCashier = SecondPersonDecision(by: cashier, requestedBy: cashier)

    @Test("Open → cashing up → submitted → approved → posted, transition by transition")
    func happyPath() throws {
        #expect(try TillSessionState.open.transition(on: .startCashUp) == .cashingUp)
        #expect(try TillSessionState.cashingUp.transition(on: .submit) == .submitted)
        #expect(try TillSessionState.submitted.transition(on: .approve(Self.bySupervisor)) == .approved)
        #expect(try TillSessionState.approved.transition(on: .post) == .posted)
    }

    @Test("A cash-up rejected back to the cashier is counted again and resubmitted")
    func rejectedBack() throws {
        #expect(try TillSessionState.submitted.transition(on: .reject(Self.bySupervisor)) == .rejected)
        #expect(try TillSessionState.rejected.transition(on: .startCashUp) == .cashingUp)
        #expect(try TillSessionState.cashingUp.transition(on: .submit) == .submitted)
    }

    @Test("The cashier may go back to taking payments before submitting")
    func reopen() throws {
        #expect(try TillSessionState.cashingUp.transition(on: .reopen) == .open)
    }

    @Test("Payments are taken only while the session is open", arguments: TillSessionState.allCases)
    func acceptsPayments(state: TillSessionState) {
        #expect(state.acceptsPayments == (state == .open))
    }

    @Test("The cashier may neither approve nor reject their own cash-up")
    func samePerson() {
        for event in [TillSessionState.Event.approve(Self.byCashier), .reject(Self.byCashier)] {
            #expect(throws: IMSError(.forbidden, SecondPersonDecision.samePerson, "")) { try TillSessionState.submitted.transition(on: event) }
        }
    }

    @Test(
        "Every event out of its place is refused",
        arguments: [
            (TillSessionState.open, TillSessionState.Event.submit),
            (.open, .post),
            (.open, .reopen),
            (.open, .approve(supervisorDecision)),
            (.cashingUp, .approve(supervisorDecision)),
            (.cashingUp, .post),
            (.submitted, .startCashUp),
            (.submitted, .post),
            (.submitted, .submit),
            (.approved, .reject(supervisorDecision)),
            (.approved, .startCashUp),
            (.rejected, .submit),
            (.rejected, .post),
        ])
    func refused(state: TillSessionState, event: TillSessionState.Event) {
        #expect(throws: IMSError(.conflict, TillSessionState.wrongState, "")) { try state.transition(on: event) }
    }

    @Test("A posted session never changes")
    func postedIsFinal() {
        for event in [TillSessionState.Event.startCashUp, .reopen, .submit, .approve(Self.bySupervisor), .reject(Self.bySupervisor), .post] {
            #expect(throws: IMSError(.conflict, TillSessionState.alreadyPosted, "")) { try TillSessionState.posted.transition(on: event) }
        }
    }

    @Test("Stored values keep their names")
    func rawValues() {
        #expect(TillSessionState.allCases.map(\.rawValue) == ["open", "cashing_up", "submitted", "approved", "rejected", "posted"])
    }
}
