import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import Testing

@testable import IMSWeb

/// A council service's payment from the payer's side: its page, the provider, the outcome and the receipt.
@Suite("Public payment pages: paying")
struct PaymentOutcomePagesTests {
    @Test("A council service's payment page shows its lines, total and Continue to payment, in the payment's language")
    func servicePaymentPage() async throws {
        try await TestServer.run { server, client in
            let payment = try await server.payments.create(
                PaymentRequest(
                    lines: [
                        .init(fundCode: "CTAX", reference: "771234564", amount: 4_500),
                        .init(fundCode: "PLAN", reference: "PA/2026/0123", amount: 12_000),
                    ],
                    returnURL: "https://bins.example/done", description: "Council tax and a planning fee"), service: "web-tests", scope: .all,
                idempotencyKey: nil
            ).payment
            var payer = StaffBrowser(client)
            let html = try await payer.send(.get, "/pay/\(payment.id)").text
            #expect(html.contains("<h1>Your payment</h1>"))
            #expect(html.contains("<p class=\"lead\">Council tax and a planning fee</p>"))
            #expect(html.contains("<dt>Council Tax</dt>") && html.contains("Reference: 771234564") && html.contains("Amount: £45.00"))
            #expect(html.contains("<dt>Planning applications</dt>") && html.contains("Reference: PA/2026/0123") && html.contains("Amount: £120.00"))
            #expect(html.contains("<dd>£165.00</dd>"))
            #expect(html.contains("action=\"/pay/\(payment.id)/start\""))
            #expect(html.contains(">Continue to payment</button>"))
            #expect(!html.contains("Your name and address") && !html.contains("/pay?change="))

            let welsh = try await server.payments.create(
                PaymentRequest(
                    lines: [.init(fundCode: "BCON", reference: "BC-004211", amount: 30_000)], returnURL: "https://bc.example/done", language: "cy"),
                service: "web-tests", scope: .all, idempotencyKey: nil
            ).payment
            let page = try await payer.send(.get, "/pay/\(welsh.id)").text
            #expect(page.contains("<html lang=\"cy\">") && page.contains(">Parhau i dalu</button>"))
            #expect(page.contains("Eich enw a&#39;ch cyfeiriad"))
        }
    }

    @Test(
        "The masthead's text stays readable on the council's colour; a colour that is not #rrggbb is not used",
        arguments: [
            ("#1d70b8", ":root { --brand: #1d70b8; --brand-text: #ffffff; }\n"),
            ("#FFDD00", ":root { --brand: #ffdd00; --brand-text: #0b0c0c; }\n"),
            ("#0b0c0c", ":root { --brand: #0b0c0c; --brand-text: #ffffff; }\n"),
            ("red; } body { display: none", ":root { --brand: #1d70b8; --brand-text: #ffffff; }\n"),
        ])
    func brandColour(configured: String, stylesheet: String) {
        #expect(PaymentPages.brandStylesheet(colour: configured) == stylesheet)
    }

    // MARK: Hand-off to the provider and the return

