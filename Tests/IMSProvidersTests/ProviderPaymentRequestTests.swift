import IMSCore
import Testing

/// What IMS may ask a provider for: checked before anything is sent.
@Suite struct ProviderPaymentRequestTests {
    static func request(
        amount: Int64 = 1_000, reference: String = "CTAX-1", description: String = "Council tax", returnURL: String = "https://ims.example/r",
        metadata: [String: String] = [:], email: String? = nil
    ) throws(IMSError) -> ProviderPaymentRequest {
        try ProviderPaymentRequest(
            amount: Money(pence: amount), reference: reference, description: description, returnURL: returnURL, metadata: metadata, email: email)
    }

    @Test func aCardNumberIsNeverSentInTextOrMetadata() {
        for attempt: () throws -> ProviderPaymentRequest in [
            { try Self.request(reference: "4444 3333 2222 1111") },
            { try Self.request(description: "paid with 4242424242424242") },
            { try Self.request(metadata: ["note": "5105-1051-0510-5100"]) },
        ] {
            let error = #expect(throws: IMSError.self) { try attempt() }
            #expect(error?.code == .providerRequestInvalid && error?.kind == .validation)
        }
    }

    static let outOfLimits: [(field: String, case: Int)] = [
        ("amount", 0), ("reference", 1), ("reference", 2), ("description", 3), ("return_url", 4), ("return_url", 5),
        ("metadata", 6), ("metadata.k", 7), ("email", 8),
    ]

    @Test(arguments: outOfLimits)
    func limitsAreCheckedWithTheFieldNamed(_ field: String, _ index: Int) {
        let error = #expect(throws: IMSError.self) {
            switch index {
            case 0: _ = try Self.request(amount: 0)
            case 1: _ = try Self.request(reference: String(repeating: "R", count: 256))
            case 2: _ = try Self.request(reference: "  ")
            case 3: _ = try Self.request(description: "")
            case 4: _ = try Self.request(returnURL: "/relative/only")
            case 5: _ = try Self.request(returnURL: "javascript:alert(1)")
            case 6: _ = try Self.request(metadata: Dictionary(uniqueKeysWithValues: (1...11).map { ("k\($0)", "v") }))
            case 7: _ = try Self.request(metadata: ["k": String(repeating: "v", count: 101)])
            default: _ = try Self.request(email: "not an email")
            }
        }
        #expect(error?.field == field)
    }

    @Test func aRequestWithinTheLimitsIsKeptAsGiven() throws {
        let request = try Self.request(metadata: ["ledger_code": "AB100"], email: "payer@example.com")
        #expect(request.amount == Money(pence: 1_000) && request.language == .english && !request.moto)
        #expect(request.metadata == ["ledger_code": "AB100"])
    }
}
