import IMSCore
import Logging
import NIOCore
import PostgresNIO
import SQLKit

/// The PostgreSQL bulk writer: receipt keys claimed in one statement over arrays, records sent with
/// `COPY` into a temporary table and moved into `income_records` in one statement (ids that collide
/// move to the next free id and try again). Inside the chunk's transaction. See decision 0007.
struct PostgresRecordWriter: BulkRecordWriter {
    let connection: PostgresConnection
    let database: any SQLDatabase
    private static let logger = Logger(label: "ims.store.bulk")

    func claim(_ records: [MigratedRecord], order: [Int], batchID: Int64) async throws -> [KeyClaim] {
        if try await claimByCopy(records, order: order, batchID: batchID) { return [KeyClaim](repeating: .claimed, count: records.count) }
        let keys = records.map(\.duplicateKey)
        let lines = records.map { $0.record.fileLine ?? 0 }
        let ids = records.map(\.record.id)
        let hashes = records.map(\.rowHash)
        // The first occurrence wins: of the chunk's rows sharing a key, only the one of the lowest line is
        // offered. In key order, like SQLite. The keys taken now come back; only the others are looked up.
        let taken = try await database.raw(
            """
            INSERT INTO legacy_receipts (duplicate_key, batch_id, line, record_id, row_hash)
            SELECT DISTINCT ON (k.key) k.key, \(bind: batchID), k.line, k.id, k.hash
            FROM UNNEST(\(bind: keys)::text[], \(bind: lines)::bigint[], \(bind: ids)::bigint[], \(bind: hashes)::bigint[])
                AS k (key, line, id, hash)
            ORDER BY k.key, k.line
            ON CONFLICT (duplicate_key) DO NOTHING
            RETURNING line
            """
        ).all()
        let takenLines = Set(try taken.map { try $0.decode(column: "line", as: Int64.self) })
        var claims = [KeyClaim](repeating: .claimed, count: records.count)
        let held = records.indices.filter { !takenLines.contains(lines[$0]) }
        guard !held.isEmpty else { return claims }
        // Looked up by key through the register's primary key. (Looking up every key of the chunk, or joining
        // them with the register, scanned the whole register for every chunk: the import slowed as it grew.)
        let heldKeys = Array(Set(held.map { keys[$0] }))
        let holders = try await database.raw(
            "SELECT duplicate_key, batch_id, line, row_hash FROM legacy_receipts WHERE duplicate_key = ANY(\(bind: heldKeys)::text[])"
        ).all()
        var indexesByKey: [String: [Int]] = [:]
        for index in held { indexesByKey[keys[index], default: []].append(index) }
        for row in holders {
            let batch = try row.decode(column: "batch_id", as: Int64.self)
            let line = try row.decode(column: "line", as: Int64.self)
            let hash = try row.decode(column: "row_hash", as: Int64.self)
            for index in indexesByKey[try row.decode(column: "duplicate_key", as: String.self)] ?? [] {
                guard batch != batchID || line != lines[index] else { continue }
                claims[index] = KeyClaim(
                    holderBatch: batch, holderLine: line, holderHash: hash, claimingBatch: batchID, rowHash: records[index].rowHash)
            }
        }
        return claims
    }

    /// The usual chunk (no key of it held yet, none twice) claims its keys with `COPY`, several times faster
    /// than an `INSERT … ON CONFLICT` over arrays; a key already held fails the whole `COPY`, which then runs
    /// under a savepoint rolled back, and the chunk goes the careful way. Says whether it was claimed.
    private func claimByCopy(_ records: [MigratedRecord], order: [Int], batchID: Int64) async throws -> Bool {
        guard !records.isEmpty else { return true }
        try await database.raw("SAVEPOINT direct_claim").run()
        do {
            try await connection.copyFrom(
                table: "legacy_receipts", columns: ["duplicate_key", "batch_id", "line", "record_id", "row_hash"], logger: Self.logger
            ) { writer in
                var row = CopyText.Row()
                for index in order {
                    let migrated = records[index]
                    row.text(migrated.duplicateKey)
                    row.integer(batchID)
                    row.integer(migrated.record.fileLine ?? 0)
                    row.integer(migrated.record.id)
                    row.integer(migrated.rowHash)
                    row.end()
                }
                try await writer.write(row.buffer)
            }
            try await database.raw("RELEASE SAVEPOINT direct_claim").run()
            return true
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await database.raw("ROLLBACK TO SAVEPOINT direct_claim").run()
            return false
        }
    }

