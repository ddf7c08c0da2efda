/// A store that runs a workflow's writes as one unit of work: everything the workflow does through the
/// transaction it is given (lock, post, record its audit event, queue its messages) commits together when
/// the body returns, and none of it when the body throws. This is how an action and its audit event can
/// never part: there is no way to write either outside a transaction.
public protocol UnitOfWork: Sendable {
    /// Runs `work` in one database transaction (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: READ COMMITTED, rows
    /// that must stay put are locked with the transaction's `lock` calls).
    func transaction<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T
}

/// What a workflow may do inside one transaction, grouped by concern. Every member writes in, and reads
/// through, the same transaction.
public protocol StoreTransaction: Sendable {
    /// When the transaction began, by the store's clock (the one tests control).
    var now: Timestamp { get }
    /// The ledger and its one door, `post`.
    var ledger: any LedgerTransaction { get }
    var payments: any PaymentTransaction { get }
    var audit: any AuditLog { get }
    var outbox: any Outbox { get }
    var apiKeys: any APIKeyTransaction { get }
    var administration: any AdministrationTransaction { get }
    var accountImports: any AccountImportTransaction { get }
    /// The council's configuration as this transaction sees it.
    func configuration() async throws -> CouncilConfiguration
}

/// The ledger inside a transaction.
public protocol LedgerTransaction: Sendable {
    /// The one door into the ledger: validates the entry, records it with its lines, writes its search
    /// records, and seals it (at once on SQLite; the sealer chains it on PostgreSQL).
    func post(_ content: EntryContent) async throws -> Entry
    /// The entry, locked until the transaction ends (so that, for example, two refunds of one payment run
    /// one after the other); nil when there is no such entry.
    func lockEntry(id: Int64) async throws -> Entry?
    /// Entries that correct `id` (its refunds, journals and reversals), oldest first.
    func entries(correcting id: Int64) async throws -> [Entry]
}

/// The audit trail: append-only, chained by hash.
public protocol AuditLog: Sendable {
    /// Appends `event` (its id is given by the trail) and returns it as stored.
    @discardableResult
    func append(_ event: AuditEvent) async throws -> AuditEvent
}

/// Messages that leave IMS after the transaction commits (webhooks now; files and emails later), each
/// delivered with retries by a sender that reads the outbox.
public protocol Outbox: Sendable {
    /// Queues the signed webhook `body` for `service`, when the service has a webhook; returns whether it did.
    @discardableResult
    func enqueueWebhook(service: String, paymentID: String, event: String, body: String) async throws -> Bool
}
