import IMSCore
import SQLKit

extension IMSDatabase: LedgerStore {
    public func append(_ content: EntryContent, idempotencyKey: IdempotencyKey?) async throws -> Entry {
        try content.validate()
        let recordedAt = clock.now()
        let dialect = backend.dialect
        let clock = clock
        return try await backend.write { database in
            if let idempotencyKey {
                // Two requests with the same key at once: the second waits for the first to commit, then
                // finds its key and returns its entry (without the lock it hit the key's primary key: a 500).
                if dialect == .postgres {
                    try await database.raw(
                        "SELECT pg_advisory_xact_lock(hashtext(\(bind: "idempotency:" + idempotencyKey.scope + ":" + idempotencyKey.key)))"
                    ).run()
                }
                let stored = try await database.raw(
                    """
                    SELECT request_hash, entry_id FROM idempotency_keys
                    WHERE scope = \(bind: idempotencyKey.scope) AND idempotency_key = \(bind: idempotencyKey.key)
                    """
                ).first()
                let storedHash = try stored?.decode(column: "request_hash", as: String.self)
                if try idempotencyKey.decide(stored: storedHash) == .replay, let stored {
                    let entryID = try stored.decode(column: "entry_id", as: Int64.self)
                    guard let original = try await EntryRows.load(id: entryID, from: database) else {
                        throw StoreError(.corruptRow, "Idempotency key points at missing entry \(entryID)")
                    }
                    return original
                }
            }
            let entry = try await LedgerWriter(database: database, dialect: dialect, clock: clock).post(
                content, reservedID: nil, recordedAt: recordedAt)
            if let idempotencyKey {
                try await database.raw(
                    """
                    INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, entry_id, created_at)
                    VALUES (\(bind: idempotencyKey.scope), \(bind: idempotencyKey.key), \(bind: idempotencyKey.requestHash), \(bind: entry.id), \(bind: recordedAt.microsecondsSince1970))
                    """
                ).run()
            }
            return entry
        }
    }

    public func appendAll(_ contents: [EntryContent]) async throws -> [Entry] {
        for content in contents { try content.validate() }
        let writer = ledgerWriter
        return try await backend.write { database in
            var entries: [Entry] = []
            for content in contents { entries.append(try await writer(database).post(content)) }
            return entries
        }
    }

    public func entry(id: Int64) async throws -> Entry? {
        try await backend.read { database in try await EntryRows.load(id: id, from: database) }
    }

    public func entries(correcting id: Int64) async throws -> [Entry] {
        try await backend.read { database in try await EntryRows.correcting(id, from: database) }
    }

    public func refundableRemainder(ofPayment id: Int64) async throws -> RefundableRemainder {
        try await backend.read { database in
            guard let payment = try await EntryRows.load(id: id, from: database) else {
                throw IMSError(.notFound, .entryNotFound, "There is no entry \(id)")
            }
            return RefundPolicy.remainder(of: payment, refunds: try await EntryRows.correcting(id, from: database))
        }
    }

    /// The ledger door over `database`, a transaction of this store's backend.
    var ledgerWriter: @Sendable (any SQLDatabase) -> LedgerWriter {
        let dialect = backend.dialect
        let clock = clock
        return { database in LedgerWriter(database: database, dialect: dialect, clock: clock) }
    }
}
