import IMSCore
import Testing

@Suite("Card refund state machine")
struct CardRefundStateTests {
    static let officer = Principal.user("rofficer")
    static let supervisor = Principal.user("ssupervisor")
    static let byAnother = SecondPersonDecision(by: supervisor, requestedBy: officer)
    static let bySelf = SecondPersonDecision(by: officer, requestedBy: officer)

    @Test(
        "Up to the threshold a refund goes straight to the provider, then succeeds or fails",
        arguments: [
            (ProviderRefund.Status.success, CardRefundState.succeeded),
            (.error, .failed),
        ])
    func underThreshold(reported: ProviderRefund.Status, expected: CardRefundState) throws {
        let atThreshold = CardRefundState.Event.submit(amount: .pounds(500), approvalThreshold: .pounds(500))
        #expect(try CardRefundState.requested.transition(on: atThreshold) == .moved(to: .submitted))
        #expect(try CardRefundState.submitted.transition(on: .provider(.submitted)) == .unchanged)
        #expect(try CardRefundState.submitted.transition(on: .provider(reported)) == .moved(to: expected))
        #expect(expected.isFinished)
    }

    @Test("A penny over the threshold waits for a second person, who sends it to the provider")
    func overThreshold() throws {
        let over = Money.pounds(500, pence: 1)
        #expect(try CardRefundState.requested.transition(on: .submit(amount: over, approvalThreshold: .pounds(500))) == .moved(to: .awaitingApproval))
        #expect(try CardRefundState.awaitingApproval.transition(on: .approve(Self.byAnother)) == .moved(to: .submitted))
        #expect(!CardRefundState.awaitingApproval.isFinished)
    }

    @Test("Without a threshold no refund waits; a zero threshold makes every refund wait")
    func thresholds() throws {
        #expect(try CardRefundState.requested.transition(on: .submit(amount: .pounds(1_000_000), approvalThreshold: nil)) == .moved(to: .submitted))
        let penny = Money(pence: 1)
        #expect(try CardRefundState.requested.transition(on: .submit(amount: penny, approvalThreshold: .zero)) == .moved(to: .awaitingApproval))
    }

    @Test("The second person may reject it; nothing reaches the provider and it is finished")
    func rejected() throws {
        #expect(try CardRefundState.awaitingApproval.transition(on: .reject(Self.byAnother)) == .moved(to: .rejected))
        #expect(CardRefundState.rejected.isFinished)
        #expect(throws: IMSError(.conflict, CardRefundState.notSubmitted, "")) {
            try CardRefundState.rejected.transition(on: .provider(.success))
        }
    }

    @Test("The officer who asked for the refund may neither approve nor reject it")
    func samePerson() {
        for event in [CardRefundState.Event.approve(Self.bySelf), .reject(Self.bySelf)] {
            #expect(throws: IMSError(.forbidden, SecondPersonDecision.samePerson, "")) {
                try CardRefundState.awaitingApproval.transition(on: event)
            }
        }
    }

    @Test(
        "Only a refund awaiting approval can be approved or rejected",
        arguments: [CardRefundState.requested, .submitted, .succeeded, .failed, .rejected])
    func approvalOnlyWhenAwaiting(state: CardRefundState) {
        for event in [CardRefundState.Event.approve(Self.byAnother), .reject(Self.byAnother)] {
            #expect(throws: IMSError(.conflict, CardRefundState.notAwaitingApproval, "")) { try state.transition(on: event) }
        }
    }

    @Test("The provider cannot report on a refund that was never sent to it", arguments: [CardRefundState.requested, .awaitingApproval])
    func providerBeforeSubmission(state: CardRefundState) {
        for status in [ProviderRefund.Status.submitted, .success, .error] {
            #expect(throws: IMSError(.conflict, CardRefundState.notSubmitted, "")) { try state.transition(on: .provider(status)) }
        }
    }

    @Test("The same report twice, or a late 'submitted', changes nothing; submitting again changes nothing")
    func idempotent() throws {
        #expect(try CardRefundState.succeeded.transition(on: .provider(.success)) == .unchanged)
        #expect(try CardRefundState.failed.transition(on: .provider(.error)) == .unchanged)
        #expect(try CardRefundState.succeeded.transition(on: .provider(.submitted)) == .unchanged)
        #expect(try CardRefundState.awaitingApproval.transition(on: .submit(amount: .pounds(900), approvalThreshold: .pounds(500))) == .unchanged)
        // Submitting again cannot skip the approval it is waiting for.
        #expect(try CardRefundState.awaitingApproval.transition(on: .submit(amount: .pounds(1), approvalThreshold: .pounds(500))) == .unchanged)
        #expect(try CardRefundState.submitted.transition(on: .submit(amount: .pounds(1), approvalThreshold: nil)) == .unchanged)
    }

    @Test("A finished refund never turns into the other outcome, and is not sent again", arguments: [CardRefundState.succeeded, .failed, .rejected])
    func finishedIsFinal(state: CardRefundState) {
        #expect(throws: IMSError(.conflict, CardRefundState.alreadyFinished, "")) {
            try state.transition(on: .submit(amount: .pounds(1), approvalThreshold: nil))
        }
        let other: ProviderRefund.Status = state == .succeeded ? .error : .success
        #expect(throws: IMSError.self) { try state.transition(on: .provider(other)) }
    }

    @Test(
        "Stored values keep their names",
        arguments: zip(
            CardRefundState.allCases, ["requested", "awaiting_approval", "submitted", "succeeded", "failed", "rejected"]))
    func rawValues(state: CardRefundState, stored: String) {
        #expect(state.rawValue == stored)
        #expect(CardRefundState(rawValue: stored) == state)
    }
}
