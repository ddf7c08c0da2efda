import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// The production store: a PostgreSQL server reached through PostgresNIO's connection pool. Write
/// transactions run at READ COMMITTED; the statements whose reads must not change under them (a refund's
/// payment) take row locks.
final class PostgresBackend: DatabaseBackend {
    let dialect = SQLDialectKind.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>

    init(settings: PostgresSettings, logger: Logger) {
        let tls: PostgresClient.Configuration.TLS = switch settings.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: tls)
        configuration.options.maximumConnections = settings.maximumConnections
        configuration.options.minimumConnections = 0
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeWithConnection { database, _ in try await body(database) }
    }

    /// A write transaction that also hands over the connection itself, for `COPY` (the bulk loader).
    func writeWithConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase, PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let database = connection.sql()
            try await database.raw("BEGIN").run()
            do {
                let result = try await body(database, connection)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async throws {
        runTask.cancel()
        await runTask.value
    }
}
