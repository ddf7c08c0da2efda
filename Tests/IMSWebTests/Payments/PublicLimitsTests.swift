import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSTestSupport
import Testing

@testable import IMSWeb

/// Issue 10: per-client limits on what anyone may do on the public pages without signing in.
@Suite("Public payment limits")
struct PublicLimitsTests {
    @Test("issue 10: one client may make 20 payments a minute on the public pages; the 21st attempt is 429 with Retry-After")
    func creationsPerClient() async throws {
        try await TestServer.run { _, client in
            for _ in 0..<20 {
                let response = try await client.execute(
                    uri: "/pay/check", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"])
                #expect(response.status != .tooManyRequests)
            }
            let refused = try await client.execute(uri: "/pay/check", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "60")
            #expect(refused.text.contains("Too many attempts"))
        }
    }

    @Test("issue 10: a payer reloading the return page asks the provider at most once every few seconds")
    func returnsAskTheProviderSparingly() async throws {
        try await PaymentLifecycleTests.withGOVUKPay { standIn, server, client in
            let (payment, providerID) = try await PaymentLifecycleTests.handedOff(server)
            let readsBefore = await standIn.requests.filter { $0.method == "GET" && $0.path.hasSuffix(providerID) }.count
            for _ in 0..<5 { _ = try await client.execute(uri: "/pay/\(payment.id)/return", method: .get) }
            let reads = await standIn.requests.filter { $0.method == "GET" && $0.path.hasSuffix(providerID) }.count
            #expect(reads - readsBefore == 1)
            server.clock.advance(seconds: 4)
            _ = try await client.execute(uri: "/pay/\(payment.id)/return", method: .get)
            #expect(await standIn.requests.filter { $0.method == "GET" && $0.path.hasSuffix(providerID) }.count - readsBefore == 2)
        }
    }
}
