import SQLKit

/// The SQL dialect a backend speaks; the few statements that differ are chosen by it.
public enum SQLDialectKind: String, Sendable {
    case sqlite
    case postgres
}

/// A database connection source that runs reads and serialisable-enough write transactions. The
/// transaction given to `write` is the only place the ledger is written.
protocol DatabaseBackend: Sendable {
    var dialect: SQLDialectKind { get }
    /// Runs `body` on a connection for reading (no transaction).
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    /// On SQLite the transaction is `BEGIN IMMEDIATE` (writers are serialised); on PostgreSQL it is
    /// READ COMMITTED and statements that must see a stable row lock it with `FOR UPDATE`.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one write transaction with this backend's bulk loader for migrated records (raw
    /// prepared statements on SQLite, `COPY` on PostgreSQL) working in that same transaction.
    func writeInBulk<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, any BulkRecordWriter) async throws -> T) async throws -> T
    /// Called once migrations are done (PostgreSQL then turns its operation deadline on).
    func schemaIsReady()
    /// Copies committed writes from the journal into the database, beside the writer (SQLite's WAL; a bulk
    /// load turns the writer's own checkpoints off so that its core only loads). Nothing on PostgreSQL.
    func checkpointAside() async throws
    func close() async throws
}

extension DatabaseBackend {
    func checkpointAside() async throws {}

    /// `FOR UPDATE` where the dialect needs row locks; SQLite's write transaction already excludes writers.
    var rowLock: String { dialect == .postgres ? " FOR UPDATE" : "" }
}
