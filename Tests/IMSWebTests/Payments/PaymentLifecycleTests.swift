import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import NIOCore
import Testing

@testable import IMSWeb

/// Issue 9 item 2: money taken must always reach the ledger. IMS runs with its GOV.UK Pay client against
/// the stand-in written from GOV.UK Pay's published API; the stand-in plays the payer and GOV.UK Pay's
/// faults, and the test's clock plays time.
@Suite("Payment lifecycle")
struct PaymentLifecycleTests {
    static let webhookSecret = "whsec_test_0123456789abcdef"

    /// A server using GOV.UK Pay (the stand-in), with notifications on and the given provider deadline (long
    /// enough by default for a loaded test machine).
    static func withGOVUKPay(
        timeoutSeconds: Int = 20, _ body: @Sendable @escaping (GOVUKPayStandIn, TestServer, any TestClientProtocol) async throws -> Void
    ) async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let environment = [
                "IMS_PAYMENT_PROVIDER": "govuk-pay", "IMS_GOVUK_PAY_API_KEY": "api_test_council_key", "IMS_GOVUK_PAY_URL": base,
                "IMS_GOVUK_PAY_WEBHOOK_SECRETS": webhookSecret, "IMS_GOVUK_PAY_TIMEOUT_SECONDS": String(timeoutSeconds),
            ]
            try await TestServer.run(environment: environment) { server, client in try await body(standIn, server, client) }
        }
    }

    /// A £10.00 council tax payment handed to GOV.UK Pay; returns IMS's payment and GOV.UK Pay's id for it.
    static func handedOff(_ server: TestServer, amount: Int64 = 1_000) async throws -> (Payment, String) {
        let request = PaymentRequest(lines: [.init(fundCode: "CTAX", reference: "771234564", amount: amount)], returnURL: "https://example.org/done")
        let payment = try await server.payments.create(request, service: "web-tests", scope: .all, idempotencyKey: nil).payment
        _ = try await server.payments.handOff(payment.id)
        let handed = try #require(try await server.database.payment(id: payment.id))
        return (handed, try #require(handed.providerPaymentID))
    }

    static func entryLines(_ server: TestServer, _ payment: Payment) async throws -> [EntryLine] {
        let entryID = try #require(payment.entryID)
        return try #require(try await server.database.entry(id: entryID)).content.lines
    }

    @Test("issue 9 item 2: cancel refused at expiry: the payment stays open and a later success is posted")
    func cancelRefusedAtExpiry() async throws {
        try await Self.withGOVUKPay { standIn, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) { $0.behaviour = .cancelRefused }
            server.clock.advance(seconds: 91 * 60)
            #expect(try await server.payments.expireDue() == 0)
            #expect(try await server.database.payment(id: payment.id)?.state == .started)
            await standIn.update(providerID) { $0.pay() }
            let confirmed = try await server.payments.confirm(payment.id)
            #expect(confirmed.state == .success)
            #expect(confirmed.entryID != nil)
        }
    }

    @Test("issue 9 item 2: a provider timeout at expiry expires nothing; the provider's own answer does later")
    func providerTimeoutAtExpiry() async throws {
        try await Self.withGOVUKPay(timeoutSeconds: 3) { standIn, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) { $0.behaviour = .slowCancel(seconds: 8) }
            server.clock.advance(seconds: 91 * 60)
            #expect(try await server.payments.expireDue() == 0)
            #expect(try await server.database.payment(id: payment.id)?.state == .started)
            await standIn.update(providerID) {
                $0.behaviour = .documented; $0.status = "failed"; $0.code = "P0020"; $0.message = "Payment expired"
            }
            #expect(try await server.payments.expireDue() == 1)
            #expect(try await server.database.payment(id: payment.id)?.state == .expired)
        }
    }

    @Test("issue 9 item 2: a cancel the provider accepts (204) expires the payment")
    func acceptedCancelExpires() async throws {
        try await Self.withGOVUKPay { standIn, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            server.clock.advance(seconds: 91 * 60)
            #expect(try await server.payments.expireDue() == 1)
            #expect(try await server.database.payment(id: payment.id)?.state == .expired)
            #expect(await standIn.payment(providerID)?.status == "cancelled")
        }
    }

    @Test("issue 9 item 2: a success after IMS expired the payment is posted to its fund and flagged, with an audit event")
    func successAfterLocalExpiry() async throws {
        try await Self.withGOVUKPay { standIn, server, client in
            let (payment, providerID) = try await Self.handedOff(server)
            // As IMS did before this rule: expired locally while the payer was still paying.
            _ = try await PaymentLifecycle(store: server.database).apply(payment.id, .expire)
            await standIn.update(providerID) { $0.pay() }
            let body =
                #"{"webhook_message_id": "m1", "api_version": 1, "resource_id": "\#(providerID)", "resource_type": "payment", "event_type": "card_payment_captured"}"#
            let response = try await Self.notify(client, body: body, secret: Self.webhookSecret)
            #expect(response.status == .ok)
            let after = try #require(try await server.database.payment(id: payment.id))
            #expect(after.state == .success)
            #expect(after.attention?.contains("after IMS had recorded the payment as expired") == true)
            let lines = try await Self.entryLines(server, after)
            #expect(lines.contains { $0.account == .fund("CTAX", AccountReference(normalising: "771234564")) && $0.amount == Money(pence: -1_000) })
            let audit = try await server.database.auditEvents(AuditQuery(action: "payment.attention"))
            #expect(audit.first?.target == "payment:\(payment.id)")
        }
    }

    @Test("issue 9 item 2: a notification with a wrong signature is refused and changes nothing")
    func forgedNotification() async throws {
        try await Self.withGOVUKPay { standIn, server, client in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) { $0.pay() }
            let body = #"{"resource_id": "\#(providerID)", "resource_type": "payment"}"#
            let forged = try await Self.notify(client, body: body, secret: "not-the-secret-0123456789")
            #expect(forged.status == .unauthorized)
            let unsigned = try await client.execute(uri: ProviderNotifications.path, method: .post, headers: [:], body: ByteBuffer(string: body))
            #expect(unsigned.status == .unauthorized)
            #expect(try await server.database.payment(id: payment.id)?.state == .started)
        }
    }

    @Test("issue 9 item 2: two hand-offs at once make one provider payment, and both payers reach it")
    func doubleHandOff() async throws {
        try await Self.withGOVUKPay { standIn, server, _ in
            let request = PaymentRequest(
                lines: [.init(fundCode: "CTAX", reference: "771234564", amount: 1_000)], returnURL: "https://example.org/done")
            let payment = try await server.payments.create(request, service: "web-tests", scope: .all, idempotencyKey: nil).payment
            async let first = server.payments.handOff(payment.id)
            async let second = server.payments.handOff(payment.id)
            let urls = try await [first, second]
            #expect(urls.allSatisfy { $0.hasPrefix("https://www.payments.service.gov.uk/secure/") })
            #expect(await standIn.paymentIDs.count == 1)
            let creates = await standIn.requests.filter { $0.method == "POST" && $0.path == "/v1/payments" }
            #expect(creates.count == 1)
            #expect(creates.first?.idempotencyKey == ProviderPaymentRequest.idempotencyKey(for: payment.id))
            // Coming back later resumes with a fresh next_url (GOV.UK Pay's are single-use), not a stored one.
            let again = try await server.payments.handOff(payment.id)
            #expect(!urls.contains(again))
            #expect(await standIn.paymentIDs.count == 1)
        }
    }

    @Test("issue 9 item 2: a second provider payment recorded for one IMS payment is handed back as surplus to cancel")
    func surplusProviderPayment() async throws {
        try await Self.withGOVUKPay { _, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            let other = ProviderPayment(
                providerPaymentID: "surplus000000000000000000", account: "default", nextURL: "https://x.example/p", state: .created)
            let (recorded, surplus) = try await PaymentLifecycle(store: server.database).recordHandOff(
                of: payment.id, providerName: "govuk_pay", to: other)
            #expect(recorded.providerPaymentID == providerID)
            #expect(surplus?.providerPaymentID == "surplus000000000000000000")
        }
    }

    @Test("issue 9 item 2: an amount that differs from the provider's is posted to suspense and flagged, never lost")
    func amountMismatch() async throws {
        try await Self.withGOVUKPay { standIn, server, client in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) {
                $0.amount = 1_500; $0.pay()
            }
            let confirmed = try await server.payments.confirm(payment.id)
            #expect(confirmed.state == .success)
            #expect(confirmed.attention?.contains("took £15.00, not the £10.00") == true)
            let lines = try await Self.entryLines(server, confirmed)
            let suspense = try #require(DemoCouncil.configuration.funds.first { $0.isSuspense })
            #expect(
                lines.contains { $0.account == .fund(suspense.code, AccountReference(normalising: payment.id)) && $0.amount == Money(pence: -1_500) })
            #expect(!lines.contains { $0.account.description.contains("CTAX") })
            #expect(try await server.database.paymentsNeedingAttention(limit: 10).map(\.id) == [payment.id])

            // The income officer sees it on the online payments screen, with why, and on the payment's page.
            var officer = StaffBrowser(client)
            try await officer.signInAsDemoUser("income.officer")
            let list = try await officer.send(.get, "/staff/payments")
            #expect(list.text.contains("Payments needing attention"))
            #expect(list.text.contains(payment.id) && list.text.contains("took £15.00, not the £10.00"))
            let page = try await officer.send(.get, "/staff/payments/\(payment.id)")
            #expect(page.text.contains("<dt>Needs attention</dt>"))
        }
    }

    @Test("issue 9 item 2: a payer who closed the tab is posted by reconciliation, at the provider's capture time")
    func tabClosed() async throws {
        try await Self.withGOVUKPay { standIn, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) { $0.pay(capturedAt: "2026-11-27T17:15:00.000Z") }
            #expect(try await server.payments.reconcileDue() == 0)  // not due yet
            server.clock.advance(seconds: 61)
            #expect(try await server.payments.reconcileDue() == 1)
            let after = try #require(try await server.database.payment(id: payment.id))
            #expect(after.state == .success)
            let entryID = try #require(after.entryID)
            let entry = try #require(try await server.database.entry(id: entryID))
            #expect(entry.content.occurredAt == Timestamp(iso8601: "2026-11-27T17:15:00.000Z"))
            server.clock.advance(seconds: 3_600)
            #expect(try await server.payments.reconcileDue() == 0)  // captured: nothing more to ask
        }
    }

    @Test("issue 9 item 3: a success that turns into error (capture failed) is flagged for an officer, not treated as final")
    func captureFailedAfterSuccess() async throws {
        try await Self.withGOVUKPay { standIn, server, _ in
            let (payment, providerID) = try await Self.handedOff(server)
            await standIn.update(providerID) {
                $0.pay(); $0.captureSubmitTime = nil
            }
            #expect(try await server.payments.confirm(payment.id).state == .success)
            await standIn.update(providerID) {
                $0.status = "error"; $0.code = "P0050"; $0.message = "Payment provider returned an error"
            }
            server.clock.advance(seconds: 61)
            #expect(try await server.payments.reconcileDue() == 1)
            let after = try #require(try await server.database.payment(id: payment.id))
            #expect(after.state == .success)
            #expect(after.attention?.contains("error after success") == true)
        }
    }

    @Test("issue 9 item 2: with the sandbox too, a payer who pays and closes the tab is posted by reconciliation")
    func tabClosedWithTheSandbox() async throws {
        try await TestServer.run { server, client in
            let request = PaymentRequest(
                lines: [.init(fundCode: "CTAX", reference: "771234564", amount: 2_500)], returnURL: "https://example.org/done")
            let payment = try await server.payments.create(request, service: "web-tests", scope: .all, idempotencyKey: nil).payment
            let cardPage = try #require(URL(string: try await server.payments.handOff(payment.id))).path
            let form = "card-number=4444333322221111&expiry-month=04&expiry-year=30&cardholder-name=Ada+Lovelace&cvc=123"
            let paid = try await client.execute(
                uri: cardPage, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
            #expect(paid.status == .seeOther)  // the payer's browser would now return to IMS; it does not
            #expect(try await server.database.payment(id: payment.id)?.state == .started)
            server.clock.advance(seconds: 61)
            #expect(try await server.payments.reconcileDue() == 1)
            let after = try #require(try await server.database.payment(id: payment.id))
            #expect(after.state == .success)
            #expect(after.entryID != nil)
            #expect(after.attention == nil)
        }
    }

    static func notify(_ client: any TestClientProtocol, body: String, secret: String) async throws -> TestResponse {
        let signature = ProviderNotifications.signature(of: Data(body.utf8), secret: secret)
        return try await client.execute(
            uri: ProviderNotifications.path, method: .post, headers: [HTTPField.Name("Pay-Signature")!: signature, .contentType: "application/json"],
            body: ByteBuffer(string: body))
    }
}
