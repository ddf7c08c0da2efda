import IMSCore
import SQLKit

/// What `ims verify` found.
public struct LedgerVerification: Sendable {
    public var entriesChecked = 0
    public var linesChecked = 0
    public var sealsChecked = 0
    public var accountsChecked = 0
    public var auditEventsChecked = 0
    /// Migration entries whose records were re-added (see `MigrationVerifier`).
    public var migrationEntriesChecked = 0
    /// Search records of IMS's own entries compared with their lines (see `LiveRecordVerifier`).
    public var liveRecordsChecked = 0
    /// Migration entries whose records' digest was re-computed (see `MigrationVerifier.checkDigests`).
    public var migrationDigestsChecked = 0
    /// The newest seal checked: what `ims ledger head` printed when nothing has been added since.
    public var head: LedgerHead?
    /// Entries committed but not yet chained (PostgreSQL's sealer runs every second); recent ones are
    /// normal, old ones a discrepancy.
    public var unsealedEntries = 0
    public var discrepancies: [String] = []

    public var isIntact: Bool { discrepancies.isEmpty }
}

/// Re-adds the whole ledger (and checks the audit trail's chain): every entry balances, every sealed entry still hashes to its seal, the chain
/// links from the genesis to the last seal, every entry is sealed, and the cached account balances equal
/// the sum of the sealed lines. Reads in batches, so memory stays flat however large the ledger.
enum LedgerVerifier {
    static let batchSize: Int64 = 2_000
    static let maximumReported = 50

    /// With `expectedHead` (a head recorded earlier, outside the database), the chain must still hold that
    /// seal at that position: removing the newest entries with their seals leaves a chain that is intact in
    /// itself, but shorter than the head.
    static func verify(
        _ backend: any DatabaseBackend, now: Timestamp, expectedHead: LedgerHead? = nil, unsealedGraceSeconds: Int64 = 300
    ) async throws -> LedgerVerification {
        var result = LedgerVerification()
        var previous: LedgerSeal?
        var afterPosition: Int64 = 0
        func report(_ problem: String) {
            if result.discrepancies.count < maximumReported { result.discrepancies.append(problem) }
        }
        while true {
            let after = afterPosition
            let seals = try await backend.read { database in
                try await database.raw(
                    """
                    SELECT position, entry_id, entry_hash, chain_hash FROM ledger_seals
                    WHERE position > \(bind: after) ORDER BY position LIMIT \(bind: batchSize)
                    """
                ).all().map { row in
                    LedgerSeal(
                        position: try row.decode(column: "position", as: Int64.self), entryID: try row.decode(column: "entry_id", as: Int64.self),
                        entryHash: try row.decode(column: "entry_hash", as: String.self),
                        chainHash: try row.decode(column: "chain_hash", as: String.self))
                }
            }
            guard let last = seals.last else { break }
            afterPosition = last.position
            let (entries, liveRecords, liveProblems) = try await backend.read { database in
                let entries = try await EntryRows.load(ids: seals.map(\.entryID), from: database)
                let (records, problems) = try await LiveRecordVerifier.check(entries, in: database)
                return (entries, records, problems)
            }
            result.liveRecordsChecked += liveRecords
            for problem in liveProblems { report(problem) }
            let entriesByID = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
            for seal in seals {
                result.sealsChecked += 1
                let expectedPosition = (previous?.position ?? 0) + 1
                if seal.position != expectedPosition { report("Seal position \(expectedPosition) is missing (next is \(seal.position))") }
                let expectedChain = LedgerHash.chainHash(
                    previous: previous?.chainHash ?? LedgerHash.genesis, position: seal.position, entryHash: seal.entryHash)
                if expectedChain != seal.chainHash { report("Chain broken at seal \(seal.position) (entry \(seal.entryID))") }
                if let expectedHead, seal.position == expectedHead.position, seal.chainHash != expectedHead.chainHash {
                    report("Seal \(seal.position) is not the head recorded earlier (\(expectedHead)): the chain has been rewritten")
                }
                previous = seal
                guard let entry = entriesByID[seal.entryID] else {
                    report("Entry \(seal.entryID) was sealed at position \(seal.position) but is missing")
                    continue
                }
                result.entriesChecked += 1
                result.linesChecked += entry.lines.count
                let total = entry.lines.map(\.amount).sum()
                if !total.isZero { report("Entry \(entry.id) does not balance: its lines add up to \(total.formatted)") }
                if LedgerHash.entryHash(entry) != seal.entryHash { report("Entry \(entry.id) has changed since it was sealed") }
            }
        }
        result.head = previous.map(LedgerHead.init)
        if let expectedHead, (previous?.position ?? 0) < expectedHead.position {
            report(
                "The ledger no longer holds the head recorded earlier (\(expectedHead)): its newest seal is at position \(previous?.position ?? 0), so sealed entries have been removed"
            )
        }
        let (unsealed, unsealedProblems) = try await checkUnsealed(backend, now: now, graceSeconds: unsealedGraceSeconds)
        result.unsealedEntries = unsealed
        let (accounts, balanceProblems) = try await checkBalances(backend)
        result.accountsChecked = accounts
        let (auditEvents, auditProblems) = try await AuditVerifier.verify(backend)
        result.auditEventsChecked = auditEvents
        let (migrationEntries, migrationProblems) = try await MigrationVerifier.verify(backend)
        result.migrationEntriesChecked = migrationEntries
        let (digestEntries, digestProblems) = try await MigrationVerifier.checkDigests(backend)
        result.migrationDigestsChecked = digestEntries
        let orphanRecords = try await backend.read { database in try await LiveRecordVerifier.orphans(in: database) }
        for problem in unsealedProblems + balanceProblems + auditProblems + migrationProblems + digestProblems + orphanRecords { report(problem) }
        return result
    }

