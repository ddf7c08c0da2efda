import IMSCore
import Logging
import Synchronization

/// Runs online and telephone payments: creates them from a validated basket, hands the payer to the
/// provider, confirms the outcome server to server (never from the browser's return alone), cancels, and
/// expires what nobody finished. Every change is a step of ``PaymentLifecycle``: one unit of work under the
/// payment's row lock, in which a success posts its ledger entry exactly once.
public final class PaymentService: Sendable {
    public let store: any PaymentStore
    let lifecycle: PaymentLifecycle
    let provider: any PaymentProvider
    public let publicAddress: PublicAddress
    let expiresAfterSeconds: Int64
    public let requireHTTPS: Bool
    public let logger: Logger
    /// When the provider was last asked about each payment (bounded), for `confirm(_:unlessAskedWithinSeconds:)`.
    private let recentlyAsked = Mutex<[String: Timestamp]>([:])

    public init(
        store: any PaymentStore, provider: any PaymentProvider, publicAddress: PublicAddress, expiresAfterMinutes: Int64, requireHTTPS: Bool,
        logger: Logger
    ) {
        self.store = store
        lifecycle = PaymentLifecycle(store: store)
        self.provider = provider
        self.publicAddress = publicAddress
        expiresAfterSeconds = expiresAfterMinutes * 60
        self.requireHTTPS = requireHTTPS
        self.logger = logger
    }

    /// Validates and records a payment; returns it and whether it is new (false: an idempotent replay).
    public func create(
        _ request: PaymentRequest, service: String, scope: FundScope, channel: Channel = .online, idempotencyKey: IdempotencyKey?
    ) async throws -> (payment: Payment, created: Bool) {
        let configuration = try await store.configuration()
        try Self.checkReady(configuration)
        let accounts = try await store.accountHolders(PaymentBasket.accountKeys(of: request, configuration: configuration))
        let basket = try PaymentBasket.validate(
            request, configuration: configuration, scope: scope, requireHTTPS: requireHTTPS, channel: channel, accounts: accounts)
        return try await lifecycle.create(
            basket, service: service, channel: channel, expiresAfterSeconds: expiresAfterSeconds, idempotencyKey: idempotencyKey)
    }

    /// Refuses payments until the council has been set up (a fund to pay and the card method to pay it by).
    public static func checkReady(_ configuration: CouncilConfiguration) throws(IMSError) {
        guard configuration.isReadyForPayments else {
            throw IMSError(
                .unavailable, .councilNotConfigured,
                "This council has not been set up to take payments yet: an administrator applies its configuration with `ims council apply FILE`")
        }
    }

    /// Notes the payer's name and address (needed on a full VAT invoice) before the hand-off to the provider.
    public func setPayer(of paymentID: String, name: String?, address: String?, postcode: String?) async throws {
        try await lifecycle.setPayer(of: paymentID, name: name, address: address, postcode: postcode)
    }

    /// The payer's page for a payment: works in any browser, with no cookie (the id is unguessable).
    public func nextURL(of payment: Payment) -> String { "\(publicAddress.url)/pay/\(payment.id)" }

    /// Creates the payment at the provider (once, however many tabs or clicks ask) and returns where to send
    /// the payer. The hand-off is claimed under the payment's row lock before the provider is called; a second
    /// caller waits for the first and is sent to the same provider payment. A payment already at the provider
    /// is resumed with the `next_url` of a fresh read (GOV.UK Pay's are single-use), never a stored one.
    public func handOff(_ paymentID: String) async throws -> String {
        for _ in 0..<Self.handOffWaitSteps {
            switch try await lifecycle.claimHandOff(of: paymentID) {
            case .finished(let payment):
                throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(payment.state.rawValue))")
            case .started(let payment):
                return try await resume(payment)
            case .claimed(let payment):
                return try await createAtProvider(payment)
            case .inProgress:
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw IMSError(.unavailable, .providerUnavailable, "The payment provider is taking too long to answer; try again in a minute")
    }

    /// How long a second caller waits for the first one's hand-off: 100 ms steps, up to the provider's timeout.
    static let handOffWaitSteps = 250

    private func createAtProvider(_ payment: Payment) async throws -> String {
        var metadata = payment.metadata
        if metadata.count < ProviderPaymentRequest.maximumMetadataCount { metadata["ims_payment_id"] = payment.id }
        let created: ProviderPayment
        do {
            let request = try ProviderPaymentRequest(
                amount: payment.amount, reference: payment.id, description: payment.description ?? Self.description(of: payment),
                returnURL: "\(publicAddress.url)/pay/\(payment.id)/return", metadata: metadata,
                language: ProviderPaymentRequest.Language(rawValue: payment.language) ?? .english, email: payment.email,
                moto: payment.channel == .moto, fundCode: payment.lines.count == 1 ? try? FundCode(parsing: payment.lines[0].fundCode) : nil,
                service: payment.service, idempotencyKey: payment.id)
            created = try await provider.createPayment(request)
        } catch {
            // Another click may try again at once; the idempotency key keeps a retry to one provider payment.
            try? await lifecycle.releaseHandOff(of: payment.id)
            throw error
        }
        let (recorded, surplus) = try await lifecycle.recordHandOff(of: payment.id, providerName: provider.name, to: created)
        if let surplus {
            logger.warning(
                "cancelling a surplus provider payment",
                metadata: ["payment": "\(Self.redacted(payment.id))", "provider_payment": "\(surplus.providerPaymentID)"])
            try? await provider.cancel(surplus.providerPaymentID, account: surplus.account)
            if recorded.state.isFinished {
                throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(recorded.state.rawValue))")
            }
            return try await resume(recorded)
        }
        return created.nextURL
    }

