import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

/// The real HTTP server on a free loopback port, over a fresh demo database.
struct TestServer {
    let database: IMSDatabase
    let clock: FixedWallClock
    let declarations: [RouteDeclaration]
    let payments: PaymentService

    static let start = Timestamp(microsecondsSince1970: 1_795_773_600_000_000)

    /// Runs `body` against a live server on a new SQLite database seeded with the demo council (or, with
    /// `seeded: false`, left empty as a council's first run finds it).
    static func run<T: Sendable>(
        environment: [String: String] = [:], isDemo: Bool = true, seeded: Bool = true, startingAt clockStart: Timestamp = start,
        _ body: @Sendable (TestServer, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-web-\(UUID().uuidString)").path
        let clock = FixedWallClock(clockStart)
        let database = try await IMSDatabase.open(.dataDirectory(directory), clock: clock)
        do {
            if seeded { try await database.seedDemo(paymentCount: 40, days: 7) }
            let configuration = try ServerConfiguration.load(
                environment: environment, overrides: .init(port: 0, dataDirectory: directory, isDemo: isDemo))
            let parts = try await IMSApplication.parts(configuration: configuration, database: database, clock: clock)
            let onListening = parts.onListening
            let app = Application(
                router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in onListening("127.0.0.1", channel.localAddress?.port ?? 0) })
            let server = TestServer(database: database, clock: clock, declarations: parts.declarations, payments: parts.payments)
            let result = try await app.test(.live) { client in try await body(server, client) }
            try await database.close()
            try? FileManager.default.removeItem(atPath: directory)
            return result
        } catch {
            try? await database.close()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    func key(_ permissions: [Permission], funds: [FundCode] = []) async throws -> String {
        try await database.createAPIKey(service: "web-tests", permissions: permissions, funds: funds).1.value
    }
}

/// The error body every failure carries.
struct ErrorResponse: Decodable, Equatable {
    let code: String
    let description: String
    let field: String?
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(String(buffer: body).utf8))
    }

    var text: String { String(buffer: body) }
}

func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }
