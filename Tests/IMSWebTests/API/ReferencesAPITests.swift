import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSWeb
import Testing

@Suite("Reference check API")
struct ReferencesAPITests {
    struct CheckBody: Decodable, Equatable {
        let valid: Bool
        let code: String
        let message: String
        let reference: String?
    }

    static func check(_ client: some TestClientProtocol, _ body: String, key: String) async throws -> TestResponse {
        var headers = bearer(key)
        headers[.contentType] = "application/json"
        return try await client.execute(uri: "/api/v1/references/check", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("A service checks a reference and amount: 200 with valid, a stable code and a sentence to read out")
    func answers() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(Permission.serviceDefault)
            let cases: [(String, Bool, String)] = [
                (#"{"fund_code":"ctax","reference":"7712 34564"}"#, true, "reference.valid"),
                (#"{"fund_code":"CTAX","reference":"771234565"}"#, false, "reference.check_character"),
                (#"{"fund_code":"CTAX","reference":"771234564","amount":1000001}"#, false, "amount.over_maximum"),
                (#"{"fund_code":"NOPE","reference":"1"}"#, false, "fund.unknown"),
                (#"{"fund_code":"SUSP","reference":"1"}"#, false, "fund.unknown"),
                (#"{"fund_code":"PARK","reference":"DM1234"}"#, false, "reference.length"),
            ]
            for (body, valid, code) in cases {
                let response = try await Self.check(client, body, key: key)
                #expect(response.status == .ok, "\(body)")
                let answer = try response.decode(CheckBody.self)
                #expect(answer.valid == valid && answer.code == code, "\(body): \(answer)")
                #expect(answer.message.hasSuffix("."), "\(body): \(answer.message)")
            }
            let valid = try await Self.check(client, #"{"fund_code":"ctax","reference":"7712 34564","amount":1250}"#, key: key).decode(CheckBody.self)
            #expect(
                valid == CheckBody(valid: true, code: "reference.valid", message: "That reference is valid for Council Tax.", reference: "771234564"))
        }
    }

    @Test("The check needs references:check, keeps to the key's funds, and refuses a malformed request")
    func access() async throws {
        try await TestServer.run { server, client in
            let paymentsOnly = try await server.key([.paymentsCreate])
            #expect(try await Self.check(client, #"{"fund_code":"CTAX","reference":"771234564"}"#, key: paymentsOnly).status == .forbidden)
            let parkingOnly = try await server.key([.referencesCheck], funds: ["PARK"])
            let other = try await Self.check(client, #"{"fund_code":"CTAX","reference":"771234564"}"#, key: parkingOnly).decode(CheckBody.self)
            #expect(!other.valid && other.code == "fund.unknown")
            let key = try await server.key([.referencesCheck])
            #expect(try await Self.check(client, #"{"fund_code":"CTAX"}"#, key: key).status == .unprocessableContent)
            #expect(
                try await Self.check(client, #"{"fund_code":"CTAX","reference":"771234564","amount":12.5}"#, key: key).status == .unprocessableContent
            )
            let unauthenticated = try await client.execute(
                uri: "/api/v1/references/check", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"fund_code":"CTAX","reference":"771234564"}"#))
            #expect(unauthenticated.status == .unauthorized)
        }
    }
}
