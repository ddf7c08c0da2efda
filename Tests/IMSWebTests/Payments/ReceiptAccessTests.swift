import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import Testing

@testable import IMSWeb

/// Issue 10: a receipt (payer's name, address, card ending) is shown to the browser that paid, or to anyone
/// with the link for a day after the payment; not to whoever holds the link for ever.
@Suite("Receipt access")
struct ReceiptAccessTests {
    @Test("issue 10: the paying browser always sees its receipt; another browser with the link only for a day")
    func receiptAccess() async throws {
        try await TestServer.run { server, client in
            let payment = try await server.payments.create(
                PaymentRequest(
                    lines: [.init(fundCode: "BINS", reference: "GW-7", amount: 2_000)], returnURL: "https://bins.example/done"),
                service: "web-tests", scope: .all, idempotencyKey: nil
            ).payment
            var payer = StaffBrowser(client)
            let handOff = try await payer.submit("/pay/\(payment.id)/start", from: "/pay/\(payment.id)", fields: [:])
            let back = try await payer.payAtSandbox(try #require(handOff.headers[.location]), card: "4242424242424242")
            #expect(try await payer.send(.get, back).text.contains("<h1>Payment complete</h1>"))

            var stranger = StaffBrowser(client)
            #expect(try await stranger.send(.get, "/pay/\(payment.id)/receipt").status == .ok)  // within the day

            server.clock.advance(seconds: 2 * 24 * 3_600)
            let closed = try await stranger.send(.get, "/pay/\(payment.id)/receipt")
            #expect(closed.status == .forbidden)
            #expect(closed.text.contains("no longer shown here"))
            #expect(!closed.text.contains("4242"))
            #expect(try await stranger.send(.get, "/pay/\(payment.id)").status == .forbidden)
            // A second visit does not make the stranger's browser the payer's.
            #expect(try await stranger.send(.get, "/pay/\(payment.id)/receipt").status == .forbidden)

            let own = try await payer.send(.get, "/pay/\(payment.id)/receipt")
            #expect(own.status == .ok)
            #expect(own.text.contains("R0"))
        }
    }
}
