/// Staff sessions and sign-ins in progress.
public protocol SessionStore: Sendable {
    /// Starts a session; returns the token for the cookie (only its hash is stored).
    func createSession(for user: StaffUser, method: String, policy: SessionPolicy) async throws -> (token: String, session: StaffSession)
    /// The live session with this token, noting its use; nil when it has ended.
    func session(token: String, policy: SessionPolicy) async throws -> StaffSession?
    func deleteSession(token: String) async throws
    /// Removes sessions past their lifetimes; returns how many.
    func removeExpiredSessions(policy: SessionPolicy) async throws -> Int
    /// Keeps an OpenID Connect sign-in's secrets until the provider sends the user back.
    func savePendingLogin(state: String, nonce: String, codeVerifier: String, returnTo: String) async throws
    /// The sign-in started with `state`, once (it is removed as it is read).
    func takePendingLogin(state: String) async throws -> (nonce: String, codeVerifier: String, returnTo: String)?
}

/// Reading the audit trail, and appending one event on its own (an event that is not part of an action,
/// such as a refused sign-in; an action's event is appended in the action's unit of work).
public protocol AuditTrailStore: Sendable {
    @discardableResult
    func recordAudit(_ event: AuditEvent) async throws -> AuditEvent
    /// Audit events matching `query`, newest first.
    func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent]
}

/// Reading the ledger (the staff screens); writing is the workflows' `LedgerTransaction.post`.
public protocol LedgerReading: Sendable {
    func entry(id: Int64) async throws -> Entry?
    /// Entries that correct `id` (its refunds, journals and reversals), oldest first.
    func entries(correcting id: Int64) async throws -> [Entry]
    func refundableRemainder(ofPayment id: Int64) async throws -> RefundableRemainder
}

/// Legacy import batches, for the staff screens.
public protocol ImportBatchStore: Sendable {
    /// The most recent batches, newest first.
    func importBatches(limit: Int) async throws -> [ImportBatch]
    func importBatch(id: Int64) async throws -> ImportBatch?
}

/// What a health check needs to know of the database.
public protocol DatabaseHealth: Sendable {
    /// `sqlite` or `postgres`.
    var databaseKind: String { get }
    func ping() async throws
    func schemaVersion() async throws -> Int64
}
