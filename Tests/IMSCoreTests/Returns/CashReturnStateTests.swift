import IMSCore
import Testing

private let authoriserDecision = SecondPersonDecision(by: .user("aincome"), requestedBy: .user("ddepartment"))

@Suite("Cash return state machine")
struct CashReturnStateTests {
    static let submitter = Principal.user("ddepartment")
    static let authoriser = Principal.user("aincome")
    static let byAuthoriser = SecondPersonDecision(by: authoriser, requestedBy: submitter)
    static let bySubmitter = SecondPersonDecision(by: submitter, requestedBy: submitter)

    @Test("Draft → submitted → authorised by another person → posted, transition by transition")
    func happyPath() throws {
        #expect(try CashReturnState.draft.transition(on: .submit) == .submitted)
        #expect(try CashReturnState.submitted.transition(on: .authorise(Self.byAuthoriser)) == .authorised)
        #expect(try CashReturnState.authorised.transition(on: .post) == .posted)
        #expect(CashReturnState.posted.isFinished)
    }

    @Test("A rejected return goes back to the department, is amended and submitted again")
    func rejectedBack() throws {
        #expect(try CashReturnState.submitted.transition(on: .reject(Self.byAuthoriser)) == .rejected)
        #expect(try CashReturnState.rejected.transition(on: .amend) == .draft)
        #expect(try CashReturnState.draft.transition(on: .submit) == .submitted)
    }

    @Test("The submitter may neither authorise nor reject their own return")
    func samePerson() {
        for event in [CashReturnState.Event.authorise(Self.bySubmitter), .reject(Self.bySubmitter)] {
            #expect(throws: IMSError(.forbidden, SecondPersonDecision.samePerson, "")) { try CashReturnState.submitted.transition(on: event) }
        }
    }

    @Test("A draft or rejected return recorded in error is voided, and then never changes", arguments: [CashReturnState.draft, .rejected])
    func void(state: CashReturnState) throws {
        #expect(try state.transition(on: .void) == .voided)
        #expect(CashReturnState.voided.isFinished)
        #expect(throws: IMSError(.conflict, CashReturnState.alreadyFinished, "")) { try CashReturnState.voided.transition(on: .amend) }
    }

    @Test("Only a draft may be edited", arguments: CashReturnState.allCases)
    func editable(state: CashReturnState) {
        #expect(state.isEditable == (state == .draft))
    }

    @Test(
        "Every event out of its place is refused",
        arguments: [
            (CashReturnState.draft, CashReturnState.Event.authorise(authoriserDecision)),
            (.draft, .post),
            (.draft, .amend),
            (.submitted, .submit),
            (.submitted, .post),
            (.submitted, .void),
            (.authorised, .void),
            (.authorised, .reject(authoriserDecision)),
            (.authorised, .submit),
            (.rejected, .submit),
            (.rejected, .authorise(authoriserDecision)),
        ])
    func refused(state: CashReturnState, event: CashReturnState.Event) {
        #expect(throws: IMSError(.conflict, CashReturnState.wrongState, "")) { try state.transition(on: event) }
    }

    @Test("A posted return never changes")
    func postedIsFinal() {
        for event in [CashReturnState.Event.submit, .authorise(Self.byAuthoriser), .reject(Self.byAuthoriser), .amend, .post, .void] {
            #expect(throws: IMSError(.conflict, CashReturnState.alreadyFinished, "")) { try CashReturnState.posted.transition(on: event) }
        }
    }

    @Test("Stored values keep their names")
    func rawValues() {
        #expect(CashReturnState.allCases.map(\.rawValue) == ["draft", "submitted", "authorised", "rejected", "posted", "voided"])
    }
}
