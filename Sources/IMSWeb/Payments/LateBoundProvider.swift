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

/// IMS's public address, which may only be known once the server listens (port 0 in tests and tools).
public final class PublicAddress: Sendable {
    private let value: Mutex<String>
    private let isFinal: Bool

    init(configuration: ServerConfiguration) {
        var base = configuration.publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        value = Mutex(base)
        isFinal = configuration.publicURLIsExplicit || configuration.port != 0
    }

    public var url: String { value.withLock { $0 } }

    /// Called when the server listens: with port 0 the real address replaces the configured one.
    func listening(host: String, port: Int) {
        guard !isFinal else { return }
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        value.withLock { $0 = "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)" }
    }
}
