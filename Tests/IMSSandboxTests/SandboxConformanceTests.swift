import Foundation
import HTTPTypes
import HummingbirdTesting
import IMSCore
import IMSProviders
import IMSSandbox
import IMSTestSupport
import NIOCore
import Testing

/// Issue 9 item 3: the sandbox behaves like GOV.UK Pay's published API on the points IMS relies on, so the
/// demo and the tests catch what the real API would.
@Suite struct SandboxConformanceTests {
    static let bearer: HTTPFields = [.authorization: "Bearer \(SandboxHarness.apiKey)", .contentType: "application/json"]

    @Test("issue 9 item 3: the same Idempotency-Key gives the same payment; each read of an unfinished payment a fresh, working next_url")
    func idempotencyAndFreshNextURL() async throws {
        try await SandboxHarness.run { sandbox in
            let request = try ProviderPaymentRequest(
                amount: Money(pence: 5_000), reference: "pay_x", description: "Parking", returnURL: SandboxHarness.returnURL,
                idempotencyKey: "pay_abc")
            let first = try await sandbox.provider.createPayment(request)
            let retry = try await sandbox.provider.createPayment(request)
            #expect(first.providerPaymentID == retry.providerPaymentID)
            let read = try await sandbox.status(first)
            let fresh = try #require(read.nextURL)
            #expect(fresh != first.nextURL)
            // The fresh page is the payment's own page and takes the card.
            let resumed = ProviderPayment(providerPaymentID: first.providerPaymentID, account: first.account, nextURL: fresh, state: .created)
            #expect(try await sandbox.open(resumed).status == .ok)
            #expect(try await sandbox.submit(resumed, card: "4444333322221111").status == .seeOther)
            let paid = try await sandbox.status(first)
            #expect(paid.state == .success)
            #expect(paid.nextURL == nil)
            #expect(paid.capturedAt == SandboxHarness.start)
        }
    }

    @Test(
        "issue 9 item 3: blank strings are 400 P0101 and <, > or | are 400 P0102, as at GOV.UK Pay",
        arguments: [
            (#""reference": " ""#, "P0101", "reference"), (#""reference": "A<B""#, "P0102", "reference"),
            (#""description": "x|y""#, "P0102", "description"),
        ])
    func refusedText(field: String, code: String, name: String) async throws {
        try await SandboxHarness.run { sandbox in
            var fields = [#""amount": 100"#, #""return_url": "https://ims.example/r""#, #""reference": "R1""#, #""description": "D""#]
            fields.removeAll { $0.hasPrefix("\"\(name)\"") }
            fields.append(field)
            let response = try await sandbox.browser.execute(
                uri: "/sandbox-provider/v1/payments", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: "{" + fields.joined(separator: ", ") + "}"))
            #expect(response.status == .badRequest)
            #expect(response.text.contains(#""code":"\#(code)""#) && response.text.contains(#""field":"\#(name)""#))
        }
    }

    @Test("issue 9 item 3: cancelling a finished payment is 409 P0502, which IMS reads as not cancelled")
    func cancelFinished() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            _ = try await sandbox.submit(payment, card: "4444333322221111")
            let response = try await sandbox.browser.execute(
                uri: "/sandbox-provider/v1/payments/\(payment.providerPaymentID)/cancel", method: .post, headers: Self.bearer)
            #expect(response.status == .conflict && response.text.contains(#""code":"P0502""#))
            let error = await #expect(throws: IMSError.self) {
                try await sandbox.provider.cancel(payment.providerPaymentID, account: payment.account)
            }
            #expect(error?.code == .providerNotCancellable)
            #expect(try await sandbox.status(payment).state == .success)
        }
    }
}