    /// How many entries are not chained yet, and problems: old unsealed entries, lines without an entry.
    private static func checkUnsealed(_ backend: any DatabaseBackend, now: Timestamp, graceSeconds: Int64) async throws -> (Int, [String]) {
        var problems: [String] = []
        let cutoff = now.adding(seconds: -graceSeconds).microsecondsSince1970
        let (unsealed, stale) = try await backend.read { database in
            let row = try await database.raw(
                """
                SELECT COUNT(*) AS unsealed, COALESCE(SUM(CASE WHEN e.recorded_at < \(bind: cutoff) THEN 1 ELSE 0 END), 0) AS stale
                FROM entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_seals s WHERE s.entry_id = e.id)
                """
            ).first()
            return (try row?.decode(column: "unsealed", as: Int64.self) ?? 0, try row?.decode(column: "stale", as: Int64.self) ?? 0)
        }
        if stale > 0 { problems.append("\(stale) entries recorded more than \(graceSeconds) seconds ago are not in the hash chain") }
        let orphanLines = try await backend.read { database in
            try await database.raw(
                """
                SELECT COUNT(*) AS orphans FROM entry_lines l WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = l.entry_id)
                """
            ).first()?.decode(column: "orphans", as: Int64.self) ?? 0
        }
        if orphanLines > 0 { problems.append("\(orphanLines) ledger lines belong to no entry") }
        return (Int(unsealed), problems)
    }

    /// The cached balances against the sum of the sealed lines, account by account, in SQL so that memory
    /// does not grow with the number of accounts (every fund + reference is one).
    private static func checkBalances(_ backend: any DatabaseBackend) async throws -> (Int, [String]) {
        let (accounts, mismatches) = try await backend.read { database in
            let accounts =
                try await database.raw("SELECT COUNT(*) AS accounts FROM account_balances").first()?
                .decode(column: "accounts", as: Int64.self) ?? 0
            let mismatches = try await database.raw(
                """
                SELECT COALESCE(l.account, b.account) AS account, COALESCE(l.total, 0) AS lines_total, COALESCE(b.balance_pence, 0) AS cached
                FROM (SELECT account, CAST(SUM(amount_pence) AS BIGINT) AS total FROM entry_lines
                      WHERE entry_id IN (SELECT entry_id FROM ledger_seals) GROUP BY account) l
                FULL OUTER JOIN account_balances b ON b.account = l.account
                WHERE COALESCE(l.total, 0) <> COALESCE(b.balance_pence, 0)
                ORDER BY 1 LIMIT \(bind: Int64(maximumReported))
                """
            ).all().map {
                (
                    try $0.decode(column: "account", as: String.self), try $0.decode(column: "lines_total", as: Int64.self),
                    try $0.decode(column: "cached", as: Int64.self)
                )
            }
            return (accounts, mismatches)
        }
        let problems = mismatches.map { account, lines, cached in
            "Cached balance of \(account) is \(Money(pence: cached).formatted) but its lines add up to \(Money(pence: lines).formatted)"
        }
        return (Int(accounts), problems)
    }
}

extension IMSDatabase {
    /// Checks the whole ledger; see `LedgerVerifier`. With `head` (from `ledgerHead()`, kept outside the
    /// database), also that the chain still holds that seal.
    public func verifyLedger(head: LedgerHead? = nil) async throws -> LedgerVerification {
        try await LedgerVerifier.verify(backend, now: clock.now(), expectedHead: head)
    }

    /// Seals whatever is committed but not yet chained, then returns the newest seal (`nil` for an empty
    /// ledger): the head to keep outside the database and check later with `verifyLedger(head:)`.
    public func ledgerHead() async throws -> LedgerHead? {
        while try await sealPending(limit: 10_000) > 0 {}
        return try await backend.read { database in try await LedgerSealer.lastSeal(in: database) }.map(LedgerHead.init)
    }
}
