import Foundation
import IMSCore
import Testing

@Suite("Payment requests")
struct PaymentBasketTests {
    let council = DemoCouncil.configuration

    func request(_ lines: [PaymentRequest.Line], returnURL: String = "https://bins.example.gov.uk/done", metadata: [String: String]? = nil)
        -> PaymentRequest
    {
        PaymentRequest(lines: lines, returnURL: returnURL, description: "Garden waste", email: "sian@example.com", metadata: metadata, language: "cy")
    }

    @Test("A bin and a parking fine in one basket pass, normalised, with the total")
    func validBasket() throws {
        let basket = try PaymentBasket.validate(
            request([
                .init(fundCode: "bins", reference: " gw-104233 ", amount: 4_500),
                .init(fundCode: "PARK", reference: "dm12345678", amount: 7_000, narrative: "PCN"),
            ]), configuration: council, requireHTTPS: true)
        #expect(basket.items.map(\.fund.code) == ["BINS", "PARK"])
        #expect(basket.items.map(\.reference.value) == ["GW-104233", "DM12345678"])
        #expect(basket.total == Money(pence: 11_500))
        #expect(basket.language == "cy")
    }

    @Test(
        "Each refusal names its line and field",
        arguments: [
            ([PaymentRequest.Line(fundCode: "CTAX", reference: "771234565", amount: 1_000)], "lines[0].reference", "reference.check_character"),
            ([.init(fundCode: "NOPE", reference: "1", amount: 1_000)], "lines[0].fund_code", "fund.unknown"),
            ([.init(fundCode: "SUSP", reference: "1", amount: 1_000)], "lines[0].fund_code", "fund.unknown"),
            ([.init(fundCode: "BINS", reference: "GW-1", amount: 0)], "lines[0].amount", "amount.not_positive"),
            ([.init(fundCode: "BINS", reference: "GW-1", amount: -500)], "lines[0].amount", "amount.not_positive"),
            ([.init(fundCode: "PARK", reference: "DM12345678", amount: 50_001)], "lines[0].amount", "amount.over_maximum"),
            (
                [.init(fundCode: "BINS", reference: "GW-1", amount: 100), .init(fundCode: "CTAX", reference: "12", amount: 100)],
                "lines[1].reference", "reference.length"
            ),
            ([.init(fundCode: "BINS", reference: "GW-1", amount: 100, narrative: "card 4444 3333 2222 1111")], "lines[0].narrative", "entry.invalid"),
        ] as [([PaymentRequest.Line], String, String)])
    func refusals(lines: [PaymentRequest.Line], field: String, code: String) {
        do {
            _ = try PaymentBasket.validate(request(lines), configuration: council, requireHTTPS: true)
            Issue.record("accepted")
        } catch {
            #expect(error.field == field)
            #expect(error.code.rawValue == code)
            #expect(error.kind == .validation)
        }
    }

    @Test("Baskets of 0 or 11 items are refused")
    func basketSize() {
        let line = PaymentRequest.Line(fundCode: "BINS", reference: "GW-1", amount: 100)
        for count in [0, 11] {
            #expect(throws: IMSError.validation(.init("payment.basket_size"), "", field: "lines")) {
                try PaymentBasket.validate(request(Array(repeating: line, count: count)), configuration: council, requireHTTPS: false)
            }
        }
        #expect(throws: Never.self) {
            try PaymentBasket.validate(request(Array(repeating: line, count: 10)), configuration: council, requireHTTPS: false)
        }
    }

    @Test("return_url: absolute; https in production")
    func returnURL() {
        let line = PaymentRequest.Line(fundCode: "BINS", reference: "GW-1", amount: 100)
        #expect(throws: IMSError.self) {
            try PaymentBasket.validate(request([line], returnURL: "http://bins.example/done"), configuration: council, requireHTTPS: true)
        }
        #expect(throws: IMSError.self) {
            try PaymentBasket.validate(request([line], returnURL: "/done"), configuration: council, requireHTTPS: false)
        }
        #expect(throws: IMSError.self) {
            try PaymentBasket.validate(request([line], returnURL: "javascript:alert(1)"), configuration: council, requireHTTPS: false)
        }
        #expect(throws: Never.self) {
            try PaymentBasket.validate(request([line], returnURL: "http://localhost:3000/done"), configuration: council, requireHTTPS: false)
        }
    }

    @Test("Metadata: at most 10 short pairs, no card numbers; an API key limited to funds cannot pay others")
    func metadataAndScope() {
        let line = PaymentRequest.Line(fundCode: "BINS", reference: "GW-1", amount: 100)
        let eleven = Dictionary(uniqueKeysWithValues: (0..<11).map { ("k\($0)", "v") })
        #expect(throws: IMSError.self) { try PaymentBasket.validate(request([line], metadata: eleven), configuration: council, requireHTTPS: false) }
        #expect(throws: IMSError.self) {
            try PaymentBasket.validate(request([line], metadata: ["note": "4111111111111111"]), configuration: council, requireHTTPS: false)
        }
        #expect(throws: IMSError.self) {
            try PaymentBasket.validate(request([line]), configuration: council, scope: .only(["PARK"]), requireHTTPS: false)
        }
    }

    @Test("issue 10: a card number is refused in every free-text field: description, email, narrative and metadata")
    func cardNumbersInEveryField() {
        let line = PaymentRequest.Line(fundCode: "BINS", reference: "GW-1", amount: 100)
        let card = "4444333322221111 1225"
        let cases: [(PaymentRequest, String)] = [
            (PaymentRequest(lines: [line], returnURL: "https://bins.example/done", description: "Paid with \(card)"), "description"),
            (
                PaymentRequest(
                    lines: [line], returnURL: "https://bins.example/done", email: "\(card.replacingOccurrences(of: " ", with: "-"))@example.com"),
                "email"
            ),
            (
                PaymentRequest(
                    lines: [PaymentRequest.Line(fundCode: "BINS", reference: "GW-1", amount: 100, narrative: card)],
                    returnURL: "https://bins.example/done"), "lines[0].narrative"
            ),
            (PaymentRequest(lines: [line], returnURL: "https://bins.example/done", metadata: ["note": card]), "metadata.note"),
        ]
        for (request, field) in cases {
            let error = #expect(throws: IMSError.self) { try PaymentBasket.validate(request, configuration: council, requireHTTPS: false) }
            #expect(error?.field == field)
        }
    }
}
