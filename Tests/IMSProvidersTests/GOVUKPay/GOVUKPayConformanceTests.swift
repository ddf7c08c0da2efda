import AsyncHTTPClient
import Foundation
import IMSCore
import IMSProviders
import IMSTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// Issue 9 item 3: IMS talks to GOV.UK Pay exactly as its published API says, on the points that are easy
/// to get wrong and lose a payment when wrong.
@Suite struct GOVUKPayConformanceTests {
    static func request(reference: String = "pay_abc", description: String = "Pay your council tax", key: String? = "pay_abc") throws
        -> ProviderPaymentRequest
    {
        try ProviderPaymentRequest(
            amount: Money(pence: 14_500), reference: reference, description: description, returnURL: "https://ims.example.gov.uk/pay/x/return",
            idempotencyKey: key)
    }

    @Test("issue 9 item 3: create sends an Idempotency-Key, so a retry gives the same provider payment, not a second")
    func idempotencyKey() async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try GOVUKPayProviderTests.provider(base)
            let first = try await provider.createPayment(Self.request(key: "pay_2mbvqxa4"))
            let retry = try await provider.createPayment(Self.request(key: "pay_2mbvqxa4"))
            let other = try await provider.createPayment(Self.request(key: "pay_7zzzzzzz"))
            #expect(first.providerPaymentID == retry.providerPaymentID)
            #expect(other.providerPaymentID != first.providerPaymentID)
        }
        let keys = await standIn.requests.map(\.idempotencyKey)
        // IMS's payment id mapped to GOV.UK Pay's [a-zA-Z0-9-].
        #expect(keys == ["pay-2mbvqxa4", "pay-2mbvqxa4", "pay-7zzzzzzz"])
        #expect(await standIn.paymentIDs.count == 2)
    }

    @Test("issue 9 item 3: each read of an unfinished payment carries a fresh next_url; a finished one none; the capture time is read")
    func freshNextURLAndCaptureTime() async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try GOVUKPayProviderTests.provider(base)
            let created = try await provider.createPayment(Self.request())
            let first = try await provider.status(of: created.providerPaymentID, account: created.account)
            let second = try await provider.status(of: created.providerPaymentID, account: created.account)
            let firstURL = try #require(first.nextURL)
            let secondURL = try #require(second.nextURL)
            #expect(Set([created.nextURL, firstURL, secondURL]).count == 3)
            #expect(first.capturedAt == nil)
            await standIn.update(created.providerPaymentID) { $0.pay(capturedAt: "2026-11-27T17:15:00.250Z") }
            let paid = try await provider.status(of: created.providerPaymentID, account: created.account)
            #expect(paid.state == .success)
            #expect(paid.nextURL == nil)
            #expect(paid.capturedAt == Timestamp(iso8601: "2026-11-27T17:15:00.250Z"))
            #expect(paid.capturedAt?.microsecondsSince1970 == 1_795_799_700_250_000)
        }
    }

    @Test(
        "issue 9 item 3: only a 204 is a cancel; 400 P0501 (being authorised) and 409 P0502 (finished) are not", arguments: ["submitted", "success"])
    func cancelRefusals(status: String) async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("open0000000000000000000001", .init(key: "api_test_council_key", amount: 100, status: status))
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try GOVUKPayProviderTests.provider(base)
            let error = await #expect(throws: IMSError.self) { try await provider.cancel("open0000000000000000000001", account: "default") }
            #expect(error?.code == .providerNotCancellable)
        }
        #expect(await standIn.payment("open0000000000000000000001")?.status == status)
    }

    @Test("issue 9 item 3: a rate limit (429 P0900) is 'try again later', never an outcome")
    func rateLimit() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("open0000000000000000000001", .init(key: "api_test_council_key", amount: 100, status: "started", behaviour: .rateLimited))
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try GOVUKPayProviderTests.provider(base)
            let status = await #expect(throws: IMSError.self) { try await provider.status(of: "open0000000000000000000001", account: "default") }
            #expect(status?.code == .providerUnavailable)
            let cancel = await #expect(throws: IMSError.self) { try await provider.cancel("open0000000000000000000001", account: "default") }
            #expect(cancel?.code == .providerUnavailable)
        }
    }

    @Test(
        "issue 9 item 3: <, > and | are refused at IMS's edge, naming the field; lengths count UTF-16 units as GOV.UK Pay does",
        arguments: ["Council tax <b>", "A > B", "A | B"])
    func refusedCharacters(description: String) throws {
        let error = #expect(throws: IMSError.self) { try Self.request(description: description) }
        #expect(error?.field == "description")
        #expect(throws: IMSError.self) { try Self.request(reference: "ref|1") }
        // 128 emoji are 128 characters but 256 UTF-16 units: over GOV.UK Pay's 255.
        let long = #expect(throws: IMSError.self) { try Self.request(description: String(repeating: "😀", count: 128)) }
        #expect(long?.field == "description")
        #expect((try? Self.request(description: String(repeating: "😀", count: 127))) != nil)
    }

    @Test("issue 9 item 3: the stand-in answers blank strings with 400 P0101, as GOV.UK Pay does")
    func blankStringsAreMissing() async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            var request = HTTPClientRequest(url: base + "/v1/payments")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer api_test_council_key")
            request.body = .bytes(ByteBuffer(string: #"{"amount": 100, "reference": " ", "description": "x", "return_url": "https://a.example/r"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            #expect(response.status.code == 400)
            #expect(String(buffer: try await response.body.collect(upTo: 4_096)).contains("P0101"))
        }
    }
}
