import IMSCore
import Logging
import SQLKit

/// An open IMS database, SQLite or PostgreSQL, migrated to the current schema. It implements the core's
/// store protocols; every write is one transaction of its backend.
public final class IMSDatabase: Sendable {
    let backend: any DatabaseBackend
    public let location: DatabaseLocation
    let clock: any WallClock
    let logger: Logger

    public var dialect: SQLDialectKind { backend.dialect }

    private init(backend: any DatabaseBackend, location: DatabaseLocation, clock: any WallClock, logger: Logger) {
        self.backend = backend
        self.location = location
        self.clock = clock
        self.logger = logger
    }

    /// Opens (creating an SQLite file and its directory when missing) and applies pending migrations.
    /// Opening reads no ledger rows, so it takes the same time with millions of entries as with none.
    public static func open(_ location: DatabaseLocation, clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "ims.store"))
        async throws -> IMSDatabase
    {
        let backend: any DatabaseBackend =
            switch location {
            case .sqlite(let path): try await SQLiteBackend.open(path: path, logger: logger)
            case .postgres(let settings): PostgresBackend(settings: settings, logger: logger)
            }
        let database = IMSDatabase(backend: backend, location: location, clock: clock, logger: logger)
        do {
            let applied = try await Migrator.migrate(backend, now: clock.now().microsecondsSince1970)
            if !applied.isEmpty {
                logger.info(
                    "applied migrations", metadata: ["versions": "\(applied.map(String.init).joined(separator: ","))", "database": "\(location)"])
            }
            backend.schemaIsReady()
        } catch {
            try? await backend.close()
            throw error
        }
        return database
    }

    /// The time by the store's clock (the one tests control).
    public func now() -> Timestamp { clock.now() }

    /// Closes every connection. Must be called before the process ends.
    public func close() async throws {
        try await backend.close()
    }

    /// Whether the database answers, for health checks.
    public func ping() async throws {
        _ = try await backend.read { database in try await database.raw("SELECT 1 AS one").first() }
    }

    /// The schema version applied.
    public func schemaVersion() async throws -> Int64 {
        try await backend.read { database in
            try await database.raw("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first()?
                .decode(column: "version", as: Int64.self) ?? 0
        }
    }

    /// Seals committed entries not yet in the hash chain (PostgreSQL seals in the background; SQLite seals
    /// as it writes, so there this finds nothing). Returns how many were sealed.
    @discardableResult
    public func sealPending(limit: Int = 1_000) async throws -> Int {
        let now = clock.now()
        let dialect = backend.dialect
        return try await backend.write { database in
            try await LedgerSealer.sealPending(in: database, dialect: dialect, now: now, limit: limit)
        }
    }

    /// A setting's value (council profile, markers such as the demo having been seeded).
    public func setting(_ key: String) async throws -> String? {
        try await backend.read { database in
            try await database.raw("SELECT value FROM settings WHERE key = \(bind: key)").first()?.decode(column: "value", as: String.self)
        }
    }
}
