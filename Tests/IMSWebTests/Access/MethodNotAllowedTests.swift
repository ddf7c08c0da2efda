import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSWeb
import Testing

@Suite("Methods a path does not take")
struct MethodNotAllowedTests {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]

    @Test("issue 10: every declared path answers a method it does not take with 405 and Allow naming the methods it does")
    func everyPathAnswers405() async throws {
        try await TestServer.run { server, client in
            let paths = Dictionary(grouping: server.declarations, by: \.path)
            #expect(paths.count > 30)
            for (path, routes) in paths {
                let uri = path.replacingOccurrences(of: "{id}", with: "1")
                // No literal segment is "1", so the path's own methods are the answer; where a literal path and a
                // {parameter} one both match (`/pay/basket`, `/pay/{id}`), the literal's are.
                let declared = Set(routes.map(\.method))
                for method in Self.methods where !declared.contains(method) {
                    try await client.execute(uri: uri, method: method) { response throws in
                        #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                        let allow = Set(
                            (response.headers[.allow] ?? "").split(separator: ",").compactMap {
                                HTTPRequest.Method($0.trimmingCharacters(in: .whitespaces))
                            })
                        #expect(allow == declared, "\(method) \(path): Allow \(response.headers[.allow] ?? "none")")
                    }
                }
            }
        }
    }

    @Test(
        "issue 10: 405 on the API is the JSON error with Allow; an unknown path is still 404",
        arguments: [
            ("DELETE", "/api/v1/payments", 405, "POST"),
            ("PUT", "/api/v1/payments/pay_abcdefghijklmnopqrstuvwxyz", 405, "GET"),
            ("GET", "/api/v1/payments/pay_abcdefghijklmnopqrstuvwxyz/cancel", 405, "POST"),
            ("PATCH", "/api/v1/audit", 405, "GET"),
            ("POST", "/healthz", 405, "GET"),
            ("DELETE", "/pay/basket", 405, "GET, POST"),
            ("GET", "/api/v1/nothing-here", 404, nil),
            ("DELETE", "/api/v1/payments/pay_x/nothing", 404, nil),
        ] as [(String, String, Int, String?)])
    func apiAnswers(method: String, path: String, status: Int, allow: String?) async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: path, method: HTTPRequest.Method(method)!) { response throws in
                #expect(response.status.code == status)
                #expect(response.headers[.allow] == allow)
                if path.hasPrefix("/api/") {
                    let error = try response.decode(ErrorResponse.self)
                    #expect(error.code == (status == 405 ? "request.method_not_allowed" : "not_found"))
                }
            }
        }
    }
}
