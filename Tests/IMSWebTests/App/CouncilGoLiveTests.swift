import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSImport
import IMSInterchange
import IMSServices
import IMSStore
import IMSWeb
import Testing

/// Issue 12's "done means": a council goes live on a fresh database from a configuration file, with no demo.
@Suite("A council's go-live")
struct CouncilGoLiveTests {
    static let exampleFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/council-example.toml")

    /// docs/council-example.toml with every fund code prefixed N and every fund name marked new, as a council
    /// starting from the example would change it.
    static func renamedExample() throws -> (text: String, codes: [String]) {
        var text = try String(contentsOf: exampleFile, encoding: .utf8)
        let codes = try CouncilFile.read(text).funds.map(\.code.rawValue)
        for code in codes { text = text.replacingOccurrences(of: "\"\(code)\"", with: "\"N\(code)\"") }
        text = text.replacingOccurrences(
            of: #"(?m)^(\[\[funds\]\]\ncode = "N[A-Z]+"\nname = ")([^"]*)""#, with: "$1$2 (new)\"", options: .regularExpression)
        return (text, codes.map { "N\($0)" })
    }

    @Test("docs/council-example.toml is the demo council's own export")
    func exampleIsTheDemo() throws {
        #expect(try String(contentsOf: Self.exampleFile, encoding: .utf8) == CouncilFile.write(DemoCouncil.configuration))
    }

    @Test("On a fresh database IMS says it is not set up and refuses payments; a configuration file applied while it runs makes it take them")
    func goLive() async throws {
        try await TestServer.run(isDemo: false, seeded: false) { server, client in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.text.contains("This council is not set up yet") && home.text.contains("ims council apply"))
            let key = try await server.key(Permission.serviceDefault)
            var json = bearer(key)
            json[.contentType] = "application/json"
            let early = try await client.execute(
                uri: "/api/v1/payments", method: .post, headers: json,
                body: ByteBuffer(
                    string: #"{"lines":[{"fund_code":"CTAX","reference":"771234564","amount":100}],"return_url":"https://a.example/done"}"#))
            #expect(early.status == .serviceUnavailable && early.text.contains("council.not_configured"))

            let (text, codes) = try Self.renamedExample()
            let configuration = try CouncilFile.read(text)
            #expect(configuration.funds.first { $0.code == "NCTAX" }?.name == "Council Tax (new)")
            let changes = try await CouncilSetup(store: server.database).apply(
                configuration, by: Requester(.commandLine("olu"), address: nil), dryRun: false)
            #expect(changes.contains { $0.description == "add fund NCTAX" })

            struct Funds: Decodable {
                struct Fund: Decodable { let code: String }
                let funds: [Fund]
            }
            let listed = try await client.execute(uri: "/api/v1/funds", method: .get).decode(Funds.self).funds.map(\.code)
            #expect(listed.sorted() == codes.filter { $0 != "NSUSP" }.sorted())
            #expect(try await client.execute(uri: "/", method: .get).text.contains("Pay the council"))

            func check(_ reference: String) async throws -> String {
                try await client.execute(
                    uri: "/api/v1/references/check", method: .post, headers: json,
                    body: ByteBuffer(string: #"{"fund_code":"NCTAX","reference":"\#(reference)","amount":12500}"#)
                ).text
            }
            #expect(try await check("771234564").contains("\"valid\":true"))
            #expect(try await check("771234565").contains("reference.check_character"))
            func pay(_ reference: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/payments", method: .post, headers: json,
                    body: ByteBuffer(
                        string: #"{"lines":[{"fund_code":"NCTAX","reference":"\#(reference)","amount":12500}],"return_url":"https://a.example/done"}"#
                    ))
            }
            #expect(try await pay("771234564").status == .created)
            let wrong = try await pay("771234565")
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("reference.check_character"))

            // The old system's history, under its own fund codes, goes into the new funds through the mapping.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-golive-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let legacyPath = directory + "/legacy.csv"
            let file = try LegacyFileGenerator(.init(records: 2_000, endingAt: TestServer.start, days: 60)).write(toPath: legacyPath)
            let mapping = LegacyMapping(funds: Dictionary(uniqueKeysWithValues: codes.map { (String($0.dropFirst()), $0) }))
            let summary = try await LegacyImporter(
                database: server.database,
                options: .init(
                    mapping: mapping, mappingText: "{}", errorsPath: directory + "/errors.csv", principal: .commandLine("olu"), chunkRecords: 500)
            ).run(files: [legacyPath])
            #expect(summary.imported == Int64(file.goodRecords))
            #expect(Set(summary.totalsPenceByFund.keys).isSubset(of: Set(codes)) && summary.totalsPenceByFund["NCTAX"] != nil)
        }
    }
}
