import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import Logging
import Synchronization
import Testing

@testable import IMSWeb

@Suite("Webhooks")
struct WebhookSenderTests {
    @Test("The signature is HMAC-SHA256 of \"<t>.<body>\" with the service's secret (a known vector)")
    func signatureVector() {
        // Computed independently: printf '1795773600.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        let header = WebhookSignature.header(body: #"{"a":1}"#, secret: "whsec_test", at: Timestamp(microsecondsSince1970: 1_795_773_600_000_000))
        #expect(header.hasPrefix("t=1795773600,v1="))
        #expect(header.count == "t=1795773600,v1=".count + 64)
        #expect(
            WebhookSignature.hex(body: #"{"a":1}"#, secret: "whsec_test", seconds: 1_795_773_600)
                != WebhookSignature.hex(body: #"{"a":2}"#, secret: "whsec_test", seconds: 1_795_773_600))
    }

    @Test("A finished payment is delivered, signed, to the service's receiver; a failing receiver is retried with backoff, then given up")
    func deliveryAndRetries() async throws {
        let received = Mutex<[(signature: String, body: String)]>([])
        let failNext = Mutex(true)
        let receiver = Router()
        receiver.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 65_536))
            let shouldFail = failNext.withLock { value in
                let current = value
                value = false
                return current
            }
            received.withLock { $0.append((request.headers[HTTPField.Name("IMS-Signature")!] ?? "", body)) }
            return shouldFail ? .serviceUnavailable : .noContent
        }
        let app = Application(router: receiver, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { hookClient in
            let port = hookClient.port ?? 0
            try await TestServer.run { server, client in
                let secret = try await server.database.setWebhook(service: "bins", url: "http://127.0.0.1:\(port)/hook")
                let key = try await server.database.createAPIKey(service: "bins", permissions: [.paymentsCreate], funds: []).1.value
                var headers = bearer(key)
                headers[.contentType] = "application/json"
                let created = try await client.execute(
                    uri: "/api/v1/payments", method: .post, headers: headers,
                    body: ByteBuffer(
                        string: #"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":4500}],"return_url":"https://bins.example/done"}"#))
                let id = try #require(created.text.range(of: #"pay_[a-z2-7]{26}"#, options: .regularExpression).map { String(created.text[$0]) })
                _ = try await server.payments.cancel(id)

                let sender = WebhookSender(database: server.database, clock: server.clock, logger: Logger(label: "test"))
                try await sender.runOnce()  // the receiver fails the first time
                #expect(try await server.database.dueWebhookDeliveries().isEmpty)  // not due again yet
                server.clock.advance(seconds: 61)
                try await sender.runOnce()
                let deliveries = try await server.database.webhookDeliveries(paymentID: id)
                #expect(deliveries.count == 1)
                #expect(deliveries[0].1.map(\.statusCode) == [503, 204])
                #expect(deliveries[0].0.deliveredAt != nil)

                let (signature, body) = try #require(received.withLock { $0.last })
                #expect(body.contains("\"state\":\"cancelled\""))
                let parts = Dictionary(
                    uniqueKeysWithValues: signature.split(separator: ",").map { pair in
                        let kv = pair.split(separator: "=", maxSplits: 1)
                        return (String(kv[0]), String(kv[1]))
                    })
                // Staff with payments:read see every attempt; others are refused.
                var cashier = StaffBrowser(client)
                try await cashier.signInAsDemoUser("cashier.alice")
                let page = try await cashier.send(.get, "/staff/payments/\(id)")
                #expect(page.status == .ok)
                #expect(page.text.contains("HTTP 503") && page.text.contains("HTTP 204"))
                #expect(page.text.contains("Delivered"))
                var officer = StaffBrowser(client)
                try await officer.signInAsDemoUser("dept.dave")
                #expect(try await officer.send(.get, "/staff/payments/\(id)").status == .forbidden)

                let stamp = try #require(parts["t"])
                let seconds = try #require(Int64(stamp))
                #expect(parts["v1"] == WebhookSignature.hex(body: body, secret: secret, seconds: seconds))
            }
        }
    }

    @Test("Retries back off and stop a day after the first try")
    func backoff() {
        let queued = Timestamp(microsecondsSince1970: 0)
        #expect(WebhookSender.nextAttempt(after: 1, firstQueuedAt: queued, now: queued) == queued.adding(seconds: 60))
        #expect(WebhookSender.nextAttempt(after: 2, firstQueuedAt: queued, now: queued.adding(seconds: 60)) == queued.adding(seconds: 360))
        #expect(WebhookSender.nextAttempt(after: 9, firstQueuedAt: queued, now: queued.adding(seconds: 20 * 3_600)) == nil)
    }
}
