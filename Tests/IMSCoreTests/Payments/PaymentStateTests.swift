import IMSCore
import Testing

@Suite("Payment state machine")
struct PaymentStateTests {
    @Test(
        "Created → started → each outcome, transition by transition",
        arguments: [
            (ProviderPaymentState.success, PaymentState.success),
            (.failed(ProviderFailure(code: "P0010", message: "declined")), .failed),
            (.cancelled(by: .payer), .cancelled),
            (.expired, .expired),
            (.error(nil), .error),
        ])
    func outcomes(reported: ProviderPaymentState, expected: PaymentState) throws {
        #expect(try PaymentState.created.transition(on: .handedToProvider) == .moved(to: .started))
        #expect(try PaymentState.started.transition(on: .provider(reported)) == .moved(to: expected))
        #expect(expected.isFinished)
    }

    @Test("The same result twice changes nothing the second time; a provider still working changes nothing")
    func idempotent() throws {
        #expect(try PaymentState.success.transition(on: .provider(.success)) == .unchanged)
        #expect(try PaymentState.started.transition(on: .provider(.submitted)) == .unchanged)
        #expect(try PaymentState.started.transition(on: .handedToProvider) == .unchanged)
        #expect(try PaymentState.created.transition(on: .provider(.created)) == .unchanged)
        #expect(try PaymentState.cancelled.transition(on: .cancel) == .unchanged)
    }

    @Test(
        "A finished payment never changes but for the provider's success", arguments: [PaymentState.success, .failed, .cancelled, .expired, .error])
    func finishedIsFinal(state: PaymentState) {
        for event in [PaymentState.Event.cancel, .expire, .handedToProvider, .provider(.failed(ProviderFailure(code: "P0010", message: "x")))] {
            do {
                let outcome = try state.transition(on: event)
                #expect(outcome == .unchanged, "\(state) on \(event)")
            } catch {
                #expect(error.code == PaymentState.alreadyFinished)
                #expect(error.kind == .conflict)
            }
        }
    }

    @Test("Unfinished payments can be cancelled or expire")
    func cancelAndExpire() throws {
        #expect(try PaymentState.created.transition(on: .cancel) == .moved(to: .cancelled))
        #expect(try PaymentState.started.transition(on: .expire) == .moved(to: .expired))
        #expect(throws: IMSError.self) { try PaymentState.success.transition(on: .cancel) }
    }

    @Test(
        "issue 9 item 2: a success reported after IMS gave the payment up still moves it to success",
        arguments: [
            PaymentState.expired, .cancelled, .failed, .error,
        ])
    func lateSuccessWins(state: PaymentState) throws {
        #expect(try state.transition(on: .provider(.success)) == .moved(to: .success))
        #expect(try PaymentState.success.transition(on: .provider(.success)) == .unchanged)
    }
}
