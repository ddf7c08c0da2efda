import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSProviders
import IMSSandbox
import IMSTestSupport
import NIOCore
import Testing

/// The sandbox card processor end to end, through the same `GOVUKPayProvider` IMS uses for GOV.UK Pay.
@Suite struct SandboxProviderTests {
    /// A Luhn-valid number that is not one of the published test cards.
    static let realLookingCard = "4556738012345679"

    @Test(arguments: SandboxTestCard.all)
    func everyPublishedTestCardHasItsDocumentedOutcome(_ card: SandboxTestCard) async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            #expect(payment.state == .created)
            #expect(try await sandbox.status(payment).state == .created)
            #expect(try await sandbox.open(payment).status == .ok)
            #expect(try await sandbox.status(payment).state == .started)

            let answer = try await sandbox.submit(payment, card: card.number, securityCode: String(repeating: "4", count: card.securityCodeLength))
            let status = try await sandbox.status(payment)
            if card.outcome == .cardTypeNotAccepted {
                #expect(answer.status == .unprocessableContent)
                #expect(answer.text.contains("Maestro is not accepted. Use a different card"))
                #expect(status.state == .started && status.card == nil)
                return
            }
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == SandboxHarness.returnURL)
            switch card.outcome {
            case .success: #expect(status.state == .success)
            case .declined, .expired, .incorrectCVC:
                guard case .failed(let failure) = status.state else { Issue.record("expected failed, got \(status.state)"); return }
                #expect(failure.code == "P0010")
            case .generalError: #expect(status.state == .error(ProviderFailure(code: "P0050", message: "Payment provider returned an error")))
            case .cardTypeNotAccepted: break
            }
            #expect(status.card == (try CardSummary(brand: card.brand, lastFourDigits: card.lastFourDigits, expiry: "04/30")))
            #expect(status.amount == Money(pence: 5_000))

            // PCI: after the form, the number is in no answer, no state and no log line; nor is the key.
            var state = ""
            dump(status, to: &state)
            #expect(!state.contains(card.number))
            #expect(!answer.text.contains(card.number) && answer.headers[.location]?.contains(card.number) == false)
            let page = try await sandbox.open(payment)
            #expect(page.status == .seeOther && !page.text.contains(card.number))
            #expect(!sandbox.logs.all.contains(card.number))
            #expect(!sandbox.logs.all.contains("Ada Lovelace"))
            #expect(!sandbox.logs.all.contains(SandboxHarness.apiKey))
        }
    }

    @Test func theHostedPageIsLabelledAndSelfContained() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create(amountPence: 7_000)
            let page = try await sandbox.open(payment)
            let html = page.text
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(html.contains("<title>Enter card details – IMS sandbox card payments</title>"))
            for (id, label, autocomplete) in [
                ("card-number", "Card number", "cc-number"), ("expiry-month", "Month", "cc-exp-month"), ("expiry-year", "Year", "cc-exp-year"),
                ("cardholder-name", "Name on card", "cc-name"), ("cvc", "Card security code", "cc-csc"),
            ] {
                #expect(html.contains("<label for=\"\(id)\">\(label)</label>"), "label for \(id)")
                #expect(html.contains("id=\"\(id)\" name=\"\(id)\""), "input \(id)")
                #expect(html.contains("autocomplete=\"\(autocomplete)\""), "autocomplete \(autocomplete)")
            }
            #expect(html.contains("<legend>Expiry date</legend>"))
            #expect(html.contains("Parking penalty charge AB12345678") && html.contains("£70.00"))
            #expect(html.contains(">Continue</button>") && html.contains(">Cancel payment</button>"))
            // No script, nothing loaded from elsewhere: the one stylesheet is the sandbox's own.
            #expect(!html.contains("<script") && !html.contains("src=\"http"))
            #expect(html.contains("<link rel=\"stylesheet\" href=\"/sandbox-provider/assets/sandbox.css\">"))
            let css = try await sandbox.browser.execute(uri: "/sandbox-provider/assets/sandbox.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains(":focus"))
        }
    }

    @Test func aCardNumberThatIsNotATestCardIsRefusedAndForgotten() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            _ = try await sandbox.open(payment)
            let answer = try await sandbox.submit(payment, card: "4556 7380 1234 5679", securityCode: "321")
            let html = answer.text
            #expect(answer.status == .unprocessableContent)
            #expect(html.contains("<title>Error: Enter card details"))
            #expect(html.contains("<a href=\"#card-number\">Use one of the sandbox test card numbers</a>"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("id=\"card-number\" name=\"card-number\" value=\"\""))
            #expect(html.contains("id=\"cvc\" name=\"cvc\" value=\"\""))
            #expect(html.contains("value=\"Ada Lovelace\""))
            for shown in [Self.realLookingCard, "4556 7380 1234 5679", "4556%20"] {
                #expect(!html.contains(shown))
                #expect(!sandbox.logs.all.contains(shown))
            }
            let status = try await sandbox.status(payment)
            #expect(status.state == .started && status.card == nil)
        }
    }

    @Test func problemsWithTheFormAreListedAndLinkedToTheirFields() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            let empty = try await sandbox.submit(payment, [])
            #expect(empty.status == .unprocessableContent)
            for (field, message) in [
                ("card-number", "Enter your card number"), ("expiry-month", "Enter the expiry date"),
                ("cardholder-name", "Enter the name as it appears on the card"),
                ("cvc", "Enter the 3-digit card security code from the back of the card"),
            ] {
                #expect(empty.text.contains("<a href=\"#\(field)\">\(message)</a>"), "summary link for \(field)")
                #expect(empty.text.contains("<span class=\"visually-hidden\">Error:</span> \(message)"), "inline error for \(field)")
            }
            let past = try await sandbox.submit(
                payment,
                [
                    ("card-number", "4444 3333 2222 1111"), ("expiry-month", "10"), ("expiry-year", "26"), ("cardholder-name", "A Payer"),
                    ("cvc", "123"),
                ])
            #expect(past.text.contains("The expiry date must be in the future"))
            let amex = try await sandbox.submit(
                payment,
                [
                    ("card-number", "371449635398431"), ("expiry-month", "11"), ("expiry-year", "2026"), ("cardholder-name", "A Payer"),
                    ("cvc", "123"),
                ])
            #expect(amex.text.contains("Enter the 4-digit card security code from the front of the card"))
            #expect(try await sandbox.status(payment).state == .created)
        }
    }

    @Test func cancellingOnThePageReturnsThePayerAndIsRecordedAsTheirs() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            _ = try await sandbox.open(payment)
            let answer = try await sandbox.cancelOnPage(payment)
            #expect(answer.status == .seeOther && answer.headers[.location] == SandboxHarness.returnURL)
            #expect(try await sandbox.status(payment).state == .cancelled(by: .payer))
            let late = try await sandbox.submit(payment, card: "4444333322221111")
            #expect(late.status == .seeOther)
            #expect(try await sandbox.status(payment).state == .cancelled(by: .payer))
        }
    }

    @Test func theServiceCanCancelOnlyWhatIsInProgress() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            try await sandbox.provider.cancel(payment.providerPaymentID, account: payment.account)
            #expect(try await sandbox.status(payment).state == .cancelled(by: .service))
            #expect(try await sandbox.open(payment).status == .seeOther)
            let again = await #expect(throws: IMSError.self) {
                try await sandbox.provider.cancel(payment.providerPaymentID, account: payment.account)
            }
            #expect(again?.code == .providerNotCancellable)
        }
    }

    @Test func aSecondSubmissionCannotChangeTheOutcome() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create()
            _ = try await sandbox.submit(payment, card: "5101110000000004")
            let second = try await sandbox.submit(payment, card: "4000000000000002")
            #expect(second.status == .seeOther)
            let status = try await sandbox.status(payment)
            #expect(status.state == .success && status.card?.lastFourDigits == "0004" && status.card?.brand == "Mastercard")
        }
    }

    @Test func paymentsExpireAfter90Minutes() async throws {
        let clock = FixedWallClock(SandboxHarness.start)
        try await SandboxHarness.run(clock: clock) { sandbox in
            let payment = try await sandbox.create()
            _ = try await sandbox.open(payment)
            clock.advance(seconds: 90 * 60 - 1)
            #expect(try await sandbox.status(payment).state == .started)
            clock.advance(seconds: 1)
            #expect(try await sandbox.status(payment).state == .expired)
            let page = try await sandbox.open(payment)
            #expect(page.status == .seeOther && page.headers[.location] == SandboxHarness.returnURL)
            _ = try await sandbox.submit(payment, card: "4444333322221111")
            let status = try await sandbox.status(payment)
            #expect(status.state == .expired && status.card == nil)
            let cancel = await #expect(throws: IMSError.self) {
                try await sandbox.provider.cancel(payment.providerPaymentID, account: payment.account)
            }
            #expect(cancel?.code == .providerNotCancellable)
        }
    }

    @Test func productionModeIsRefused() {
        let error = #expect(throws: IMSError.self) { try SandboxProvider(isProduction: true) }
        #expect(error?.code == .providerNotConfigured)
        #expect(error?.reason.contains("production") == true)
    }

    @Test func refundsFollowGOVUKPaysRules() async throws {
        try await SandboxHarness.run { sandbox in
            let payment = try await sandbox.create(amountPence: 5_000)
            let id = payment.providerPaymentID
            let early = await #expect(throws: IMSError.self) {
                try await sandbox.provider.refund(id, account: payment.account, amount: Money(pence: 100), expectedAvailable: nil)
            }
            #expect(early?.code == .providerNotRefundable)
            _ = try await sandbox.submit(payment, card: "4242424242424242")
            #expect(
                try await sandbox.status(payment).refundSummary
                    == .init(status: .available, amountAvailable: Money(pence: 5_000), amountSubmitted: .zero))

            let first = try await sandbox.provider.refund(
                id, account: payment.account, amount: Money(pence: 2_000), expectedAvailable: Money(pence: 5_000))
            #expect(first.status == .success && first.amount == Money(pence: 2_000))
            let replayed = await #expect(throws: IMSError.self) {
                try await sandbox.provider.refund(id, account: payment.account, amount: Money(pence: 2_000), expectedAvailable: Money(pence: 5_000))
            }
            #expect(replayed?.code == .providerRefundStale && replayed?.kind == .preconditionFailed)
            let tooMuch = await #expect(throws: IMSError.self) {
                try await sandbox.provider.refund(id, account: payment.account, amount: Money(pence: 3_001), expectedAvailable: Money(pence: 3_000))
            }
            #expect(tooMuch?.code == .providerRefundExceeds)
            _ = try await sandbox.provider.refund(id, account: payment.account, amount: Money(pence: 3_000), expectedAvailable: Money(pence: 3_000))
            #expect(
                try await sandbox.status(payment).refundSummary == .init(status: .full, amountAvailable: .zero, amountSubmitted: Money(pence: 5_000)))
            let more = await #expect(throws: IMSError.self) {
                try await sandbox.provider.refund(id, account: payment.account, amount: Money(pence: 1), expectedAvailable: nil)
            }
            #expect(more?.code == .providerNotRefundable)
        }
    }

    @Test func aWrongKeyIsRefused() async throws {
        try await SandboxHarness.run { sandbox in
            let impostor = try GOVUKPayProvider(
                name: "sandbox", baseURL: sandbox.apiBaseURL, keys: GOVUKPayKeys(singleKey: GOVUKPayAPIKey("sandbox_wrong_key_0000000")))
            let error = await #expect(throws: IMSError.self) {
                try await impostor.createPayment(
                    ProviderPaymentRequest(
                        amount: Money(pence: 100), reference: "R1", description: "D", returnURL: SandboxHarness.returnURL))
            }
            #expect(error?.code == .providerCredentialsRefused)
        }
    }

    @Test func theAPIAnswersWithGOVUKPaysErrors() async throws {
        try await SandboxHarness.run { sandbox in
            let bearer: HTTPFields = [.authorization: "Bearer \(SandboxHarness.apiKey)", .contentType: "application/json"]
            func post(_ json: String, headers: HTTPFields = bearer) async throws -> TestResponse {
                try await sandbox.browser.execute(
                    uri: "/sandbox-provider/v1/payments", method: .post, headers: headers, body: ByteBuffer(string: json))
            }
            let valid = #"{"reference": "R1", "description": "D", "return_url": "https://ims.example/r""#
            let missing = try await post(valid + "}")
            #expect(missing.status == .badRequest)
            #expect(missing.text == #"{"code":"P0101","description":"Missing mandatory attribute: amount","field":"amount"}"#)
            let tooBig = try await post(valid + #", "amount": 10000001}"#)
            #expect(tooBig.status == .unprocessableContent && tooBig.text.contains(#""code":"P0102""#) && tooBig.text.contains(#""field":"amount""#))
            let elevenKeys = (1...11).map { "\"k\($0)\": \"v\"" }.joined(separator: ", ")
            let metadata = try await post(valid + #", "amount": 100, "metadata": {"# + elevenKeys + "}}")
            #expect(metadata.status == .unprocessableContent && metadata.text.contains(#""field":"metadata""#))
            let notJSON = try await post("amount=100")
            #expect(notJSON.status == .badRequest && notJSON.text.contains(#""code":"P0197""#))
            let anonymous = try await post(valid + #", "amount": 100}"#, headers: [.contentType: "application/json"])
            #expect(anonymous.status == .unauthorized)
            let unknown = try await sandbox.browser.execute(uri: "/sandbox-provider/v1/payments/nosuchpayment", method: .get, headers: bearer)
            #expect(unknown.status == .notFound && unknown.text.contains(#""code":"P0200""#))
            let created = try await post(valid + #", "amount": 100, "metadata": {"ledger_code": "AB100", "internal_reference_number": 200}}"#)
            #expect(created.status == .created)
            #expect(created.text.contains(#""metadata":{"internal_reference_number":200,"ledger_code":"AB100"}"#))
            // Without a configured public URL, next_url is where this request was sent (the test client says `localhost`).
            #expect(created.text.contains(#""next_url":{"href":"http://localhost/sandbox-provider/pay/"#))
        }
    }

    @Test func theSandboxHoldsABoundedNumberOfPayments() async throws {
        try await SandboxHarness.run(capacity: 2) { sandbox in
            let first = try await sandbox.create()
            let second = try await sandbox.create()
            let full = await #expect(throws: IMSError.self) { try await sandbox.create() }
            #expect(full?.code == .providerUnavailable)
            // A finished payment makes room; one in progress is never dropped.
            _ = try await sandbox.submit(first, card: "4444333322221111")
            let third = try await sandbox.create()
            let dropped = await #expect(throws: IMSError.self) { try await sandbox.status(first) }
            #expect(dropped?.code == .providerPaymentNotFound)
            #expect(try await sandbox.status(second).state == .created)
            #expect(try await sandbox.status(third).state == .created)
        }
    }

    @Test func anUnknownPageIsNotFound() async throws {
        try await SandboxHarness.run { sandbox in
            let page = try await sandbox.browser.execute(uri: "/sandbox-provider/pay/0123456789abcdef0123456789abcdef", method: .get)
            #expect(page.status == .notFound && page.text.contains("<h1>Payment not found</h1>"))
        }
    }
}

extension SandboxTestCard: CustomTestStringConvertible {
    public var testDescription: String { "\(brand) \(lastFourDigits) (\(outcome.rawValue))" }
}
