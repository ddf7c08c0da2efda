import IMSCore
import Testing

/// Issue 11: the posting rule of an online or telephone payment that succeeded, as a pure function.
@Suite("Successful payment entry")
struct SuccessfulPaymentEntryTests {
    static func payment(service: String, channel: Channel, provider: String?) -> Payment {
        let basket = SuccessfulPaymentPostingTests.payment(SuccessfulPaymentPostingTests.basket)
        return Payment(
            id: basket.id, service: service, state: .success, lines: basket.lines, amount: basket.amount, returnURL: basket.returnURL,
            description: "Council tax and parking", email: nil, metadata: [:], language: "en", channel: channel, provider: provider,
            providerPaymentID: "psp-42", card: try? CardSummary(brand: "visa", lastFourDigits: "4242", expiry: "12/30"),
            payer: PayerDetails(name: "Siân O'Brien", postcode: "DM1 2AB"), createdAt: Fixture.time, updatedAt: Fixture.time, expiresAt: Fixture.time)
    }

    @Test(
        "Each channel books to its office; the whole amount comes from the provider's card clearing account",
        arguments: [
            (Channel.online, "WEB"), (.moto, "CONTACT"), (.atp, "ATP"),
        ])
    func officeAndClearing(channel: Channel, office: String) throws {
        let payment = Self.payment(service: "bins-portal", channel: channel, provider: "govuk_pay")
        let plan = try SuccessfulPaymentPosting.plan(
            for: payment, providerAmount: payment.amount, previousState: .started, configuration: Fixture.configuration)
        let taxPoint = Fixture.time.adding(seconds: 90)
        let entry = try plan.entry(for: payment, at: taxPoint, configuration: Fixture.configuration)
        #expect(entry.origin.office == office && entry.origin.channel == channel.rawValue)
        #expect(entry.occurredAt == taxPoint)
        #expect(entry.origin.methodOfPayment == MethodOfPayment.cardCode)
        #expect(entry.recordedBy == .service("bins-portal"))
        #expect(entry.externalReference == payment.id && entry.pspReference == "psp-42")
        #expect(entry.card.brand == "visa" && entry.card.lastFourDigits == "4242" && entry.payer.name == "Siân O'Brien")
        let clearing = try #require(entry.lines.last)
        #expect(clearing.account == .clearing("CARD-GOVUK_PAY"))
        #expect(clearing.amount == Money(pence: 3_500))  // a debit: the money sits in clearing until the provider settles
        #expect(entry.lines.map(\.amount).sum() == .zero)
    }

    @Test("A payment on IMS's own pages is recorded by IMS's online system, not a service")
    func publicPayment() throws {
        let payment = Self.payment(service: Payment.publicService, channel: .online, provider: nil)
        let plan = try SuccessfulPaymentPosting.plan(
            for: payment, providerAmount: payment.amount, previousState: .started, configuration: Fixture.configuration)
        let entry = try plan.entry(for: payment, at: Fixture.time, configuration: Fixture.configuration)
        #expect(entry.recordedBy == .system("online"))
        #expect(entry.lines.last?.account == .clearing("CARD-PROVIDER"))
    }

    @Test("A council without a card method cannot post a card payment, and says so")
    func noCardMethod() throws {
        var configuration = Fixture.configuration
        configuration.methodsOfPayment.removeAll { $0.code == MethodOfPayment.cardCode }
        let payment = Self.payment(service: "bins-portal", channel: .online, provider: "sandbox")
        let plan = try SuccessfulPaymentPosting.plan(
            for: payment, providerAmount: payment.amount, previousState: .started, configuration: configuration)
        #expect(throws: IMSError(.internal, .entryInvalid, "")) { try plan.entry(for: payment, at: Fixture.time, configuration: configuration) }
    }
}
