import IMSCore
import SQLKit

/// Import batches written by the loader: one read back inside its transaction, and a chunk's progress.
extension ImportBatchRows {
    static func load(id: Int64, in database: any SQLDatabase, lock: String = "") async throws -> ImportBatch? {
        let rows = try await database.raw("SELECT * FROM import_batches WHERE id = \(bind: id)\(unsafeRaw: lock)").all()
        return try await batches(from: rows, in: database).first
    }

    static func recordProgress(of batchID: Int64, chunk: ImportChunk, outcome: ImportChunkOutcome, in database: any SQLDatabase) async throws {
        var total: Int64 = 0
        for (fund, totals) in outcome.totalsByFund.sorted(by: { $0.key < $1.key }) {
            total += totals.net.pence
            try await database.raw(
                """
                INSERT INTO import_batch_funds (batch_id, fund_code, records, total_pence)
                VALUES (\(bind: batchID), \(bind: fund.rawValue), \(bind: totals.records), \(bind: totals.net.pence))
                ON CONFLICT (batch_id, fund_code) DO UPDATE SET records = import_batch_funds.records + excluded.records,
                    total_pence = import_batch_funds.total_pence + excluded.total_pence
                """
            ).run()
        }
        try await database.raw(
            """
            UPDATE import_batches SET loaded_records = \(bind: chunk.loadedThrough),
                rows_read = rows_read + \(bind: chunk.rowsRead), rows_imported = rows_imported + \(bind: outcome.imported),
                rows_rejected = rows_rejected + \(bind: chunk.rowsRejected + Int64(outcome.repeats.count)),
                rows_skipped = rows_skipped + \(bind: outcome.skipped), total_pence = total_pence + \(bind: total)
            WHERE id = \(bind: batchID)
            """
        ).run()
    }
}
