/// Where an online or telephone payment is in its life: created (by a service or the public pages) →
/// started (handed to the provider's page) → success | failed | cancelled | expired | error. Finished states
/// never change again, with one exception: the provider's `success` always wins, because it means money was
/// taken (a success that arrives after IMS gave up is posted and flagged for an officer). A result that
/// arrives twice changes nothing the second time.
public enum PaymentState: String, Sendable, Hashable, Codable, CaseIterable {
    case created
    case started
    case success
    case failed
    case cancelled
    case expired
    case error

    public var isFinished: Bool {
        switch self {
        case .created, .started: false
        case .success, .failed, .cancelled, .expired, .error: true
        }
    }

    /// What can happen to a payment.
    public enum Event: Sendable, Hashable {
        /// The payer was handed to the provider's page.
        case handedToProvider
        /// The provider reported a state (confirmed server to server, never from the browser alone).
        case provider(ProviderPaymentState)
        /// The service (or the payer on IMS's own page) cancelled it.
        case cancel
        /// Nobody finished it in time.
        case expire
    }

    /// The outcome of an event: a move to a new state, or nothing to do (the same result again, or a
    /// provider still working).
    public enum Transition: Sendable, Hashable {
        case moved(to: PaymentState)
        case unchanged
    }

    public static let alreadyFinished = IMSError.Code("payment.already_finished")

    /// The next state after `event`, as a pure function; throws when the event cannot happen now (cancelling
    /// a payment that has succeeded, a provider reporting success for a payment IMS already cancelled).
    public func transition(on event: Event) throws(IMSError) -> Transition {
        let target: PaymentState?
        switch event {
        case .handedToProvider: target = .started
        case .cancel: target = .cancelled
        case .expire: target = .expired
        case .provider(let reported): target = Self.state(for: reported)
        }
        guard let target, target != self else { return .unchanged }
        // Money taken must always reach the ledger: a success the provider reports after IMS gave the
        // payment up (expired or cancelled it, or recorded a failure) is still a success.
        if target == .success, isFinished { return .moved(to: .success) }
        guard !isFinished else {
            throw IMSError(.conflict, Self.alreadyFinished, "This payment has already finished (\(rawValue)); it cannot become \(target.rawValue)")
        }
        return .moved(to: target)
    }

    /// IMS's state for a provider's report; nil while the provider is still working.
    static func state(for reported: ProviderPaymentState) -> PaymentState? {
        switch reported {
        case .created: nil
        case .started, .submitted: .started
        case .success: .success
        case .failed: .failed
        case .cancelled: .cancelled
        case .expired: .expired
        case .error: .error
        }
    }
}
