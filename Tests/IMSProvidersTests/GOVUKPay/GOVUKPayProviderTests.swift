import Foundation
import IMSCore
import IMSProviders
import IMSTestSupport
import Logging
import Testing

/// `GOVUKPayProvider` against the local stand-in for GOV.UK Pay's documented API.
@Suite struct GOVUKPayProviderTests {
    static let councilKey = GOVUKPayKeys(singleKey: try! GOVUKPayAPIKey("api_test_council_key"))

    static func provider(
        _ baseURL: String, keys: GOVUKPayKeys = councilKey, timeoutSeconds: Int64 = 20, logs: LogCapture = LogCapture()
    ) throws -> GOVUKPayProvider {
        try GOVUKPayProvider(baseURL: baseURL, keys: keys, timeoutSeconds: timeoutSeconds, logger: logs.logger())
    }

    static func request(
        amount: Int64 = 14_500, reference: String = "CTAX-12345", metadata: [String: String] = ["ledger_code": "AB100"],
        fund: FundCode? = nil, service: String? = nil
    ) throws -> ProviderPaymentRequest {
        try ProviderPaymentRequest(
            amount: Money(pence: amount), reference: reference, description: "Pay your council tax",
            returnURL: "https://ims.example.gov.uk/pay/return/abc", metadata: metadata, language: .welsh,
            email: "sherlock.holmes@example.com", fundCode: fund, service: service)
    }

