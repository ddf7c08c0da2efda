import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSWeb
import Testing

/// The OpenAPI document is what council developers generate clients from, so it must describe the routes IMS
/// really serves, with the permission each really needs. (`scripts/openapi-check` validates real response
/// bodies against its schemas.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document as served, parsed.
    static func served(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
        return try #require(object as? [String: Any], "the document is not a JSON object")
    }

    /// `[path: [method: operation]]` of the document.
    static func operations(_ document: [String: Any]) throws -> [String: [String: [String: Any]]] {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.mapValues { item in
            item.filter { methods.contains($0.key) }.compactMapValues { $0 as? [String: Any] }
        }
    }

    @Test("It is served without a key as an OpenAPI 3.1 JSON document, with its title, version and servers")
    func served() async throws {
        try await TestServer.run { _, client in
            let document = try await Self.served(client)
            #expect((document["openapi"] as? String)?.hasPrefix("3.1.") == true)
            let info = try #require(document["info"] as? [String: Any])
            #expect(info["title"] as? String == "IMS API")
            #expect(info["version"] is String)
            let servers = try #require(document["servers"] as? [[String: Any]])
            #expect(servers.first?["url"] as? String == "/")
        }
    }

    @Test("Every /api/v1 route IMS declares is documented with its method, access and permission")
    func everyRouteIsDocumented() async throws {
        try await TestServer.run { server, client in
            let operations = try Self.operations(try await Self.served(client))
            let routes = server.declarations.filter { $0.path.hasPrefix("/api/v1/") || $0.path == "/healthz" }
            #expect(routes.count >= 8)
            for route in routes {
                let method = route.method.rawValue.lowercased()
                guard let operation = operations[route.path]?[method] else {
                    Issue.record("\(route.method) \(route.path) is not in the OpenAPI document")
                    continue
                }
                let permission = operation["x-ims-permission"] as? String
                let security = operation["security"] as? [Any]
                switch route.access {
                case .open:
                    #expect(operation["x-ims-access"] as? String == "open", "\(route.method) \(route.path)")
                    #expect(permission == nil, "\(route.method) \(route.path) is open but documents \(permission ?? "")")
                    #expect(security?.isEmpty == true, "\(route.method) \(route.path) is open but documents a key")
                case .apiKey(let needed):
                    #expect(operation["x-ims-access"] as? String == "api-key", "\(route.method) \(route.path)")
                    #expect(permission == needed.rawValue, "\(route.method) \(route.path) needs \(needed), documented \(permission ?? "none")")
                    #expect(security == nil, "\(route.method) \(route.path) needs the document's key")
                    #expect(
                        (operation["description"] as? String)?.contains("`\(needed.rawValue)`") == true,
                        "\(route.method) \(route.path)'s description does not name \(needed)")
                    for status in ["401", "403"] {
                        #expect(
                            (operation["responses"] as? [String: Any])?[status] != nil, "\(route.method) \(route.path) does not document \(status)")
                    }
                case .staff, .staffWithAnyRole:
                    Issue.record("\(route.method) \(route.path) is a staff route under /api/v1")
                }
            }
        }
    }

    @Test("The document describes no operation IMS does not serve, and names each once")
    func nothingExtra() async throws {
        try await TestServer.run { server, client in
            let operations = try Self.operations(try await Self.served(client))
            let declared = Set(server.declarations.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
            var operationIDs: [String] = []
            for (path, byMethod) in operations {
                for (method, operation) in byMethod {
                    let isServed = declared.contains("\(method) \(path)")
                    #expect(isServed, "the document describes \(method.uppercased()) \(path), which IMS does not serve")
                    let operationID = try #require(operation["operationId"] as? String, "\(method.uppercased()) \(path) has no operationId")
                    operationIDs.append(operationID)
                    #expect(operation["tags"] is [String], "\(method.uppercased()) \(path) has no tags")
                }
            }
            #expect(Set(operationIDs).count == operationIDs.count, "operationIds repeat: \(operationIDs.sorted())")
        }
    }

    @Test("issue 11: money has one name: every property holding pence is amount or …_amount, every such property is pence, none says pence")
    func moneyIsNamedOneWay() async throws {
        try await TestServer.run { _, client in
            let document = try await Self.served(client)
            let components = try #require(document["components"] as? [String: Any])
            let schemas = try #require(components["schemas"] as? [String: [String: Any]])
            var moneyProperties: [String] = []
            /// Walks a schema (and the schemas inside it, examples aside) checking each named property.
            func walk(_ schema: [String: Any], at path: String) {
                for (name, value) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                    let isPence = value["$ref"] as? String == "#/components/schemas/Pence"
                    let isNamedMoney = name == "amount" || name.hasSuffix("_amount")
                    #expect(isPence == isNamedMoney, "\(path).\(name): money is named amount or …_amount, and only money is")
                    #expect(!name.contains("pence"), "\(path).\(name) names its unit")
                    if isPence { moneyProperties.append("\(path).\(name)") }
                    walk(value, at: "\(path).\(name)")
                }
                if let items = schema["items"] as? [String: Any] { walk(items, at: "\(path)[]") }
            }
            for (name, schema) in schemas { walk(schema, at: name) }
            #expect(moneyProperties.count >= 8, "\(moneyProperties.sorted())")
            #expect(schemas["TransactionEntry"] == nil, "an entry has one shape, Entry")
            let detail = try #require(schemas["TransactionDetail"]?["properties"] as? [String: [String: Any]])
            #expect((detail["entries"]?["items"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/Entry")
        }
    }

    @Test("issue 10: every integer the API reads has a maximum and every cursor a maximum length, and IMS takes exactly those")
    func limitsAreDocumentedAndTrue() async throws {
        try await TestServer.run { server, client in
            let document = try await Self.served(client)
            let components = try #require(document["components"] as? [String: Any])
            let shared = try #require(components["parameters"] as? [String: [String: Any]])
            var integers = 0
            for (path, byMethod) in try Self.operations(document) {
                for (method, operation) in byMethod {
                    for entry in operation["parameters"] as? [[String: Any]] ?? [] {
                        let parameter = (entry["$ref"] as? String).flatMap { shared[String($0.split(separator: "/").last ?? "")] } ?? entry
                        let name = "\(method.uppercased()) \(path) \(parameter["name"] as? String ?? "?")"
                        var schema = parameter["schema"] as? [String: Any] ?? [:]
                        if schema["type"] as? String == "array", let items = schema["items"] as? [String: Any] { schema = items }
                        if schema["type"] as? String == "integer" {
                            integers += 1
                            #expect(schema["maximum"] is NSNumber, "\(name) has no maximum")
                        }
                        if parameter["name"] as? String == "after" { #expect(schema["maxLength"] is NSNumber, "\(name) has no maxLength") }
                    }
                }
            }
            #expect(integers >= 6)
            let schemas = try #require(components["schemas"] as? [String: [String: Any]])
            #expect((schemas["Pence"]?["maximum"] as? NSNumber)?.int64Value == Money.maximumMagnitude.pence)

            let key = try await server.key([.transactionsRead, .auditRead])
            for (uri, status) in [
                ("/api/v1/transactions?amount=999999999999", 200), ("/api/v1/transactions?amount=1000000000000", 422),
                ("/api/v1/transactions?amount_min=-999999999999", 200), ("/api/v1/transactions?amount_max=-1000000000000", 422),
                ("/api/v1/transactions?after=tzzzzzzzzzzzz", 200), ("/api/v1/transactions?import_batch=9223372036854775807", 200),
                ("/api/v1/transactions/9223372036854775807", 404), ("/api/v1/entries/9223372036854775807", 404),
                ("/api/v1/audit?after=999999999999999999", 200),
                // Issue 10 (schemathesis): one past the documented maxLength is refused, not read.
                ("/api/v1/audit?after=1000000000000000000", 422), ("/api/v1/transactions?after=t0000000000000", 422),
                ("/api/v1/transactions?after=tZZ", 422),
                // Issue 10 (schemathesis, fresh-clone run): coded parameters are refused unless exactly as documented.
                ("/api/v1/transactions?fund_code=CTAX", 200), ("/api/v1/transactions?fund_code=True", 422),
                ("/api/v1/transactions?fund_code=%20CTAX", 422), ("/api/v1/transactions?fund_code=TOOLONG", 422),
                ("/api/v1/transactions?fund_code=", 422), ("/api/v1/transactions?kind=payment", 200), ("/api/v1/transactions?kind=gift", 422),
                ("/api/v1/transactions?source=legacy", 200), ("/api/v1/transactions?source=LEGACY", 422),
            ] as [(String, Int)] {
                try await client.execute(uri: uri, method: .get, headers: bearer(key)) { response throws in
                    #expect(response.status.code == status, "\(uri)")
                }
            }
        }
    }
}
