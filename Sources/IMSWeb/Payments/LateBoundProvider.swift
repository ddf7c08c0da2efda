import Foundation
import IMSCore
import Synchronization

/// A provider whose address is known only once the server listens (the sandbox, served by IMS itself,
/// when IMS was asked for port 0). Until then every call is refused as unavailable.
final class LateBoundProvider: PaymentProvider {
    let name: String
    private let inner = Mutex<(any PaymentProvider)?>(nil)

    init(name: String) { self.name = name }

    func bind(_ provider: any PaymentProvider) { inner.withLock { $0 = provider } }

    private var provider: any PaymentProvider {
        get throws {
            guard let provider = inner.withLock({ $0 }) else {
                throw IMSError(.unavailable, .providerUnavailable, "The payment provider is not ready yet")
            }
            return provider
        }
    }

    func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment {
        try await provider.createPayment(request)
    }

    func status(of providerPaymentID: String, account: String) async throws -> ProviderPaymentStatus {
        try await provider.status(of: providerPaymentID, account: account)
    }

    func cancel(_ providerPaymentID: String, account: String) async throws {
        try await provider.cancel(providerPaymentID, account: account)
    }

    func refund(_ providerPaymentID: String, account: String, amount: Money, expectedAvailable: Money?) async throws -> ProviderRefund {
        try await provider.refund(providerPaymentID, account: account, amount: amount, expectedAvailable: expectedAvailable)
    }
}
