/// Where the ledger is kept. Implemented by the storage module for SQLite and PostgreSQL; the core only
/// states what must hold: every call that writes is one transaction, and what it refuses it leaves untouched.
/// Workflows write through their unit of work (`LedgerTransaction.post`); these are for tools and tests.
public protocol LedgerStore: LedgerReading {
    /// Records an entry (validated first) in one transaction. With an idempotency key seen before for the
    /// same request, returns the entry first recorded and writes nothing; with a different request, throws
    /// `idempotency.key_reused`.
    func append(_ content: EntryContent, idempotencyKey: IdempotencyKey?) async throws -> Entry

    /// Records several entries in one transaction: all of them or none.
    func appendAll(_ contents: [EntryContent]) async throws -> [Entry]
}

/// The council's reference data: profile, VAT codes, funds, methods of payment, offices.
public protocol CouncilStore: Sendable {
    func configuration() async throws -> CouncilConfiguration
    /// Adds or updates every item of `configuration` in one transaction.
    func save(_ configuration: CouncilConfiguration) async throws
}

/// The council's system messages alone, for the notice every page shows (one small read, not the whole configuration).
public protocol SystemMessageStore: Sendable {
    /// The messages not retired.
    func currentSystemMessages() async throws -> [SystemMessage]
}

/// API keys of council services (changed by `APIKeyAdministration`, in units of work).
public protocol APIKeyStore: Sendable {
    func apiKeys() async throws -> [APIKey]
    /// The live key with this secret, or nil; notes its use.
    func authenticateAPIKey(_ secret: String, at time: Timestamp) async throws -> APIKey?
}
