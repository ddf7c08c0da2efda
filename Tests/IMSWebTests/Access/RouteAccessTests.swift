import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSWeb
import Testing

@Suite("Route access")
struct RouteAccessTests {
    /// Every route declares who may call it; every route that needs a key refuses a request without one,
    /// and a key holding every other permission but the route's own.
    @Test("Every key-protected route refuses no key (401) and a key without its permission (403)")
    func everyProtectedRouteIsGuarded() async throws {
        try await TestServer.run { server, client in
            #expect(!server.declarations.isEmpty)
            let protected = server.declarations.filter { if case .apiKey = $0.access { true } else { false } }
            #expect(!protected.isEmpty)
            for route in server.declarations
            where route.path.hasPrefix("/api/") && route.path != "/api/v1/funds" && route.path != "/api/v1/openapi.json" {
                #expect(route.access != .open, "\(route.method) \(route.path) is open")
            }
            for route in protected {
                guard case .apiKey(let permission) = route.access else { continue }
                let uri = route.path.replacingOccurrences(of: "{id}", with: "1")
                try await client.execute(uri: uri, method: route.method) { response throws in
                    #expect(response.status == .unauthorized, "\(route.method) \(route.path) without a key")
                }
                let everythingElse = try await server.key(Permission.all.filter { $0 != permission })
                try await client.execute(uri: uri, method: route.method, headers: bearer(everythingElse)) { response throws in
                    #expect(response.status == .forbidden, "\(route.method) \(route.path) without \(permission)")
                }
            }
        }
    }
}
