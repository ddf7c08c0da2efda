import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

@Suite("Payments API")
struct PaymentsAPITests {
    struct PaymentBody: Decodable {
        struct Line: Decodable {
            let fundCode: String
            let reference: String
            let amount: Int64
        }
        let id: String
        let state: String
        let amount: Int64
        let lines: [Line]
        let nextUrl: String?
        let receiptNumber: String?
        let cardLast4: String?
        let cardBrand: String?
        let providerReference: String?
    }

    static let basket =
        #"{"lines":[{"fund_code":"BINS","reference":"gw-104233","amount":4500},{"fund_code":"PARK","reference":"DM12345678","amount":7000,"narrative":"PCN"}],"return_url":"https://bins.example.gov.uk/done","metadata":{"order":"1001"}}"#

    static func post(_ client: some TestClientProtocol, _ body: String, key: String, idempotencyKey: String? = nil) async throws -> TestResponse {
        var headers = bearer(key)
        headers[.contentType] = "application/json"
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await client.execute(uri: "/api/v1/payments", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("A service creates a payment: 201, Location, next_url, normalised lines; it reads it and its events")
    func create() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate, .paymentsRead])
            let response = try await Self.post(client, Self.basket, key: key)
            #expect(response.status == .created)
            let payment = try response.decode(PaymentBody.self)
            #expect(response.headers[.location] == "/api/v1/payments/\(payment.id)")
            #expect(payment.state == "created")
            #expect(payment.amount == 11_500)
            #expect(payment.lines.map(\.reference) == ["GW-104233", "DM12345678"])
            let next = try #require(payment.nextUrl)
            #expect(next.hasPrefix("http://127.0.0.1:") && next.hasSuffix("/pay/\(payment.id)"))

