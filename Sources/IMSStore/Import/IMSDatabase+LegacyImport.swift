import IMSCore
import SQLKit

/// Writing legacy imports: a batch per file, chunks that are each one transaction (records, receipt
/// register, full-text rows, the chunk's migration entry and the batch's progress together), and reversal.
/// See decision 0007.
extension IMSDatabase {
    /// Starts a batch for `source`, or resumes the unfinished batch of the same file. A batch that an
    /// earlier version of IMS left unfinished part-way (it loaded files in their own order, by line) cannot be
    /// continued: it is to be reversed and the file imported again.
    public func beginImport(_ source: ImportSource, by principal: Principal) async throws -> ImportStart {
        let now = clock.now()
        return try await backend.write { database in
            if let row = try await database.raw(
                """
                SELECT id, loaded_records, rows_read FROM import_batches
                WHERE file_fingerprint = \(bind: source.fingerprint) AND state = 'importing' ORDER BY id DESC LIMIT 1
                """
            ).first() {
                let id = try row.decode(column: "id", as: Int64.self)
                guard let batch = try await ImportBatchRows.load(id: id, in: database) else {
                    throw StoreError(.corruptRow, "Import batch \(id) vanished")
                }
                let loaded = try row.decode(column: "loaded_records", as: Int64?.self)
                guard loaded != nil || batch.rowsRead == 0 else {
                    throw IMSError(
                        .conflict, .importBatchNotResumable,
                        "Import batch \(id) of \(source.fileName) was left unfinished by an earlier version of IMS and cannot be continued: reverse it (ims import reverse \(id)) and import the file again"
                    )
                }
                return ImportStart(batch: batch, loaded: loaded)
            }
            let row = try await database.raw(
                """
                INSERT INTO import_batches (file_name, file_size, file_fingerprint, mapping, state, started_at, started_by,
                    resume_offset, resume_line, rows_read, rows_imported, rows_rejected, rows_skipped, total_pence)
                VALUES (\(bind: source.fileName), \(bind: source.fileSize), \(bind: source.fingerprint), \(bind: source.mapping),
                    'importing', \(bind: now.microsecondsSince1970), \(bind: principal.key), 0, 1, 0, 0, 0, 0, 0)
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self),
                let batch = try await ImportBatchRows.load(id: id, in: database)
            else {
                throw StoreError(.corruptRow, "INSERT INTO import_batches returned no id")
            }
            return ImportStart(batch: batch, loaded: nil)
        }
    }

    /// Writes one chunk in one transaction. Records are written in id order (the full-text index takes
    /// rows fastest in row-id order): the importer's chunks come so; others are sorted here.
    public func importChunk(_ chunk: ImportChunk, batchID: Int64, by principal: Principal) async throws -> ImportChunkOutcome {
        var chunk = chunk
        if zip(chunk.records, chunk.records.dropFirst()).contains(where: { $0.record.id > $1.record.id }) {
            chunk = ImportChunk(
                records: chunk.records.sorted { $0.record.id < $1.record.id }, rowsRead: chunk.rowsRead, rowsRejected: chunk.rowsRejected,
                lines: chunk.lines, loadedThrough: chunk.loadedThrough)
        }
        let recordedAt = clock.now()
        let dialect = backend.dialect
        let write: @Sendable (any SQLDatabase, any BulkRecordWriter) async throws -> ImportChunkOutcome = { [chunk] database, writer in
            var outcome = ImportChunkOutcome()
            outcome.began = .now
            if dialect == .sqlite {
                outcome.dataVersion = try await database.raw("PRAGMA data_version").first()?.decode(column: "data_version", as: Int64.self)
            }
            let claims = try await writer.claim(chunk.records, order: chunk.claimOrder, batchID: batchID)
            // Nearly always every record is claimed: the chunk's own array is used then, not a copy of it.
            let allClaimed = claims.allSatisfy { $0 == .claimed }
            var accepted: [MigratedRecord] = allClaimed ? chunk.records : []
            if !allClaimed { accepted.reserveCapacity(chunk.records.count) }
            for (index, claim) in claims.enumerated() {
                switch claim {
                case .claimed:
                    let record = chunk.records[index].record
                    if !allClaimed { accepted.append(chunk.records[index]) }
                    outcome.totalsByFund[record.fund, default: .init()].add(record.amount)
                case .heldBy(let batch, let line):
                    outcome.repeats.append(.init(line: chunk.records[index].record.fileLine ?? 0, firstBatch: batch, firstLine: line))
                case .importedBefore: outcome.skipped += 1
                }
            }
            outcome.imported = Int64(accepted.count)
            // The records go in first, under an entry id reserved for the chunk's entry, so that the entry can
            // hold (and its seal cover) the digest of exactly the records as stored.
            let content = MigrationPosting.entry(
                totals: outcome.totalsByFund, batchID: batchID, lines: chunk.lines,
                at: recordedAt, by: principal)
            try content?.validate()
            let entryID = content == nil ? 0 : try await EntryRows.reserveID(in: database)
            // The digest is worked out on the other core while the records go in, for the ids they are given;
            // in the rare chunk where one collides and moves, again for the ids they got.
            let givenIDs = accepted.map(\.record.id)
            async let digestOfGivenIDs = content == nil ? "" : Self.recordsDigest(accepted, storedIDs: givenIDs, entryID: entryID)
            let storedIDs = try await writer.insert(accepted, entryID: entryID)
            let digest = await digestOfGivenIDs
            if var content {
                content.recordsDigest = storedIDs == givenIDs ? digest : Self.recordsDigest(accepted, storedIDs: storedIDs, entryID: entryID)
                _ = try await self.ledgerWriter(database).post(content, reservedID: entryID, recordedAt: recordedAt)
                try await database.raw(
                    """
                    INSERT INTO import_batch_entries (batch_id, entry_id, records) VALUES (\(bind: batchID), \(bind: entryID), \(bind: outcome.imported))
                    """
                ).run()
            }
            try await ImportBatchRows.recordProgress(of: batchID, chunk: chunk, outcome: outcome, in: database)
            return outcome
        }
        return try await backend.writeInBulk(write)
    }

    /// The `MigratedRecordsDigest` of a chunk's records as stored: their final ids, their entry, in id order
    /// (the order they were written in, unless a collision moved an id past the next record's).
    static func recordsDigest(_ records: [MigratedRecord], storedIDs: [Int64], entryID: Int64) -> String {
        var order = Array(records.indices)
        if zip(storedIDs, storedIDs.dropFirst()).contains(where: { $0 >= $1 }) { order.sort { storedIDs[$0] < storedIDs[$1] } }
        var digest = MigratedRecordsDigest()
        for index in order {
            digest.add(records[index].record, id: storedIDs[index], entryID: entryID)
        }
        return digest.finalize()
    }

    /// Makes sure every search index is in place (the loader may have dropped them for a large load), once,
    /// then marks the batches complete.
    public func finishImport(batchIDs: [Int64]) async throws -> [ImportBatch] {
        try await ensureSearchIndexes()
        let now = clock.now()
        return try await backend.write { database in
            var batches: [ImportBatch] = []
            for batchID in batchIDs {
                try await database.raw(
                    """
                    UPDATE import_batches SET state = 'complete', finished_at = \(bind: now.microsecondsSince1970)
                    WHERE id = \(bind: batchID) AND state = 'importing'
                    """
                ).run()
                guard let batch = try await ImportBatchRows.load(id: batchID, in: database) else {
                    throw IMSError(.notFound, .importBatchNotFound, "There is no import batch \(batchID)")
                }
                batches.append(batch)
            }
            return batches
        }
    }

    /// Cancels a whole batch: a reversing entry for each of its migration entries, its records marked
    /// reversed (still searchable, as history of what happened), and its receipt references freed so that a
    /// corrected file can be imported again. One transaction.
    public func reverseImport(batchID: Int64, by principal: Principal, reason: String) async throws -> ImportBatch {
        let now = clock.now()
        return try await backend.write { database in
            guard let batch = try await ImportBatchRows.load(id: batchID, in: database, lock: self.backend.rowLock) else {
                throw IMSError(.notFound, .importBatchNotFound, "There is no import batch \(batchID)")
            }
            do throws(IMSError) {
                _ = try batch.state.transition(on: .reverse)
            } catch {
                throw IMSError(error.kind, error.code, "Import batch \(batchID): \(error.reason)")
            }
            let entryIDs = try await database.raw("SELECT entry_id FROM import_batch_entries WHERE batch_id = \(bind: batchID) ORDER BY entry_id")
                .all().map { try $0.decode(column: "entry_id", as: Int64.self) }
            for entry in try await EntryRows.load(ids: entryIDs, from: database) {
                let content = MigrationPosting.reversal(of: entry, at: now, by: principal, reason: reason)
                _ = try await self.ledgerWriter(database).post(content, reservedID: nil, recordedAt: now)
            }
            try await database.raw("UPDATE income_records SET is_reversed = 1 WHERE import_batch_id = \(bind: batchID)").run()
            try await database.raw("DELETE FROM legacy_receipts WHERE batch_id = \(bind: batchID)").run()
            try await database.raw(
                """
                UPDATE import_batches SET state = 'reversed', reversed_at = \(bind: now.microsecondsSince1970), reversed_by = \(bind: principal.key)
                WHERE id = \(bind: batchID)
                """
            ).run()
            guard let reversed = try await ImportBatchRows.load(id: batchID, in: database) else {
                throw StoreError(.corruptRow, "Import batch \(batchID) vanished")
            }
            return reversed
        }
    }

    /// How many searchable records there are (an estimate is enough to choose a loading strategy).
    public func incomeRecordCount() async throws -> Int64 {
        try await backend.read { database in
            try await database.raw("SELECT COUNT(*) AS n FROM income_records").first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }

    /// Whether IMS took or moved money in the last `seconds` (a payment changed state, or a ledger entry that
    /// is not a legacy import's was written), so that an import can tell it shares the database with a running
    /// service.
    public func hasLiveActivity(withinLast seconds: Int64) async throws -> Bool {
        let since = clock.now().microsecondsSince1970 - seconds * 1_000_000
        return try await backend.read { database in
            let payment = try await database.raw("SELECT MAX(updated_at) AS at FROM payments").first()?.decode(column: "at", as: Int64?.self)
            // Entries are numbered in the order they are written: the newest that is neither an import nor a
            // reversal (as of an import).
            let entry = try await database.raw(
                "SELECT recorded_at AS at FROM entries WHERE kind NOT IN ('migration', 'reversal') ORDER BY id DESC LIMIT 1"
            ).first()?.decode(column: "at", as: Int64?.self)
            return [payment, entry].contains { ($0 ?? .min) >= since }
        }
    }

    /// Drops the secondary indexes of the search table before a load much larger than the table (building
    /// them afterwards is several times cheaper than keeping them up to date row by row), and on SQLite
    /// pauses the merging of the full-text index. `finishImport` (and `ensureSearchIndexes`) build them
    /// again and merge.
    public func dropSearchIndexesForBulkLoad() async throws {
        let names =
            IncomeRecordIndexes.all.filter { !$0.keptThroughBulkLoad }.map(\.name)
            + (backend.dialect == .postgres ? [IncomeRecordIndexes.postgresWordsName] : [])
        try await backend.write { database in
            for name in names {
                try await database.raw(SQLQueryString("DROP INDEX IF EXISTS \(name)")).run()
            }
            if self.backend.dialect == .sqlite {
                for statement in IncomeText.pauseMerging { try await database.raw(SQLQueryString(statement)).run() }
            }
        }
    }

    private static func pragmas(_ settings: [String], in database: any SQLDatabase) async throws {
        for setting in settings { try await database.raw(SQLQueryString("PRAGMA " + setting)).run() }
    }

    /// Builds any missing search index (after a bulk load, or an interrupted one).
    public func ensureSearchIndexes() async throws {
        let dialect = backend.dialect
        try await backend.write { database in
            // SQLite sorts an index's keys fastest in runs of a few megabytes, sorted by two threads and merged
            // through temporary files (measured over 6.5 million rows: 3.2 s an index, against 8 s in one big
            // in-memory sort and 6.6 s with the runs kept in memory).
            if dialect == .sqlite { try await Self.pragmas(["threads = 2", "cache_size = -16384", "temp_store = FILE"], in: database) }
            // PostgreSQL sorts an index in memory up to maintenance_work_mem (64 MB by default), for this
            // transaction only.
            if dialect == .postgres { try await database.raw("SET LOCAL maintenance_work_mem = '512MB'").run() }
            for index in IncomeRecordIndexes.all {
                try await database.raw(SQLQueryString(index.sql(for: dialect, ifNotExists: true))).run()
            }
            if dialect == .sqlite { try await IncomeText.resumeMerging(in: database) }
            if dialect == .postgres {
                try await database.raw(SQLQueryString(IncomeRecordIndexes.postgresWords(ifNotExists: true))).run()
            }
        }
        if dialect == .postgres {
            // VACUUM (outside a transaction) also marks the loaded pages all-visible, so that a search can take
            // ids from an index alone: an account prefix matching thousands of records read every one of
            // them from the table before its top 50 until then (EXPLAIN at 1 million rows: 952 heap fetches,
            // 6.7 ms, against none and 1.0 ms after).
            try await backend.read { database in try await database.raw("VACUUM (ANALYZE) income_records").run() }
            return
        }
        try await backend.write { database in
            // The planner's statistics from a sample of each index (as SQLite advises for `optimize`), read
            // through the small cache: with the writer's usual cache, reading every page of a freshly loaded
            // table took the import's memory to 397 MiB at the very end.
            try await Self.pragmas(["analysis_limit = 1000", "optimize"], in: database)
            try await Self.pragmas(
                [
                    "threads = 0", "cache_size = \(SQLiteBackend.cachePages)", "temp_store = \(SQLiteBackend.temporaryStore)",
                    "wal_autocheckpoint = \(SQLiteBackend.autoCheckpointPages)",
                ], in: database)
        }
    }

    /// Checkpoints the journal beside the writer; the importer calls it after each chunk, while the next is
    /// written (see `SQLiteBackend.writeInBulk`).
    public func checkpointAside() async throws {
        try await backend.checkpointAside()
    }
}

/// How a chunk's records reach the search tables; one implementation per engine (decision 0007).
protocol BulkRecordWriter: Sendable {
    /// Claims each record's duplicate key for the batch, visiting them in `order` (indexes of `records`); says
    /// for each whether it was claimed, is the same row imported by an earlier batch, or is held by another
    /// record (batch and line).
    func claim(_ records: [MigratedRecord], order: [Int], batchID: Int64) async throws -> [KeyClaim]
    /// Inserts the claimed records (sorted by id) with their full-text words, moving an id that collides to
    /// the next free one (and the receipt register's record id with it). Returns the ids the records were
    /// stored under, in the order given.
    func insert(_ records: [MigratedRecord], entryID: Int64) async throws -> [Int64]
}

enum KeyClaim: Hashable, Sendable {
    case claimed
    case heldBy(batch: Int64, line: Int64)
    case importedBefore
}

extension KeyClaim {
    /// What a key already held means: the same row imported by an earlier batch, or another record.
    init(holderBatch: Int64, holderLine: Int64, holderHash: Int64, claimingBatch: Int64, rowHash: Int64) {
        self = holderBatch != claimingBatch && holderHash == rowHash ? .importedBefore : .heldBy(batch: holderBatch, line: holderLine)
    }
}
