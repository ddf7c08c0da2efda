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

/// API keys of council services.
public protocol APIKeyStore: Sendable {
    /// Makes a key; the secret is returned once and only its hash is stored.
    /// - Parameter requestedBy: the administrator asking on the staff screen; a key with a permission of
    ///   `APIKey.permissionsNeedingApproval` then waits for another administrator's approval. Nil for the
    ///   command line.
    func createAPIKey(service: String, permissions: [Permission], funds: [FundCode], at time: Timestamp, requestedBy: String?) async throws -> (APIKey, APIKeySecret)
    /// Approves a key awaiting approval; refused when `approver` is the one who asked for it. False when there
    /// is no such key awaiting approval.
    func approveAPIKey(id: Int64, by approver: String, at time: Timestamp) async throws -> Bool
    func apiKeys() async throws -> [APIKey]
    /// Revokes a key at once; returns false when there is no such key.
    func revokeAPIKey(id: Int64, at time: Timestamp) async throws -> Bool
    /// The live key with this secret, or nil; notes its use.
    func authenticateAPIKey(_ secret: String, at time: Timestamp) async throws -> APIKey?
}