            let read = try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(key))
            #expect(read.status == .ok)
            #expect(try read.decode(PaymentBody.self).id == payment.id)
            let events = try await client.execute(uri: "/api/v1/payments/\(payment.id)/events", method: .get, headers: bearer(key))
            #expect(events.text.contains("\"state\":\"created\""))

            let otherService = try await server.database.createAPIKey(service: "parking", permissions: [.paymentsRead], funds: []).1.value
            #expect(try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(otherService)).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/payments/pay_nope", method: .get, headers: bearer(key)).status == .notFound)
            // Issue 10: a key's fund scope applies to its own service's payments too: a BINS-only key of the same
            // service does not see a basket that is partly for PARK.
            let binsOnly = try await server.key([.paymentsRead], funds: ["BINS"])
            #expect(try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(binsOnly)).status == .notFound)
            let bothFunds = try await server.key([.paymentsRead], funds: ["BINS", "PARK"])
            #expect(try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(bothFunds)).status == .ok)
        }
    }

    @Test("Idempotency-Key: the same request returns the original payment; a different one is 409")
    func idempotency() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate])
            let first = try await Self.post(client, Self.basket, key: key, idempotencyKey: "order-1001")
            let reordered =
                #"{"return_url":"https://bins.example.gov.uk/done","metadata":{"order":"1001"},"lines":[{"fund_code":"BINS","reference":"gw-104233","amount":4500},{"fund_code":"PARK","reference":"DM12345678","amount":7000,"narrative":"PCN"}]}"#
            let again = try await Self.post(client, reordered, key: key, idempotencyKey: "order-1001")
            #expect(first.status == .created)
            #expect(again.status == .ok)
            #expect(try first.decode(PaymentBody.self).id == again.decode(PaymentBody.self).id)
            let different = try await Self.post(
                client, Self.basket.replacingOccurrences(of: "4500", with: "4600"), key: key, idempotencyKey: "order-1001")
            #expect(different.status == .conflict)
            #expect(try different.decode(ErrorResponse.self).code == "idempotency.key_reused")
        }
    }

    @Test(
        "Bad requests are refused naming the line and field; nothing is created",
        arguments: [
            (
                #"{"lines":[{"fund_code":"CTAX","reference":"771234565","amount":1000}],"return_url":"https://x.example/done"}"#, 422,
                "lines[0].reference"
            ),
            (#"{"lines":[{"fund_code":"NOPE","reference":"1","amount":1000}],"return_url":"https://x.example/done"}"#, 422, "lines[0].fund_code"),
            (#"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":"45.00"}],"return_url":"https://x.example/done"}"#, 422, "lines[0].amount"),
            (#"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":4500}]}"#, 422, "return_url"),
            (#"{"lines":[],"return_url":"https://x.example/done"}"#, 422, "lines"),
            (
                #"{"lines":[{"fund_code":"PARK","reference":"DM12345678","amount":99999999}],"return_url":"https://x.example/done"}"#, 422,
                "lines[0].amount"
            ),
            (#"not json at all"#, 400, nil),
        ] as [(String, Int, String?)])
    func refusals(body: String, status: Int, field: String?) async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate])
            let response = try await Self.post(client, body, key: key)
            #expect(response.status.code == status)
            #expect(try response.decode(ErrorResponse.self).field == field)
            #expect(try await server.database.count("SELECT COUNT(*) AS n FROM payments") == 0)
        }
    }

    @Test(
        "issue 10: a JSON amount must be written as a whole number: a fraction or exponent is 422 naming the field",
        arguments: [
            (#"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":45.0}],"return_url":"https://x.example/done"}"#, "lines[0].amount"),
            (#"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":4.5e3}],"return_url":"https://x.example/done"}"#, "lines[0].amount"),
            (#"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":4500E0}],"return_url":"https://x.example/done"}"#, "lines[0].amount"),
            (
                #"{"return_url":"https://x.example/done","lines":[{"amount":100,"fund_code":"BINS","reference":"GW-1"},{"reference":"GW-2","fund_code":"BINS","amount":4500.00}]}"#,
                "lines[1].amount"
            ),
        ] as [(String, String)])
    func amountMustBeAnIntegerToken(body: String, field: String) async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate])
            let response = try await Self.post(client, body, key: key)
            #expect(response.status == .unprocessableContent)
            let error = try response.decode(ErrorResponse.self)
            #expect(error.field == field)
            #expect(error.description.contains("whole number"))
            #expect(try await server.database.count("SELECT COUNT(*) AS n FROM payments") == 0)
            // The same amount written as an integer is taken, and text holding "1.5" or "e" is not a number.
            let fine =
                #"{"lines":[{"fund_code":"BINS","reference":"GW-1","amount":4500,"narrative":"1.5e3 bags"}],"return_url":"https://x.example/done","metadata":{"v":"4.5"}}"#
            #expect(try await Self.post(client, fine, key: key).status == .created)
        }
    }

    @Test("An 11-item basket is refused")
    func elevenItems() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate])
            let line = #"{"fund_code":"BINS","reference":"GW-1","amount":100}"#
            let body = #"{"lines":[\#(Array(repeating: line, count: 11).joined(separator: ","))],"return_url":"https://x.example/done"}"#
            let response = try await Self.post(client, body, key: key)
            #expect(response.status == .unprocessableContent)
            #expect(try response.decode(ErrorResponse.self).code == "payment.basket_size")
        }
    }

    @Test("Keys: none is 401, payments:read cannot create (403), a fund-limited key cannot pay other funds (422)")
    func keys() async throws {
        try await TestServer.run { server, client in
            let noKey = try await client.execute(uri: "/api/v1/payments", method: .post, body: ByteBuffer(string: Self.basket))
            #expect(noKey.status == .unauthorized)
            let reader = try await server.key([.paymentsRead])
            #expect(try await Self.post(client, Self.basket, key: reader).status == .forbidden)
            let binsOnly = try await server.key([.paymentsCreate], funds: ["BINS"])
            let response = try await Self.post(client, Self.basket, key: binsOnly)
            #expect(response.status == .unprocessableContent)
            #expect(try response.decode(ErrorResponse.self).field == "lines[1].fund_code")
        }
    }

    @Test("Paid through the sandbox: the provider's answer, not the browser, posts one ledger entry with the right funds and VAT")
    func payThroughTheSandbox() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate, .paymentsRead])
            let created = try await Self.post(
                client,
                #"{"lines":[{"fund_code":"BINS","reference":"GW-104233","amount":4500},{"fund_code":"BCON","reference":"BC-004211","amount":30000}],"return_url":"https://bins.example.gov.uk/done"}"#,
                key: key)
            let payment = try created.decode(PaymentBody.self)
            let cardPage = try await server.payments.handOff(payment.id)
            let path = try #require(URLComponents(string: cardPage)?.path)
            #expect(path.hasPrefix("/sandbox-provider/pay/"))
            let form = try await client.execute(uri: path, method: .get)
            #expect(form.status == .ok)

            // Before the payer finishes, the service sees it started and nothing is posted.
            let started = try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(key))
            #expect(try started.decode(PaymentBody.self).state == "started")
            #expect(try await server.database.count("SELECT COUNT(*) AS n FROM entries WHERE external_reference = '\(payment.id)'") == 0)

            let submitted = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "card-number=4444333322221111&expiry-month=12&expiry-year=2030&cardholder-name=Sian+O%27Brien&cvc=123"))
            #expect(submitted.status == .seeOther)
            #expect(submitted.headers[.location]?.hasSuffix("/pay/\(payment.id)/return") == true)

            for _ in 0..<3 {  // the result may arrive many times; it posts once
                let read = try await client.execute(uri: "/api/v1/payments/\(payment.id)", method: .get, headers: bearer(key))
                let body = try read.decode(PaymentBody.self)
                #expect(body.state == "success")
                #expect(body.cardLast4 == "1111")
                #expect(body.receiptNumber?.hasPrefix("R") == true)
                #expect(body.nextUrl == nil)
            }
            #expect(try await server.database.count("SELECT COUNT(*) AS n FROM entries WHERE external_reference = '\(payment.id)'") == 1)
            let stored = try await server.database.payment(id: payment.id)
            let entryID = try #require(stored?.entryID)
            let entry = try #require(try await server.database.entry(id: entryID))
            #expect(entry.fundLines.map(\.account.key) == ["fund:BINS:GW-104233", "fund:BCON:BC-004211"])
            #expect(entry.fundLines.map(\.vatAmount.pence) == [0, -5_000])
            #expect(entry.card.lastFourDigits == "1111")
            #expect(entry.origin.channel == "online")
            #expect(try await server.database.verifyLedger().isIntact)

            let cancel = try await client.execute(uri: "/api/v1/payments/\(payment.id)/cancel", method: .post, headers: bearer(key))
            #expect(cancel.status == .conflict)
        }
    }

    @Test("A forged return (the browser comes back without paying) changes nothing: only the provider's answer counts")
    func forgedReturn() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate, .paymentsRead])
            let payment = try await Self.post(client, Self.basket, key: key).decode(PaymentBody.self)
            _ = try await server.payments.handOff(payment.id)
            let forged = try await client.execute(uri: "/pay/\(payment.id)/return?status=success", method: .get)
            #expect(forged.status.code < 500)
            #expect(!forged.text.contains("R000"))
            let stored = try #require(try await server.database.payment(id: payment.id))
            #expect(stored.state == .started)
            #expect(try await server.database.count("SELECT COUNT(*) AS n FROM entries WHERE external_reference = '\(payment.id)'") == 0)
        }
    }

    @Test("A declined card fails the payment with the provider's code; nothing is posted")
    func declined() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate, .paymentsRead])
            let payment = try await Self.post(client, Self.basket, key: key).decode(PaymentBody.self)
            let path = try #require(URLComponents(string: try await server.payments.handOff(payment.id))?.path)
            _ = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "card-number=4000000000000002&expiry-month=12&expiry-year=2030&cardholder-name=Sian&cvc=123"))
            let confirmed = try await server.payments.confirm(payment.id)
            #expect(confirmed.state == .failed)
            #expect(confirmed.failureCode == "P0010")
            #expect(confirmed.entryID == nil)
        }
    }

    @Test("Cancelling, and expiry after 90 minutes")
    func cancelAndExpire() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key([.paymentsCreate, .paymentsRead])
            let first = try await Self.post(client, Self.basket, key: key).decode(PaymentBody.self)
            let cancelled = try await client.execute(uri: "/api/v1/payments/\(first.id)/cancel", method: .post, headers: bearer(key))
            #expect(try cancelled.decode(PaymentBody.self).state == "cancelled")

            let second = try await Self.post(client, Self.basket, key: key).decode(PaymentBody.self)
            _ = try await server.payments.handOff(second.id)
            server.clock.advance(seconds: 89 * 60)
            #expect(try await server.payments.expireDue() == 0)
            server.clock.advance(seconds: 2 * 60)
            #expect(try await server.payments.expireDue() == 1)
            let expired = try await client.execute(uri: "/api/v1/payments/\(second.id)", method: .get, headers: bearer(key))
            #expect(try expired.decode(PaymentBody.self).state == "expired")
            let events = try await server.database.paymentEvents(id: second.id).map(\.state)
            #expect(events == [.created, .started, .expired])
        }
    }
}
