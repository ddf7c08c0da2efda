import IMSCore

/// A real store whose audit trail refuses every event inside a unit of work (as a full disk or a broken
/// audit table would), to show that the action refused with it leaves nothing behind.
struct RefusingAuditStore: UnitOfWork {
    let store: any UnitOfWork

    func transaction<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await store.transaction { tx in try await work(RefusingAuditTransaction(inner: tx)) }
    }
}

struct AuditRefused: Error {}

private struct RefusingAuditTransaction: StoreTransaction {
    let inner: any StoreTransaction
    var now: Timestamp { inner.now }
    var ledger: any LedgerTransaction { inner.ledger }
    var payments: any PaymentTransaction { inner.payments }
    var outbox: any Outbox { inner.outbox }
    var apiKeys: any APIKeyTransaction { inner.apiKeys }
    var administration: any AdministrationTransaction { inner.administration }
    var accountImports: any AccountImportTransaction { inner.accountImports }
    var audit: any AuditLog { RefusingAuditLog() }
    func configuration() async throws -> CouncilConfiguration { try await inner.configuration() }
}

private struct RefusingAuditLog: AuditLog {
    func append(_ event: AuditEvent) async throws -> AuditEvent { throw AuditRefused() }
}
