import IMSCore
import Testing

/// Issue 9 item 2: where the money of a success goes when it cannot go where it was meant to.
@Suite("Successful payment posting")
struct SuccessfulPaymentPostingTests {
    static func payment(_ lines: [PaymentRequest.Line]) -> Payment {
        Payment(
            id: "pay_abcdefghijklmnopqrstuvwxyz", service: "public", state: .started, lines: lines,
            amount: lines.map { Money(pence: $0.amount) }.sum(), returnURL: "https://example.org/r", description: nil, email: nil, metadata: [:],
            language: "en", channel: .online, createdAt: Fixture.time, updatedAt: Fixture.time, expiresAt: Fixture.time.adding(seconds: 5_400))
    }

    static let basket: [PaymentRequest.Line] = [
        .init(fundCode: "CTAX", reference: "771234564", amount: 1_000), .init(fundCode: "PARK", reference: "PK12345678", amount: 2_500),
    ]

    @Test("As asked: every line to its fund, nothing to look at")
    func asAsked() throws {
        let plan = try SuccessfulPaymentPosting.plan(
            for: Self.payment(Self.basket), providerAmount: Money(pence: 3_500), previousState: .started, configuration: Fixture.configuration)
        #expect(plan.items.map(\.fund.code) == ["CTAX", "PARK"])
        #expect(plan.attention == nil)
    }

    @Test("issue 9 item 2: a fund that no longer exists: its line goes to suspense under the payment's id, flagged")
    func fundGone() throws {
        var configuration = Fixture.configuration
        configuration.funds.removeAll { $0.code == "PARK" }
        let plan = try SuccessfulPaymentPosting.plan(
            for: Self.payment(Self.basket), providerAmount: Money(pence: 3_500), previousState: .started, configuration: configuration)
        let suspense = try #require(configuration.funds.first { $0.isSuspense })
        #expect(plan.items.map(\.fund.code) == ["CTAX", suspense.code])
        #expect(plan.items.map(\.amount) == [Money(pence: 1_000), Money(pence: 2_500)])
        #expect(plan.items[1].reference == AccountReference(normalising: "pay_abcdefghijklmnopqrstuvwxyz"))
        #expect(plan.attention?.contains("Fund PARK no longer exists") == true)
    }

    @Test("issue 9 item 2: another amount than asked: the whole amount the provider took goes to suspense, flagged")
    func amountMismatch() throws {
        let plan = try SuccessfulPaymentPosting.plan(
            for: Self.payment(Self.basket), providerAmount: Money(pence: 3_400), previousState: .started, configuration: Fixture.configuration)
        #expect(plan.items.count == 1)
        #expect(plan.items[0].fund.isSuspense)
        #expect(plan.items[0].amount == Money(pence: 3_400))
        #expect(plan.attention?.contains("took £34.00, not the £35.00 asked for") == true)
    }

    @Test("issue 9 item 2: a success after IMS gave the payment up is posted as asked and flagged")
    func lateSuccess() throws {
        let plan = try SuccessfulPaymentPosting.plan(
            for: Self.payment(Self.basket), providerAmount: Money(pence: 3_500), previousState: .expired, configuration: Fixture.configuration)
        #expect(plan.items.map(\.fund.code) == ["CTAX", "PARK"])
        #expect(plan.attention?.contains("as expired") == true)
    }

    @Test("issue 9 item 2: with no suspense fund to post to, the plan is refused (and retried later), never dropped")
    func noSuspenseFund() throws {
        var configuration = Fixture.configuration
        configuration.funds.removeAll { $0.isSuspense || $0.code == "PARK" }
        #expect(throws: IMSError.self) {
            try SuccessfulPaymentPosting.plan(
                for: Self.payment(Self.basket), providerAmount: Money(pence: 3_500), previousState: .started, configuration: configuration)
        }
    }
}