    func insert(_ records: [MigratedRecord], entryID: Int64) async throws -> [Int64] {
        guard !records.isEmpty else { return [] }
        // Straight into the table: ids rarely collide, and when one does the whole COPY fails, so it runs
        // under a savepoint and the chunk then goes the careful way, through a temporary table.
        try await database.raw("SAVEPOINT direct_copy").run()
        do {
            try await copy(records, entryID: entryID, into: "income_records")
            try await database.raw("RELEASE SAVEPOINT direct_copy").run()
            return records.map(\.record.id)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await database.raw("ROLLBACK TO SAVEPOINT direct_copy").run()
        }
        try await database.raw("CREATE TEMPORARY TABLE import_records (LIKE income_records) ON COMMIT DROP").run()
        try await copy(records, entryID: entryID, into: "import_records")
        try await moveResolvingCollisions(batchID: records[0].record.importBatchID ?? 0, lines: records.map { $0.record.fileLine ?? 0 })
        // Where each record ended up: the register follows every move.
        let keys = records.map(\.duplicateKey)
        var moved: [String: Int64] = [:]
        for row in try await database.raw("SELECT duplicate_key, record_id FROM legacy_receipts WHERE duplicate_key = ANY(\(bind: keys)::text[])")
            .all()
        {
            moved[try row.decode(column: "duplicate_key", as: String.self)] = try row.decode(column: "record_id", as: Int64.self)
        }
        return records.map { moved[$0.duplicateKey] ?? $0.record.id }
    }

    private func copy(_ records: [MigratedRecord], entryID: Int64, into table: String) async throws {
        let columns = IncomeRecordColumns.names + ["search_words"]
        try await connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
            var row = CopyText.Row()
            for migrated in records {
                IncomeRecordColumns.write(migrated.record, id: migrated.record.id, entryID: entryID, to: &row)
                row.text(migrated.searchWords)
                row.end()
                if row.buffer.readableBytes > 1 << 20 {
                    try await writer.write(row.buffer)
                    row.buffer.clear()
                }
            }
            if row.buffer.readableBytes > 0 { try await writer.write(row.buffer) }
        }
    }

    /// Moves the temporary table's rows into `income_records`, giving any row whose id is taken the next id
    /// of the same second (and its receipt key with it: the keys of this chunk's lines only, as an earlier
    /// record may hold the very id that collided), until every row is in.
    private func moveResolvingCollisions(batchID: Int64, lines: [Int64]) async throws {
        while true {
            try await database.raw(
                """
                WITH moved AS (INSERT INTO income_records SELECT * FROM import_records ON CONFLICT (id) DO NOTHING RETURNING id)
                DELETE FROM import_records WHERE id IN (SELECT id FROM moved)
                """
            ).run()
            guard try await database.raw("SELECT 1 AS left_over FROM import_records LIMIT 1").first() != nil else { return }
            // Ids taken by other records: the next id of the same second, for the record and its receipt key.
            try await database.raw(
                """
                UPDATE legacy_receipts SET record_id = \(unsafeRaw: Self.nextID(of: "record_id"))
                WHERE batch_id = \(bind: batchID) AND line = ANY(\(bind: lines)::bigint[]) AND record_id IN (SELECT id FROM import_records)
                """
            ).run()
            try await database.raw(SQLQueryString("UPDATE import_records SET id = \(Self.nextID(of: "id"))")).run()
        }
    }
}

extension PostgresRecordWriter {
    /// `RecordID.next(after:)` in SQL, over a column.
    static func nextID(of column: String) -> String {
        "((\(column) >> \(RecordID.lowBits)) << \(RecordID.lowBits)) | ((\(column) + 1) & \(RecordID.lowMask))"
    }
}

/// PostgreSQL's `COPY` text format: tab-separated, `\N` for null, backslash escapes for the separators.
enum CopyText {
    /// Rows being written into `buffer`: each value after a tab but the first, `end()` after the last.
    struct Row: IncomeRecordColumnSink {
        var buffer = ByteBuffer()
        private var started = false

        mutating func integer(_ value: Int64?) {
            separate()
            if let value { buffer.writeString(String(value)) } else { buffer.writeStaticString("\\N") }
        }

        mutating func text(_ value: String?) {
            separate()
            if let value { CopyText.appendEscaped(value, to: &buffer) } else { buffer.writeStaticString("\\N") }
        }

        mutating func end() {
            buffer.writeInteger(UInt8(ascii: "\n"))
            started = false
        }

        private mutating func separate() {
            if started { buffer.writeInteger(UInt8(ascii: "\t")) }
            started = true
        }
    }

    fileprivate static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        // Nearly every value has nothing to escape: it goes in as one copy, not a byte at a time (which was
        // the PostgreSQL loader's largest cost on IMS's side).
        var text = text
        let plain = text.withUTF8 { utf8 in
            guard
                !utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
                )
            else { return false }
            buffer.writeBytes(utf8)
            return true
        }
        guard !plain else { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}
