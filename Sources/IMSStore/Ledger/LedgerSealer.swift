import IMSCore
import SQLKit

/// Chains committed entries into the tamper-evident sequence and keeps the cached account balances, in
/// the same transaction, so the balances are always exactly those of the sealed entries.
///
/// On SQLite the store seals inside every write transaction (writers are serialised anyway). On PostgreSQL
/// a background task seals in blocks, so that several instances never queue behind one global lock; see
/// docs/decisions/0002-ledger-hash-chain.md.
enum LedgerSealer {
    /// How far below the newest sealed entry id to look for entries that committed late (PostgreSQL
    /// allocates ids before commit, so a slow transaction can commit after a later id was sealed).
    static func stragglerWindow(for dialect: SQLDialectKind) -> Int64 { dialect == .postgres ? 10_000 : 0 }

    /// Seals up to `limit` unsealed entries in id order; returns how many it sealed.
    static func sealPending(in database: any SQLDatabase, dialect: SQLDialectKind, now: Timestamp, limit: Int = 1_000) async throws -> Int {
        if dialect == .postgres {
            try await database.raw("SELECT pg_advisory_xact_lock(7351002)").run()
        }
        var head = try await lastSeal(in: database)
        let lowWater = max(0, (try await highestSealedEntryID(in: database)) - stragglerWindow(for: dialect))
        let pendingIDs = try await database.raw(
            """
            SELECT e.id FROM entries e
            WHERE e.id > \(bind: lowWater) AND NOT EXISTS (SELECT 1 FROM ledger_seals s WHERE s.entry_id = e.id)
            ORDER BY e.id LIMIT \(bind: Int64(limit))
            """
        ).all().map { try $0.decode(column: "id", as: Int64.self) }
        guard !pendingIDs.isEmpty else { return 0 }
        let entries = try await EntryRows.load(ids: pendingIDs, from: database)
        var insert = database.insert(into: "ledger_seals").columns("position", "entry_id", "entry_hash", "chain_hash", "sealed_at")
        var balanceChanges: [String: Int64] = [:]
        for entry in entries {
            let seal = LedgerSeal.sealing(entry, after: head)
            insert = insert.values(
                [seal.position, seal.entryID, seal.entryHash, seal.chainHash, now.microsecondsSince1970] as [any Encodable & Sendable])
            head = seal
            for line in entry.lines { balanceChanges[line.account.key, default: 0] += line.amount.pence }
        }
        try await insert.run()
        for (account, change) in balanceChanges.sorted(by: { $0.key < $1.key }) {
            try await database.raw(
                """
                INSERT INTO account_balances (account, balance_pence) VALUES (\(bind: account), \(bind: change))
                ON CONFLICT (account) DO UPDATE SET balance_pence = account_balances.balance_pence + excluded.balance_pence
                """
            ).run()
        }
        return entries.count
    }

    static func lastSeal(in database: any SQLDatabase) async throws -> LedgerSeal? {
        guard
            let row = try await database.raw(
                "SELECT position, entry_id, entry_hash, chain_hash FROM ledger_seals ORDER BY position DESC LIMIT 1"
            ).first()
        else { return nil }
        return LedgerSeal(
            position: try row.decode(column: "position", as: Int64.self), entryID: try row.decode(column: "entry_id", as: Int64.self),
            entryHash: try row.decode(column: "entry_hash", as: String.self), chainHash: try row.decode(column: "chain_hash", as: String.self))
    }

    private static func highestSealedEntryID(in database: any SQLDatabase) async throws -> Int64 {
        try await database.raw("SELECT COALESCE(MAX(entry_id), 0) AS highest FROM ledger_seals").first()?
            .decode(column: "highest", as: Int64.self) ?? 0
    }
}
