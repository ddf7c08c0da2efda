import IMSCore
import SQLKit

extension IMSDatabase: LedgerStore {
    public func append(_ content: EntryContent, idempotencyKey: IdempotencyKey?) async throws -> Entry {
        try content.validate()
        let recordedAt = clock.now()
        let dialect = backend.dialect
        return try await backend.write { database in
            if let idempotencyKey {
                // Two requests with the same key at once: the second waits for the first to commit, then
                // finds its key and returns its entry (without the lock it hit the key's primary key: a 500).
                if dialect == .postgres {
                    try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "idempotency:" + idempotencyKey.scope + ":" + idempotencyKey.key)))").run()
                }
                let stored = try await database.raw("""
                    SELECT request_hash, entry_id FROM idempotency_keys
                    WHERE scope = \(bind: idempotencyKey.scope) AND idempotency_key = \(bind: idempotencyKey.key)
                    """).first()
                let storedHash = try stored?.decode(column: "request_hash", as: String.self)
                if try idempotencyKey.decide(stored: storedHash) == .replay, let stored {
                    let entryID = try stored.decode(column: "entry_id", as: Int64.self)
                    guard let original = try await EntryRows.load(id: entryID, from: database) else {
                        throw StoreError(.corruptRow, "Idempotency key points at missing entry \(entryID)")
                    }
                    return original
                }
            }
            let entry = try await self.insertAndSeal(content, recordedAt: recordedAt, in: database)
            if let idempotencyKey {
                try await database.raw("""
                    INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, entry_id, created_at)
                    VALUES (\(bind: idempotencyKey.scope), \(bind: idempotencyKey.key), \(bind: idempotencyKey.requestHash), \(bind: entry.id), \(bind: recordedAt.microsecondsSince1970))
                    """).run()
            }
            return entry
        }
    }

    public func appendAll(_ contents: [EntryContent]) async throws -> [Entry] {
        for content in contents { try content.validate() }
        let recordedAt = clock.now()
        return try await backend.write { database in
            var entries: [Entry] = []
            for content in contents {
                entries.append(try await EntryRows.insert(content, recordedAt: recordedAt, into: database))
            }
            try await self.sealInline(in: database, count: entries.count)
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

    public func refund(_ request: RefundRequest) async throws -> Entry {
        let recordedAt = clock.now()
        let rowLock = backend.rowLock
        return try await backend.write { database in
            // The lock on the payment row makes every other refund of this payment wait until we commit, so
            // the remainder computed below cannot be spent twice.
            let locked = try await database.raw(
                "SELECT id FROM entries WHERE id = \(bind: request.paymentEntryID)\(unsafeRaw: rowLock)").first()
            guard locked != nil, let payment = try await EntryRows.load(id: request.paymentEntryID, from: database) else {
                throw IMSError(.notFound, .entryNotFound, "There is no payment \(request.paymentEntryID)", field: "payment")
            }
            let remainder = RefundPolicy.remainder(of: payment, refunds: try await EntryRows.correcting(payment.id, from: database))
            var method: MethodOfPayment?
            if let code = payment.methodOfPayment { method = try await CouncilRows.methodOfPayment(code, in: database) }
            let content = try RefundPolicy.refund(request, of: payment, remainder: remainder, methodOfPayment: method)
            return try await self.insertAndSeal(content, recordedAt: recordedAt, in: database)
        }
    }

    /// Inserts one entry and, on SQLite, seals it in the same transaction.
    func insertAndSeal(_ content: EntryContent, id: Int64? = nil, recordedAt: Timestamp, in database: any SQLDatabase) async throws -> Entry {
        let entry = try await EntryRows.insert(content, id: id, recordedAt: recordedAt, into: database)
        try await sealInline(in: database, count: 1)
        return entry
    }

    /// SQLite seals as it writes; PostgreSQL leaves it to the background sealer.
    func sealInline(in database: any SQLDatabase, count: Int) async throws {
        guard backend.dialect == .sqlite else { return }
        var remaining = count
        while remaining > 0 {
            let sealed = try await LedgerSealer.sealPending(in: database, dialect: .sqlite, now: clock.now(), limit: max(remaining, 1))
            guard sealed > 0 else { break }
            remaining -= sealed
        }
    }
}
