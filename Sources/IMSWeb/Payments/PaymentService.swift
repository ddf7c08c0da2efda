import Foundation
import IMSCore
import IMSStore
import Logging

/// Runs online and telephone payments: creates them from a validated basket, hands the payer to the
/// provider, confirms the outcome server to server (never from the browser's return alone), cancels, and
/// expires what nobody finished. The ledger entry of a success is posted by the store, exactly once.
public final class PaymentService: Sendable {
    let database: IMSDatabase
    let provider: any PaymentProvider
    let publicAddress: PublicAddress
    let expiresAfterSeconds: Int64
    let requireHTTPS: Bool
    let logger: Logger

    public init(database: IMSDatabase, provider: any PaymentProvider, publicAddress: PublicAddress, expiresAfterMinutes: Int64, requireHTTPS: Bool, logger: Logger) {
        self.database = database
        self.provider = provider
        self.publicAddress = publicAddress
        expiresAfterSeconds = expiresAfterMinutes * 60
        self.requireHTTPS = requireHTTPS
        self.logger = logger
    }

    /// Validates and records a payment; returns it and whether it is new (false: an idempotent replay).
    public func create(
        _ request: PaymentRequest, service: String, allowedFunds: Set<FundCode>?, channel: String = "online", idempotencyKey: IdempotencyKey?
    ) async throws -> (payment: Payment, created: Bool) {
        let configuration = try await database.configuration()
        let basket = try PaymentBasket.validate(request, configuration: configuration, allowedFunds: allowedFunds, requireHTTPS: requireHTTPS)
        return try await database.createPayment(basket, service: service, channel: channel, expiresAfterSeconds: expiresAfterSeconds, idempotencyKey: idempotencyKey)
    }

    /// The payer's page for a payment: works in any browser, with no cookie (the id is unguessable).
    public func nextURL(of payment: Payment) -> String { "\(publicAddress.url)/pay/\(payment.id)" }

    /// Creates the payment at the provider (once) and returns where to send the payer.
    public func handOff(_ paymentID: String) async throws -> String {
        let payment = try await existing(paymentID)
        if payment.state == .started, let next = payment.providerNextURL { return next }
        guard payment.state == .created else {
            throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(payment.state.rawValue))")
        }
        var metadata = payment.metadata
        if metadata.count < ProviderPaymentRequest.maximumMetadataCount { metadata["ims_payment_id"] = payment.id }
        let request = try ProviderPaymentRequest(
            amount: payment.amount, reference: payment.id, description: payment.description ?? Self.description(of: payment),
            returnURL: "\(publicAddress.url)/pay/\(payment.id)/return", metadata: metadata,
            language: ProviderPaymentRequest.Language(rawValue: payment.language) ?? .english, email: payment.email,
            moto: payment.channel == "moto", fundCode: payment.lines.count == 1 ? try? FundCode(parsing: payment.lines[0].fundCode) : nil,
            service: payment.service)
        let created = try await provider.createPayment(request)
        let recorded = try await database.recordHandOff(of: payment.id, providerName: provider.name, to: created)
        return recorded.providerNextURL ?? created.nextURL
    }

    /// Asks the provider for the payment's outcome and records it; the answer, not the browser, decides.
    @discardableResult
    public func confirm(_ paymentID: String) async throws -> Payment {
        let payment = try await existing(paymentID)
        guard !payment.state.isFinished, let providerPaymentID = payment.providerPaymentID, let account = payment.providerAccount else { return payment }
        let status = try await provider.status(of: providerPaymentID, account: account)
        let configuration = try await database.configuration()
        let (updated, transition) = try await database.applyPaymentEvent(payment.id, .provider(status.state), status: status, configuration: configuration)
        if case .moved(let state) = transition {
            logger.info("payment moved", metadata: ["payment": "\(payment.id)", "state": "\(state.rawValue)"])
        }
        return updated
    }

    /// Cancels an unfinished payment, at the provider too when it has reached it.
    public func cancel(_ paymentID: String) async throws -> Payment {
        let payment = try await existing(paymentID)
        guard !payment.state.isFinished else {
            throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(payment.state.rawValue)) and cannot be cancelled")
        }
        if let providerPaymentID = payment.providerPaymentID, let account = payment.providerAccount {
            do {
                try await provider.cancel(providerPaymentID, account: account)
            } catch let error as IMSError where error.code == .providerNotCancellable {
                // The payer finished at the provider first: record what happened instead.
                let confirmed = try await confirm(paymentID)
                if confirmed.state.isFinished {
                    throw IMSError(.conflict, PaymentState.alreadyFinished, "This payment has already finished (\(confirmed.state.rawValue)) and cannot be cancelled")
                }
            }
        }
        return try await database.applyPaymentEvent(paymentID, .cancel, configuration: try await database.configuration()).payment
    }

    /// Expires payments nobody finished in time. One that reached the provider is asked first: the payer
    /// may have paid in the last minute. Returns how many expired.
    @discardableResult
    public func expireDue() async throws -> Int {
        var expired = 0
        let configuration = try await database.configuration()
        for payment in try await database.duePayments() {
            do {
                var current = payment
                if payment.providerPaymentID != nil { current = try await confirm(payment.id) }
                guard !current.state.isFinished else {
                    if current.state == .expired { expired += 1 }  // the provider's own time limit ran out too
                    continue
                }
                if let providerPaymentID = current.providerPaymentID, let account = current.providerAccount {
                    try? await provider.cancel(providerPaymentID, account: account)
                }
                if case .moved = try await database.applyPaymentEvent(payment.id, .expire, configuration: configuration).transition { expired += 1 }
            } catch {
                logger.error("could not expire a payment; will retry", metadata: ["payment": "\(payment.id)", "error": "\(error)"])
            }
        }
        return expired
    }

    func existing(_ paymentID: String) async throws -> Payment {
        guard let payment = try await database.payment(id: paymentID) else {
            throw IMSError(.notFound, .init("payment.not_found"), "There is no payment \(paymentID)")
        }
        return payment
    }

    static func description(of payment: Payment) -> String {
        payment.lines.map { "\($0.fundCode) \($0.reference)" }.joined(separator: ", ")
    }
}
