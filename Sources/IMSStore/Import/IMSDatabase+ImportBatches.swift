import IMSCore
import SQLKit

extension IMSDatabase: ImportBatchStore {
    /// The import batches, newest first, each with its totals by fund, for the staff screens.
    public func importBatches(limit: Int = 200) async throws -> [ImportBatch] {
        let limit = min(max(limit, 1), 1_000)
        return try await backend.read { database in
            let rows = try await database.select().column("*").from("import_batches").orderBy("id", .descending).limit(limit).all()
            return try await ImportBatchRows.batches(from: rows, in: database)
        }
    }

    /// One import batch with its totals by fund, or `nil` when there is none with that id.
    public func importBatch(id: Int64) async throws -> ImportBatch? {
        try await backend.read { database in
            let rows = try await database.select().column("*").from("import_batches").where("id", .equal, id).all()
            return try await ImportBatchRows.batches(from: rows, in: database).first
        }
    }
}

/// Reading import batches from their rows.
enum ImportBatchRows {
    /// The batches of `rows`, in the rows' order, with their fund totals read in one query.
    static func batches(from rows: [any SQLRow], in database: any SQLDatabase) async throws -> [ImportBatch] {
        var batches = try rows.map(batch(from:))
        guard !batches.isEmpty else { return [] }
        let fundRows = try await database.select().columns("batch_id", "fund_code", "total_pence").from("import_batch_funds")
            .where("batch_id", .in, batches.map(\.id)).all()
        var totals: [Int64: [FundCode: Money]] = [:]
        for row in fundRows {
            let code = try row.decode(column: "fund_code", as: String.self)
            guard let fund = try? FundCode(parsing: code) else { throw StoreError(.corruptRow, "Import batch fund code \(code) is not a fund code") }
            totals[try row.decode(column: "batch_id", as: Int64.self), default: [:]][fund] = Money(
                pence: try row.decode(column: "total_pence", as: Int64.self))
        }
        for index in batches.indices {
            batches[index].totalsByFund = totals[batches[index].id] ?? [:]
        }
        return batches
    }

    static func batch(from row: any SQLRow) throws -> ImportBatch {
        let id = try row.decode(column: "id", as: Int64.self)
        func count(_ column: String) throws -> Int64 { try row.decode(column: column, as: Int64.self) }
        func time(_ column: String) throws -> Timestamp? {
            try row.decode(column: column, as: Int64?.self).map(Timestamp.init(microsecondsSince1970:))
        }
        func principal(_ column: String) throws -> Principal? { try row.decode(column: column, as: String?.self).flatMap(Principal.init(key:)) }
        guard let state = ImportBatch.State(rawValue: try row.decode(column: "state", as: String.self)),
            let startedAt = try time("started_at"), let startedBy = try principal("started_by")
        else {
            throw StoreError(.corruptRow, "Import batch \(id) has an unknown state or starter")
        }
        return ImportBatch(
            id: id, fileName: try row.decode(column: "file_name", as: String.self), fileSize: try count("file_size"), state: state,
            startedAt: startedAt, startedBy: startedBy, finishedAt: try time("finished_at"),
            rowsRead: try count("rows_read"), rowsImported: try count("rows_imported"), rowsRejected: try count("rows_rejected"),
            rowsSkipped: try count("rows_skipped"), total: Money(pence: try count("total_pence")),
            reversedAt: try time("reversed_at"), reversedBy: try principal("reversed_by"))
    }
}
