import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// The production store: a PostgreSQL server reached through PostgresNIO's connection pool. Write
/// transactions run at READ COMMITTED; the statements whose reads must not change under them (a refund's
/// payment) take row locks.
final class PostgresBackend: DatabaseBackend {
    let dialect = SQLDialectKind.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let operationTimeoutSeconds: Int64?
    /// Off until the schema is up to date: a migration (an index over millions of records) may take minutes.
    private let deadlineActive = Mutex(false)
    private let closeTimeoutSeconds: Int64
    private let logger: Logger

    init(settings: PostgresSettings, logger: Logger) {
        let tls: PostgresClient.Configuration.TLS =
            switch settings.tls {
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
        operationTimeoutSeconds = settings.operationTimeoutSeconds
        closeTimeoutSeconds = settings.closeTimeoutSeconds
        self.logger = logger
        runTask = Task { await client.run() }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in try await body(connection.sql()) }
    }

    /// A connection from the pool for `body`, within the operation deadline when there is one.
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        guard let seconds = operationTimeoutSeconds, deadlineActive.withLock({ $0 }) else { return try await client.withConnection(body) }
        let client = client
        do {
            return try await OperationDeadline.run(seconds: seconds) { try await client.withConnection(body) }
        } catch let error as StoreError where error.code == .timedOut {
            logger.error("a database operation did not finish within its deadline; it was abandoned", metadata: ["seconds": "\(seconds)"])
            throw error
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeWithConnection { database, _ in try await body(database) }
    }

    /// A write transaction that also hands over the connection itself, for `COPY` (the bulk loader).
    func writeWithConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
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

    func writeInBulk<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, any BulkRecordWriter) async throws -> T) async throws -> T {
        try await writeWithConnection { database, connection in
            try await body(database, PostgresRecordWriter(connection: connection, database: database))
        }
    }

    /// Turns the operation deadline on (when the settings have one), once migrations are done.
    func schemaIsReady() {
        deadlineActive.withLock { $0 = true }
    }

    /// Stops the pool, waiting at most `closeTimeoutSeconds` for its connections: one stuck on a lost
    /// connection must not keep the process from exiting.
    func close() async throws {
        runTask.cancel()
        let runTask = runTask
        let closed = try? await OperationDeadline.run(seconds: closeTimeoutSeconds) { await runTask.value }
        if closed == nil {
            logger.warning("the database connections did not close in time; leaving them", metadata: ["seconds": "\(closeTimeoutSeconds)"])
        }
    }
}