    @Test func createSendsTheDocumentedBodyAndReturnsTheNextURL() async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let payment = try await Self.provider(base).createPayment(Self.request())
            #expect(payment.nextURL.hasPrefix("https://www.payments.service.gov.uk/secure/ef1b6ff1-db34-4c62-b854-"))
            #expect(payment.providerPaymentID.hasPrefix("standin"))
            #expect(payment.account == "default")
            #expect(payment.state == .created)
        }
        let sent = try #require(await standIn.requests.first)
        #expect(sent.method == "POST" && sent.path == "/v1/payments")
        #expect(sent.authorization == "Bearer api_test_council_key")
        #expect(sent.contentType == "application/json")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(body["amount"] as? Int == 14_500)
        #expect(body["reference"] as? String == "CTAX-12345")
        #expect(body["description"] as? String == "Pay your council tax")
        #expect(body["return_url"] as? String == "https://ims.example.gov.uk/pay/return/abc")
        #expect(body["language"] as? String == "cy")
        #expect(body["email"] as? String == "sherlock.holmes@example.com")
        #expect((body["metadata"] as? [String: String]) == ["ledger_code": "AB100"])
        // `moto` is only sent when true: accounts without MOTO refuse the attribute.
        #expect(body["moto"] == nil)
    }

    static let states: [(status: String, code: String?, expected: ProviderPaymentState)] = [
        ("created", nil, .created),
        ("started", nil, .started),
        ("submitted", nil, .submitted),
        ("capturable", nil, .submitted),
        ("success", nil, .success),
        ("failed", "P0010", .failed(ProviderFailure(code: "P0010", message: "Payment method rejected"))),
        ("failed", "P0020", .expired),
        ("failed", "P0030", .cancelled(by: .payer)),
        ("cancelled", "P0040", .cancelled(by: .service)),
        ("error", "P0050", .error(ProviderFailure(code: "P0050", message: "Payment provider returned an error"))),
    ]

    @Test(arguments: states)
    func statusMapsEveryDocumentedState(_ status: String, _ code: String?, _ expected: ProviderPaymentState) async throws {
        let messages = [
            "P0010": "Payment method rejected", "P0020": "Payment expired", "P0030": "Payment was cancelled by the user",
            "P0040": "Payment was cancelled by the service", "P0050": "Payment provider returned an error",
        ]
        let standIn = GOVUKPayStandIn()
        await standIn.add(
            "hu20sqlact5260q2nanm0q8u93",
            .init(
                key: "api_test_council_key", amount: 3_750, status: status, code: code, message: code.flatMap { messages[$0] }))
        let answer = try await GOVUKPayStandIn.serve(standIn) { base in
            try await Self.provider(base).status(of: "hu20sqlact5260q2nanm0q8u93", account: "default")
        }
        #expect(answer.state == expected)
        #expect(answer.state.isFinished == !["created", "started", "submitted", "capturable"].contains(status))
        #expect(answer.amount == Money(pence: 3_750))
    }

    @Test func statusKeepsOnlyBrandLastFourAndExpiryOfTheCard() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add(
            "hu20sqlact5260q2nanm0q8u93",
            .init(
                key: "api_test_council_key", amount: 3_750, status: "success", refunded: 500, cardDetailsJSON: GOVUKPayStandIn.documentedCardDetails))
        let answer = try await GOVUKPayStandIn.serve(standIn) { base in
            try await Self.provider(base).status(of: "hu20sqlact5260q2nanm0q8u93", account: "default")
        }
        let card = try #require(answer.card)
        #expect(card.brand == "Visa" && card.lastFourDigits == "1234" && card.expiry == "04/24")
        #expect(
            answer.refundSummary
                == ProviderRefundSummary(status: .available, amountAvailable: Money(pence: 3_250), amountSubmitted: Money(pence: 500)))
        // The first digits, the cardholder's name and address are in GOV.UK Pay's answer but never in IMS's.
        var everything = ""
        dump(answer, to: &everything)
        #expect(!everything.contains("123456"))
        #expect(!everything.contains("Sherlock"))
        #expect(!everything.contains("Baker Street"))
    }

    @Test func lastDigitsSentAsANumberKeepTheirLeadingZeros() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add(
            "hu20sqlact5260q2nanm0q8u93",
            .init(
                key: "api_test_council_key", amount: 100, status: "success",
                cardDetailsJSON: #"{"card_brand": "Mastercard", "last_digits_card_number": 42, "expiry_date": "12/30"}"#))
        let answer = try await GOVUKPayStandIn.serve(standIn) { base in
            try await Self.provider(base).status(of: "hu20sqlact5260q2nanm0q8u93", account: "default")
        }
        #expect(answer.card?.lastFourDigits == "0042")
    }

    @Test func refundIsAcceptedWithTheAmountAndTheExpectedAvailable() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("paid0000000000000000000001", .init(key: "api_test_council_key", amount: 50_000, status: "success"))
        let refund = try await GOVUKPayStandIn.serve(standIn) { base in
            try await Self.provider(base).refund(
                "paid0000000000000000000001", account: "default", amount: Money(pence: 5_000), expectedAvailable: Money(pence: 50_000))
        }
        #expect(refund == ProviderRefund(refundID: "4jfabcee0ev36so050kooajabk", amount: Money(pence: 5_000), status: .submitted))
        let sent = try #require(await standIn.requests.last)
        #expect(sent.path == "/v1/payments/paid0000000000000000000001/refunds")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Int])
        #expect(body == ["amount": 5_000, "refund_amount_available": 50_000])
    }

    @Test func refundRefusalsKeepTheirMeaning() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("paid0000000000000000000001", .init(key: "api_test_council_key", amount: 50_000, status: "success", refunded: 10_000))
        await standIn.add("fail0000000000000000000001", .init(key: "api_test_council_key", amount: 50_000, status: "failed", code: "P0010"))
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try Self.provider(base)
            let stale = await #expect(throws: IMSError.self) {
                try await provider.refund(
                    "paid0000000000000000000001", account: "default", amount: Money(pence: 100), expectedAvailable: Money(pence: 50_000))
            }
            #expect(stale?.code == .providerRefundStale && stale?.kind == .preconditionFailed)
            let exceeds = await #expect(throws: IMSError.self) {
                try await provider.refund("paid0000000000000000000001", account: "default", amount: Money(pence: 40_001), expectedAvailable: nil)
            }
            #expect(exceeds?.code == .providerRefundExceeds && exceeds?.field == "amount")
            let failed = await #expect(throws: IMSError.self) {
                try await provider.refund("fail0000000000000000000001", account: "default", amount: Money(pence: 100), expectedAvailable: nil)
            }
            #expect(failed?.code == .providerNotRefundable && failed?.kind == .conflict)
        }
    }

    @Test func aRefusedRequestNamesTheField() async throws {
        let standIn = GOVUKPayStandIn()
        let error = try await GOVUKPayStandIn.serve(standIn) { base in
            await #expect(throws: IMSError.self) {
                try await Self.provider(base).createPayment(Self.request(reference: "see http://example.com"))
            }
        }
        #expect(error?.code == .providerRejected && error?.kind == .validation && error?.field == "reference")
        #expect(error?.reason.contains("P0102") == true)
    }

    @Test func aWrongKeyIsRefusedWithoutRevealingIt() async throws {
        let standIn = GOVUKPayStandIn()
        let keys = GOVUKPayKeys(singleKey: try GOVUKPayAPIKey("api_test_not_a_real_key"))
        let logs = LogCapture()
        let error = try await GOVUKPayStandIn.serve(standIn) { base in
            await #expect(throws: IMSError.self) { try await Self.provider(base, keys: keys, logs: logs).createPayment(Self.request()) }
        }
        #expect(error?.code == .providerCredentialsRefused)
        // Logged at every level down to trace (the HTTP client's own lines too), and never the key.
        #expect(logs.all.contains("payment provider call") && logs.all.contains("\"status\": 401"))
        #expect(!logs.all.contains("api_test_not_a_real_key"))
        #expect(error.map { !"\($0)".contains("api_test_not_a_real_key") } == true)
        #expect(!"\(keys)".contains("api_test_not_a_real_key"))
        #expect(!"\(try GOVUKPayAPIKey("api_test_not_a_real_key"))".contains("api_test"))
    }

    @Test(arguments: [
        (GOVUKPayStandIn.Behaviour.serverError, IMSError.Code.providerUnavailable),
        (.malformedJSON, .providerMalformedResponse),
        (.wrongShape, .providerMalformedResponse),
        (.unknownStatus, .providerMalformedResponse),
        (.hugeAnswer, .providerUnavailable),
        (.slowAnswer(seconds: 3), .providerUnavailable),
    ])
    func aFailingProviderIsAnErrorNotACrash(_ behaviour: GOVUKPayStandIn.Behaviour, _ expected: IMSError.Code) async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("hu20sqlact5260q2nanm0q8u93", .init(key: "api_test_council_key", amount: 100, status: "success", behaviour: behaviour))
        // Only the slow answer should meet the deadline; the others get time enough on a busy machine.
        let timeout: Int64 = if case .slowAnswer = behaviour { 1 } else { 15 }
        let error = try await GOVUKPayStandIn.serve(standIn) { base in
            await #expect(throws: IMSError.self) {
                try await Self.provider(base, timeoutSeconds: timeout).status(of: "hu20sqlact5260q2nanm0q8u93", account: "default")
            }
        }
        #expect(error?.code == expected)
        #expect(error?.kind == .unavailable)
    }

    @Test func anUnreachableProviderIsUnavailable() async throws {
        // Port 9 (discard) is closed on loopback in the test environment.
        let provider = try GOVUKPayProvider(baseURL: "http://127.0.0.1:9", keys: Self.councilKey, timeoutSeconds: 1, logger: LogCapture().logger())
        let error = await #expect(throws: IMSError.self) { try await provider.status(of: "hu20sqlact5260q2nanm0q8u93", account: "default") }
        #expect(error?.code == .providerUnavailable)
    }

    @Test func unknownPaymentsAndIDsThatCouldEscapeThePathAreNotFound() async throws {
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try Self.provider(base)
            for id in ["nosuchpayment0000000000000", "../v1/payments", "a/b", ""] {
                let error = await #expect(throws: IMSError.self) { try await provider.status(of: id, account: "default") }
                #expect(error?.code == .providerPaymentNotFound && error?.kind == .notFound)
            }
        }
        #expect(await standIn.requests.map(\.path) == ["/v1/payments/nosuchpayment0000000000000"])
    }

    @Test func cancelStopsAPaymentInProgressOnly() async throws {
        let standIn = GOVUKPayStandIn()
        await standIn.add("open0000000000000000000001", .init(key: "api_test_council_key", amount: 100, status: "started"))
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try Self.provider(base)
            try await provider.cancel("open0000000000000000000001", account: "default")
            #expect(try await provider.status(of: "open0000000000000000000001", account: "default").state == .cancelled(by: .service))
            let again = await #expect(throws: IMSError.self) { try await provider.cancel("open0000000000000000000001", account: "default") }
            #expect(again?.code == .providerNotCancellable && again?.kind == .conflict)
        }
    }

    @Test func theFundOrServiceChoosesTheAccountAndItsKey() async throws {
        let keys = try GOVUKPayKeys(
            accounts: ["council": GOVUKPayAPIKey("api_test_council_key"), "parking": GOVUKPayAPIKey("api_test_parking_key")],
            fundAccounts: ["PARK": "parking"], serviceAccounts: ["parking-permits": "parking"], defaultAccount: "council")
        let standIn = GOVUKPayStandIn()
        try await GOVUKPayStandIn.serve(standIn) { base in
            let provider = try Self.provider(base, keys: keys)
            let byFund = try await provider.createPayment(Self.request(fund: "PARK"))
            let byService = try await provider.createPayment(Self.request(fund: "CTAX", service: "parking-permits"))
            let byDefault = try await provider.createPayment(Self.request(fund: "CTAX"))
            #expect([byFund.account, byService.account, byDefault.account] == ["parking", "parking", "council"])
            // A payment is found only in the account that made it, as at GOV.UK Pay.
            #expect(try await provider.status(of: byFund.providerPaymentID, account: byFund.account).state == .created)
            let elsewhere = await #expect(throws: IMSError.self) {
                try await provider.status(of: byFund.providerPaymentID, account: "council")
            }
            #expect(elsewhere?.code == .providerPaymentNotFound)
        }
        let bearers = await standIn.requests.map { $0.authorization ?? "" }
        #expect(bearers.prefix(3) == ["Bearer api_test_parking_key", "Bearer api_test_parking_key", "Bearer api_test_council_key"])
    }

    @Test func keysRefuseMappingsToAccountsWithoutAKey() throws {
        #expect(throws: IMSError.self) {
            try GOVUKPayKeys(accounts: ["council": GOVUKPayAPIKey("api_test_council_key")], fundAccounts: ["PARK": "parking"])
        }
        let keys = try GOVUKPayKeys(accounts: ["council": GOVUKPayAPIKey("api_test_council_key")], fundAccounts: ["CTAX": "council"])
        let error = #expect(throws: IMSError.self) { try keys.account(fund: "PARK", service: nil) }
        #expect(error?.code == .providerNotConfigured)
        #expect(throws: IMSError.self) { try GOVUKPayAPIKey("has a space") }
    }

    @Test func amountsOverGOVUKPaysLimitAreRefusedBeforeSending() async throws {
        let standIn = GOVUKPayStandIn()
        let error = try await GOVUKPayStandIn.serve(standIn) { base in
            await #expect(throws: IMSError.self) { try await Self.provider(base).createPayment(Self.request(amount: 10_000_001)) }
        }
        #expect(error?.code == .providerRequestInvalid && error?.field == "amount")
        #expect(await standIn.requests.isEmpty)
    }
}