    @Test("Paying the basket: the provider's page, the outcome confirmed with the provider, a full VAT invoice")
    func payBasket() async throws {
        try await TestServer.run { server, client in
            var payer = StaffBrowser(client)
            _ = try await payer.addItem(fund: "BCON", reference: "BC-004211", amount: "300")
            _ = try await payer.addItem(fund: "CTAX", reference: "771234564", amount: "45")
            let fields = ["payer_name": "Ada Lovelace", "payer_address": "1 Engine Street\nDemotown", "payer_postcode": "dm1 1aa"]
            let handOff = try await payer.continueToPayment(fields)
            #expect(handOff.status == .seeOther)
            let providerPage = try #require(handOff.headers[.location])
            #expect(providerPage.contains("/sandbox-provider/pay/"))

            let back = try await payer.payAtSandbox(providerPage, card: "4444333322221111")
            let id = try #require(back.split(separator: "/").dropFirst().first.map(String.init))
            #expect(back == "/pay/\(id)/return")
            let outcome = try await payer.send(.get, back)
            #expect(outcome.status == .ok)
            let html = outcome.text
            let stored = try #require(try await server.database.payment(id: id))
            #expect(stored.state == .success)
            #expect(stored.payer.name == "Ada Lovelace" && stored.payer.postcode == "DM1 1AA")
            let receiptNumber = try #require(stored.receiptNumber)
            #expect(html.contains("<h1>Payment complete</h1>"))
            #expect(html.contains("<strong class=\"pay-receipt-number\">\(receiptNumber)</strong>"))
            #expect(html.contains("<h2>VAT invoice</h2>"))
            #expect(html.contains("Visa card ending 1111"))
            #expect(html.contains("Demo Borough Council<br>Town Hall") && html.contains("GB 123 4567 89"))
            #expect(html.contains("Ada Lovelace") && html.contains("DM1 1AA"))
            #expect(
                html.contains(
                    "<td class=\"numeric\">£250.00</td><td class=\"numeric\">20%</td><td class=\"numeric\">£50.00</td><td class=\"numeric\">£300.00</td>"
                ))
            #expect(html.contains("<td class=\"numeric\">No VAT</td>"))  // council tax is outside the scope
            #expect(html.contains("<dd>£345.00</dd>"))
            #expect(html.contains("<a href=\"/pay/\(id)/receipt\">Print your receipt</a>"))
            #expect(!html.contains("4444333322221111") && !html.contains("444433"))
            #expect(payer.cookies["ims_pay_basket"] == nil)

            let receipt = try await payer.send(.get, "/pay/\(id)/receipt").text
            #expect(receipt.contains("<h1>VAT invoice</h1>") && receipt.contains(receiptNumber))
            // The council's receipt message (the demo's RECEIPT-FOOTER) is printed on it.
            #expect(receipt.contains("<p class=\"receipt-message\">Thank you for your payment. Keep this receipt for your records.</p>"))
            // The provider is asked once more on a second return; the outcome does not change.
            #expect(try await payer.send(.get, back).text.contains(receiptNumber))
        }
    }

    @Test("A declined card says no money was taken, and Try again brings back the same basket")
    func declined() async throws {
        try await TestServer.run { server, client in
            var payer = StaffBrowser(client)
            _ = try await payer.addItem(fund: "CTAX", reference: "771234564", amount: "45")
            let handOff = try await payer.continueToPayment([:])
            let back = try await payer.payAtSandbox(try #require(handOff.headers[.location]), card: "4000000000000002")
            let outcome = try await payer.send(.get, back)
            #expect(outcome.text.contains("<h1>Your payment was declined</h1>"))
            #expect(outcome.text.contains("No money has been taken from your account."))
            let id = try #require(back.split(separator: "/").dropFirst().first.map(String.init))
            #expect(try await server.database.payment(id: id)?.state == .failed)

            payer.cookies["ims_pay_basket"] = nil  // another device: the basket comes from the payment
            let retry = try await payer.submit("/pay/\(id)/retry", from: back, fields: [:])
            #expect(retry.status == .seeOther && retry.headers[.location] == "/pay/check")
            let check = try await payer.send(.get, "/pay/check").text
            #expect(check.contains("Reference: 771234564") && check.contains("<dd>£45.00</dd>"))
        }
    }

    @Test("A service's payment: Continue to payment, a pending return, success with a VAT receipt and Continue back to the service")
    func servicePaymentPaid() async throws {
        try await TestServer.run { server, client in
            let payment = try await server.payments.create(
                PaymentRequest(
                    lines: [
                        .init(fundCode: "BCON", reference: "BC-004211", amount: 10_000), .init(fundCode: "BINS", reference: "GW-7", amount: 2_000),
                    ],
                    returnURL: "https://bins.example/done?order=7"), service: "web-tests", scope: .all, idempotencyKey: nil
            ).payment
            var payer = StaffBrowser(client)
            let handOff = try await payer.submit("/pay/\(payment.id)/start", from: "/pay/\(payment.id)", fields: [:])
            let providerPage = try #require(handOff.headers[.location])
            #expect(providerPage.contains("/sandbox-provider/pay/"))

            let early = try await payer.send(.get, "/pay/\(payment.id)/return")
            #expect(early.text.contains("<h1>We are checking your payment</h1>"))

            // Typing a card takes longer than the few seconds the provider's last answer is reused for.
            server.clock.advance(seconds: 30)
            let back = try await payer.payAtSandbox(providerPage, card: "4242424242424242")
            let html = try await payer.send(.get, back).text
            #expect(html.contains("<h1>Payment complete</h1>") && html.contains("<h2>VAT receipt</h2>"))
            #expect(html.contains("£100.00 including VAT at 20%: £16.67"))
            #expect(html.contains("<a class=\"button\" href=\"https://bins.example/done?order=7\">Continue</a>"))
            #expect(!html.contains("Make another payment"))
            #expect(try await payer.send(.get, "/pay/\(payment.id)").text.contains("<h1>Payment complete</h1>"))
        }
    }

    @Test("A payment cancelled on the provider's page offers the way back to the service")
    func servicePaymentCancelled() async throws {
        try await TestServer.run { server, client in
            let payment = try await server.payments.create(
                PaymentRequest(
                    lines: [.init(fundCode: "PARK", reference: "DM12345678", amount: 7_000)], returnURL: "https://parking.example/back",
                    language: "cy"),
                service: "web-tests", scope: .all, idempotencyKey: nil
            ).payment
            var payer = StaffBrowser(client)
            let handOff = try await payer.submit("/pay/\(payment.id)/start", from: "/pay/\(payment.id)", fields: [:])
            let providerPath = StaffBrowser.path(of: try #require(handOff.headers[.location]))
            _ = try await payer.send(.get, providerPath)
            let cancelled = try await payer.send(.post, providerPath + "/cancel", form: [:])
            let html = try await payer.send(.get, StaffBrowser.path(of: try #require(cancelled.headers[.location]))).text
            #expect(html.contains("<h1>Cafodd eich taliad ei ganslo</h1>"))
            #expect(html.contains("href=\"https://parking.example/back\""))
            #expect(!html.contains("/retry"))
        }
    }
}
