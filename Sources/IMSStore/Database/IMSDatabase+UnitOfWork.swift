import IMSCore
import SQLKit

extension IMSDatabase: UnitOfWork {
    public func transaction<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let now = clock.now()
        let dialect = backend.dialect
        let clock = clock
        return try await backend.write { database in
            try await work(SQLStoreTransaction(database: database, dialect: dialect, clock: clock, now: now))
        }
    }
}

extension IMSDatabase: DatabaseHealth {
    public var databaseKind: String { backend.dialect.rawValue }
}

/// One transaction of the store, as the workflows see it: each concern's part writes through the same
/// connection, so everything commits together or not at all.
struct SQLStoreTransaction: StoreTransaction {
    let database: any SQLDatabase
    let dialect: SQLDialectKind
    let clock: any WallClock
    let now: Timestamp

    var ledger: any LedgerTransaction { LedgerWriter(database: database, dialect: dialect, clock: clock) }
    var payments: any PaymentTransaction { SQLPaymentTransaction(database: database, dialect: dialect, now: now) }
    var audit: any AuditLog { SQLAuditLog(database: database, dialect: dialect) }
    var outbox: any Outbox { SQLOutbox(database: database, now: now) }
    var apiKeys: any APIKeyTransaction { SQLAPIKeyTransaction(database: database, now: now) }
    var administration: any AdministrationTransaction { SQLAdministrationTransaction(database: database, now: now) }
    var accountImports: any AccountImportTransaction { SQLAccountImportTransaction(database: database, now: now) }

    func configuration() async throws -> CouncilConfiguration {
        try await CouncilRows.configuration(in: database)
    }
}