    /// Sends a payer back to a payment already at the provider: the provider's fresh `next_url` while it is
    /// unfinished; when it has finished meanwhile, that outcome is recorded and the caller is told so.
    private func resume(_ payment: Payment) async throws -> String {
        guard let providerPaymentID = payment.providerPaymentID, let account = payment.providerAccount else {
            throw IMSError(.internal, .providerUnavailable, "Payment \(payment.id) has no provider payment")
        }
        let status = try await provider.status(of: providerPaymentID, account: account)
        if status.state.isFinished || status.nextURL == nil {
            let updated = try await apply(status, to: payment.id)
            if updated.state.isFinished {
                throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(updated.state.rawValue))")
            }
            // Card details submitted and being authorised: the payer's page shows it in progress.
            return nextURL(of: payment)
        }
        return status.nextURL ?? nextURL(of: payment)
    }

    /// Asks the provider for the payment's outcome and records it; the answer, not the browser, decides.
    /// - Parameters:
    ///   - evenIfFinished: ask about a payment IMS has finished too (a provider's notification: a success that
    ///     arrives after IMS gave the payment up is still posted).
    ///   - unlessAskedWithinSeconds: when the provider was asked about this payment that recently, answer
    ///     from IMS's record instead (a payer reloading the return page must not become a flood of calls).
    @discardableResult
    public func confirm(_ paymentID: String, evenIfFinished: Bool = false, unlessAskedWithinSeconds: Int64? = nil) async throws -> Payment {
        let payment = try await existing(paymentID)
        let now = store.now()
        if let seconds = unlessAskedWithinSeconds, let asked = recentlyAsked.withLock({ $0[paymentID] }), asked.adding(seconds: seconds) > now {
            return payment
        }
        recentlyAsked.withLock { asked in
            if asked.count >= 10_000 { asked = asked.filter { $0.value.adding(seconds: 60) > now } }
            asked[paymentID] = now
        }
        let worthAsking =
            PaymentReconciliation.needsChecking(state: payment.state, capturedAt: payment.capturedAt)
            || (evenIfFinished && payment.state != .success)
        guard worthAsking, let providerPaymentID = payment.providerPaymentID, let account = payment.providerAccount else { return payment }
        return try await apply(try await provider.status(of: providerPaymentID, account: account), to: paymentID)
    }

    /// Records what the provider said of a payment.
    @discardableResult
    private func apply(_ status: ProviderPaymentStatus, to paymentID: String) async throws -> Payment {
        let updated: Payment
        let transition: PaymentState.Transition
        do {
            (updated, transition) = try await lifecycle.apply(paymentID, .provider(status.state), status: status)
        } catch let error as IMSError where error.code == PaymentState.alreadyFinished {
            return try await existing(paymentID)  // IMS already holds a final outcome that this one does not change
        }
        if case .moved(let state) = transition {
            logger.info("payment moved", metadata: ["payment": "\(Self.redacted(paymentID))", "state": "\(state.rawValue)"])
        }
        if let attention = updated.attention {
            logger.warning("payment needs an officer", metadata: ["payment": "\(Self.redacted(paymentID))", "reason": "\(attention)"])
        }
        return updated
    }

    /// Cancels an unfinished payment. One that reached the provider is cancelled only when the provider
    /// accepts the cancel (HTTP 204); when it refuses, the provider's own outcome is recorded instead, and
    /// when it cannot be reached nothing changes and the caller is told to try again.
    public func cancel(_ paymentID: String) async throws -> Payment {
        let payment = try await existing(paymentID)
        guard !payment.state.isFinished else {
            throw IMSError(
                .conflict, PaymentState.alreadyFinished, "This payment has already finished (\(payment.state.rawValue)) and cannot be cancelled")
        }
        if let providerPaymentID = payment.providerPaymentID, let account = payment.providerAccount {
            do {
                try await provider.cancel(providerPaymentID, account: account)
            } catch let error as IMSError where error.code == .providerNotCancellable {
                // The payer finished (or is finishing) at the provider first: record what happened instead.
                let confirmed = try await confirm(paymentID)
                if confirmed.state.isFinished {
                    throw IMSError(
                        .conflict, PaymentState.alreadyFinished,
                        "This payment has already finished (\(confirmed.state.rawValue)) and cannot be cancelled")
                }
                throw IMSError(.conflict, .providerNotCancellable, "The payer is completing this payment at the provider; it cannot be cancelled now")
            }
        }
        return try await lifecycle.apply(paymentID, .cancel).payment
    }

    /// Expires payments nobody finished in time. One that never reached the provider expires at once. One
    /// that did expires only once the provider says it finished without success, or accepts IMS's cancel:
    /// "not cancellable", a timeout or an unknown answer mean "ask again later" (the payer may be paying this
    /// minute). Returns how many finished.
    @discardableResult
    public func expireDue() async throws -> Int {
        var finished = 0
        for payment in try await store.duePayments(limit: 100) {
            do {
                if payment.providerPaymentID == nil {
                    if case .claimed = try await lifecycle.claimHandOff(of: payment.id),
                        case .moved = try await lifecycle.apply(payment.id, .expire).transition
                    {
                        finished += 1
                    }
                    continue
                }
                if try await expireAtProvider(payment) { finished += 1 }
            } catch {
                logger.warning(
                    "could not expire a payment yet; will ask again", metadata: ["payment": "\(Self.redacted(payment.id))", "error": "\(error)"])
            }
        }
        return finished
    }

    private func expireAtProvider(_ payment: Payment) async throws -> Bool {
        let current = try await confirm(payment.id)
        if current.state.isFinished { return true }
        guard let providerPaymentID = current.providerPaymentID, let account = current.providerAccount else { return false }
        do {
            try await provider.cancel(providerPaymentID, account: account)
        } catch let error as IMSError where error.code == .providerNotCancellable {
            return try await confirm(payment.id).state.isFinished
        }
        return try await lifecycle.apply(payment.id, .expire).payment.state.isFinished
    }

    /// Confirms every handed-off payment whose check is due (a payer who closed the tab, a notification that
    /// never came, a success whose capture is not yet confirmed). Returns how many were checked.
    @discardableResult
    public func reconcileDue(limit: Int = 100) async throws -> Int {
        let due = try await store.paymentsToCheck(limit: limit)
        for payment in due {
            do {
                let before = payment
                let after = try await confirm(payment.id)
                if after.state == before.state && after.capturedAt == before.capturedAt && after.attention == before.attention {
                    try await lifecycle.recordUnchangedCheck(of: payment.id)
                }
            } catch {
                logger.warning(
                    "could not confirm a payment; will ask again", metadata: ["payment": "\(Self.redacted(payment.id))", "error": "\(error)"])
                try? await lifecycle.recordUnchangedCheck(of: payment.id)
            }
        }
        return due.count
    }

    /// A provider's notification about one of its payments: only a prompt to ask the provider, never trusted
    /// as the outcome itself. Unknown payments are ignored (another system's, or an old one).
    public func providerNotified(aboutProviderPayment providerPaymentID: String) async throws {
        guard let payment = try await store.payment(providerPaymentID: providerPaymentID) else {
            logger.info("provider notification for a payment IMS does not have", metadata: ["provider_payment": "\(providerPaymentID.prefix(40))"])
            return
        }
        try await confirm(payment.id, evenIfFinished: true)
    }

    /// A payment id as logs show it: enough to find it, not enough to open its page (the id is its secret).
    public static func redacted(_ paymentID: String) -> String { String(paymentID.prefix(10)) + "…" }

    public func existing(_ paymentID: String) async throws -> Payment {
        guard let payment = try await store.payment(id: paymentID) else {
            throw IMSError(.notFound, .paymentNotFound, "There is no payment \(paymentID)")
        }
        return payment
    }

    static func description(of payment: Payment) -> String {
        payment.lines.map { "\($0.fundCode) \($0.reference)" }.joined(separator: ", ")
    }
}
