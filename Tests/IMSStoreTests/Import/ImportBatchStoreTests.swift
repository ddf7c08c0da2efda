import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Import batches as the staff screens read them")
struct ImportBatchStoreTests {
    /// A batch row as the loader leaves it; `state` and the reversal columns vary per test.
    static func batchRow(id: Int64, file: String, state: String, total: Int64, reversed: Bool = false) -> String {
        let started = TestStores.start.microsecondsSince1970 + id * 1_000_000
        let reversal = reversed ? "\(started + 500_000), 'user:finance.fiona'" : "NULL, NULL"
        return """
            INSERT INTO import_batches (id, file_name, file_size, file_fingerprint, mapping, state, started_at, started_by, finished_at,
                resume_offset, resume_line, rows_read, rows_imported, rows_rejected, rows_skipped, total_pence, reversed_at, reversed_by)
            VALUES (\(id), '\(file)', 2048, 'sha256:\(id)', '{}', '\(state)', \(started), 'user:income.officer', \(started + 90_000_000),
                2048, 11, 10, 7, 2, 1, \(total), \(reversal))
            """
    }

    static func fundRow(batch: Int64, fund: String, records: Int64, total: Int64) -> String {
        "INSERT INTO import_batch_funds (batch_id, fund_code, records, total_pence) VALUES (\(batch), '\(fund)', \(records), \(total))"
    }

    @Test("Batches come newest first, with their counts, totals by fund and reversal", arguments: TestStores.all)
    func listNewestFirst(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            #expect(try await database.importBatches().isEmpty)
            try await database.executeBehindTheLedgersBack([
                Self.batchRow(id: 1, file: "cash-2019.csv", state: "reversed", total: 12_000, reversed: true),
                Self.fundRow(batch: 1, fund: "CTAX", records: 5, total: 10_000),
                Self.fundRow(batch: 1, fund: "PARK", records: 2, total: 2_000),
                Self.batchRow(id: 2, file: "cash-2020.csv", state: "complete", total: -450),
                Self.fundRow(batch: 2, fund: "BINS", records: 7, total: -450),
                Self.batchRow(id: 3, file: "cash-2021.csv", state: "importing", total: 0),
            ])
            let batches = try await database.importBatches()
            #expect(batches.map(\.id) == [3, 2, 1])
            #expect(batches[2].fileName == "cash-2019.csv")
            #expect(batches[2].state == .reversed)
            #expect(batches[2].totalsByFund == ["CTAX": Money(pence: 10_000), "PARK": Money(pence: 2_000)])
            #expect(batches[2].reversedBy == .user("finance.fiona"))
            #expect(batches[1].totalsByFund == ["BINS": Money(pence: -450)])
            #expect(batches[1].total == Money(pence: -450))
            #expect(batches[1].reversedAt == nil)
            #expect(batches[0].totalsByFund.isEmpty)
            #expect(batches[0].startedBy == .user("income.officer"))
            #expect([batches[0].rowsRead, batches[0].rowsImported, batches[0].rowsRejected, batches[0].rowsSkipped] == [10, 7, 2, 1])
            #expect(try await database.importBatches(limit: 2).map(\.id) == [3, 2])
        }
    }

    @Test("One batch by its id, or nil for an id that is not a batch", arguments: TestStores.all)
    func oneBatch(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            try await database.executeBehindTheLedgersBack([
                Self.batchRow(id: 4, file: "parking.csv", state: "complete", total: 3_500),
                Self.fundRow(batch: 4, fund: "PARK", records: 3, total: 3_500),
            ])
            let batch = try #require(try await database.importBatch(id: 4))
            #expect(batch.fileName == "parking.csv")
            #expect(batch.fileSize == 2048)
            #expect(batch.state == .complete)
            #expect(batch.startedAt == Timestamp(microsecondsSince1970: TestStores.start.microsecondsSince1970 + 4_000_000))
            #expect(batch.finishedAt == Timestamp(microsecondsSince1970: TestStores.start.microsecondsSince1970 + 94_000_000))
            #expect(batch.totalsByFund == ["PARK": Money(pence: 3_500)])
            #expect(try await database.importBatch(id: 5) == nil)
        }
    }
}
