import IMSCore
import SQLKit

extension IMSDatabase: TransactionStore {
    /// The largest page a caller may ask for; larger requests get this many.
    public static let maximumTransactionPageSize = 1_000

    /// A page newest first. One more record than asked for is read to know whether there is a next page, so
    /// `next` is `nil` exactly on the last page.
    public func transactions(matching filter: TransactionFilter, after cursor: TransactionCursor?, limit: Int) async throws -> TransactionPage {
        let limit = min(max(limit, 1), Self.maximumTransactionPageSize)
        guard let query = TransactionQuery(filter, dialect: dialect) else { return TransactionPage(records: [], next: nil) }
        let records = try await backend.read { database in
            try await query.records(before: cursor?.lastID, limit: limit + 1, in: database)
        }
        let page = Array(records.prefix(limit))
        return TransactionPage(records: page, next: records.count > limit ? page.last.map { TransactionCursor(lastID: $0.id) } : nil)
    }

    /// Pages through with the cursor, each page read on its own, so memory holds one page whatever the total.
    public func exportTransactions(
        matching filter: TransactionFilter, pageSize: Int, _ body: @Sendable ([TransactionRecord]) async throws -> Void
    ) async throws {
        var cursor: TransactionCursor?
        repeat {
            let page = try await transactions(matching: filter, after: cursor, limit: pageSize)
            if !page.records.isEmpty { try await body(page.records) }
            cursor = page.next
        } while cursor != nil
    }

    public func transaction(id: Int64) async throws -> TransactionRecord? {
        try await backend.read { database in try await Self.records(where: "r.id = \(bind: id)", in: database).first }
    }

    /// The record, the records linked to it and the entries behind it (see `TransactionDetails`).
    public func transactionDetail(id: Int64) async throws -> TransactionDetail? {
        try await backend.read { database in
            guard let record = try await Self.records(where: "r.id = \(bind: id)", in: database).first else { return nil }
            return switch record.source {
            case .ims: try await TransactionDetails.live(record, in: database)
            case .legacy: try await TransactionDetails.legacy(record, in: database)
            }
        }
    }

    /// Records matching a condition on `income_records r`, newest first.
    static func records(where condition: SQLQueryString, in database: any SQLDatabase) async throws -> [TransactionRecord] {
        try await database.raw("SELECT \(unsafeRaw: IncomeRecordRows.selectList) FROM income_records r WHERE \(condition) ORDER BY r.id DESC")
            .all().map(IncomeRecordRows.record(from:))
    }

    /// Writes records built outside the ledger (migrated history in tests and tools), with their full-text
    /// words, in one transaction; returns them with the ids they were stored under.
    @discardableResult
    package func insertTransactionRecords(_ records: [TransactionRecord]) async throws -> [TransactionRecord] {
        try await backend.write { database in try await IncomeRecordRows.insert(records, into: database) }
    }
}
