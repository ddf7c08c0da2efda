import IMSCore
import SQLKit

/// Loads of account holders inside one transaction of the store. A load writes its accounts in chunks of
/// multi-row statements (a council tax file has a hundred thousand accounts); each account it replaces is
/// first copied to `account_import_previous`, so that reversing the load puts it back.
struct SQLAccountImportTransaction: AccountImportTransaction {
    let database: any SQLDatabase
    let now: Timestamp

    /// Rows per statement: 9 values each, well under both databases' limits on bound values.
    static let chunkSize = 500

    func standingImport(digest: String) async throws -> AccountImport? {
        try await database.raw("SELECT * FROM account_imports WHERE digest = \(bind: digest) AND reversed_at IS NULL ORDER BY id DESC")
            .first().map(Self.accountImport(from:))
    }

    func latestStandingImport() async throws -> AccountImport? {
        try await database.raw("SELECT * FROM account_imports WHERE reversed_at IS NULL ORDER BY id DESC").first().map(Self.accountImport(from:))
    }

    func recordImport(fileName: String, digest: String, importedBy: String, loaded: Int64, rejected: Int64) async throws -> AccountImport {
        let row = try await database.raw(
            """
            INSERT INTO account_imports (file_name, digest, imported_at, imported_by, loaded, rejected)
            VALUES (\(bind: fileName), \(bind: digest), \(bind: now.microsecondsSince1970), \(bind: importedBy), \(bind: loaded), \(bind: rejected))
            RETURNING *
            """
        ).first()
        guard let row else { throw IMSError(.internal, .internalError, "the account import was not recorded") }
        return try Self.accountImport(from: row)
    }

    func replaceAccountHolders(_ holders: [AccountHolder], importID: Int64) async throws {
        var start = 0
        while start < holders.count {
            let chunk = holders[start..<min(start + Self.chunkSize, holders.count)]
            try await keepPrevious(of: chunk, importID: importID)
            try await upsert(chunk, importID: importID)
            start += Self.chunkSize
        }
    }

    private func keepPrevious(of chunk: ArraySlice<AccountHolder>, importID: Int64) async throws {
        let keys = SQLList(chunk.map { SQLQueryString("(\(bind: $0.fundCode.rawValue), \(bind: $0.reference.value))") })
        try await database.raw(
            """
            INSERT INTO account_import_previous (import_id, fund_code, reference, name, address, postcode, balance_pence, on_stop_reason,
                previous_import_id, updated_at)
            SELECT \(bind: importID), fund_code, reference, name, address, postcode, balance_pence, on_stop_reason, import_id, updated_at
            FROM account_holders WHERE (fund_code, reference) IN (VALUES \(keys))
            """
        ).run()
    }

    private func upsert(_ chunk: ArraySlice<AccountHolder>, importID: Int64) async throws {
        let rows = SQLList(
            chunk.map { holder in
                SQLQueryString(
                    """
                    (\(bind: holder.fundCode.rawValue), \(bind: holder.reference.value), \(bind: holder.name), \(bind: holder.address.joined(separator: "\n")),
                    \(bind: holder.postcode), \(bind: holder.balance?.pence), \(bind: holder.onStopReason), \(bind: importID), \(bind: now.microsecondsSince1970))
                    """)
            })
        try await database.raw(
            """
            INSERT INTO account_holders (fund_code, reference, name, address, postcode, balance_pence, on_stop_reason, import_id, updated_at)
            VALUES \(rows)
            ON CONFLICT (fund_code, reference) DO UPDATE SET name = excluded.name, address = excluded.address, postcode = excluded.postcode,
                balance_pence = excluded.balance_pence, on_stop_reason = excluded.on_stop_reason, import_id = excluded.import_id,
                updated_at = excluded.updated_at
            """
        ).run()
    }

    func reverseImport(id: Int64) async throws -> Int64 {
        let touched =
            try await database.raw("SELECT COUNT(*) AS n FROM account_holders WHERE import_id = \(bind: id)").first()?
            .decode(column: "n", as: Int64.self) ?? 0
        try await database.raw("DELETE FROM account_holders WHERE import_id = \(bind: id)").run()
        try await database.raw(
            """
            INSERT INTO account_holders (fund_code, reference, name, address, postcode, balance_pence, on_stop_reason, import_id, updated_at)
            SELECT fund_code, reference, name, address, postcode, balance_pence, on_stop_reason, previous_import_id, updated_at
            FROM account_import_previous WHERE import_id = \(bind: id)
            """
        ).run()
        try await database.raw("UPDATE account_imports SET reversed_at = \(bind: now.microsecondsSince1970) WHERE id = \(bind: id)").run()
        return touched
    }

    static func accountImport(from row: any SQLRow) throws -> AccountImport {
        AccountImport(
            id: try row.decode(column: "id", as: Int64.self), fileName: try row.decode(column: "file_name", as: String.self),
            digest: try row.decode(column: "digest", as: String.self),
            importedAt: Timestamp(microsecondsSince1970: try row.decode(column: "imported_at", as: Int64.self)),
            importedBy: try row.decode(column: "imported_by", as: String.self), loaded: try row.decode(column: "loaded", as: Int64.self),
            rejected: try row.decode(column: "rejected", as: Int64.self),
            reversedAt: try row.decode(column: "reversed_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)))
    }
}

extension IMSDatabase: AccountImportHistory {
    public func accountImports(limit: Int) async throws -> [AccountImport] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM account_imports ORDER BY id DESC LIMIT \(bind: Int64(max(1, min(limit, 1_000))))").all()
                .map(SQLAccountImportTransaction.accountImport(from:))
        }
    }
}
