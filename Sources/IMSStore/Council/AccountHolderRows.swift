import Foundation
import IMSCore
import SQLKit

/// The council's account holders as rows (`account_holders`); the address is stored as lines separated by newlines.
enum AccountHolderRows {
    static func holder(from row: any SQLRow) throws -> AccountHolder {
        AccountHolder(
            fundCode: try FundCode(parsing: try row.decode(column: "fund_code", as: String.self)),
            reference: AccountReference(normalising: try row.decode(column: "reference", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            address: CouncilRows.list(try row.decode(column: "address", as: String.self), separator: "\n"),
            postcode: try row.decode(column: "postcode", as: String?.self),
            balance: try row.decode(column: "balance_pence", as: Int64?.self).map(Money.init(pence:)),
            onStopReason: try row.decode(column: "on_stop_reason", as: String?.self))
    }

    static func holders(_ keys: Set<AccountKey>, in database: any SQLDatabase) async throws -> [AccountKey: AccountHolder] {
        var result: [AccountKey: AccountHolder] = [:]
        for key in keys {
            let row = try await database.raw(
                "SELECT * FROM account_holders WHERE fund_code = \(bind: key.fundCode.rawValue) AND reference = \(bind: key.reference.value)"
            ).first()
            if let row { result[key] = try holder(from: row) }
        }
        return result
    }
}

extension IMSDatabase: AccountHolderStore {
    public func accountHolders(_ keys: Set<AccountKey>) async throws -> [AccountKey: AccountHolder] {
        guard !keys.isEmpty else { return [:] }
        return try await backend.read { database in try await AccountHolderRows.holders(keys, in: database) }
    }

    public func searchAccountHolders(fund: FundCode?, text: String, limit: Int) async throws -> [AccountHolder] {
        let trimmed = text.trimmingWhitespace()
        // LIKE's wildcards in what was typed stand for themselves (escaped with !).
        func literal(_ text: String) -> String {
            text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
        }
        let reference = literal(AccountReference(normalising: trimmed).value)
        let like = "%" + literal(trimmed.lowercased()) + "%"
        return try await backend.read { database in
            var query = SQLQueryString("SELECT * FROM account_holders WHERE 1 = 1")
            if let fund { query = query + " AND fund_code = \(bind: fund.rawValue)" }
            if !trimmed.isEmpty {
                query =
                    query
                    + " AND (reference LIKE \(bind: reference + "%") ESCAPE '!' OR LOWER(name) LIKE \(bind: like) ESCAPE '!' OR LOWER(postcode) LIKE \(bind: like) ESCAPE '!')"
            }
            query = query + " ORDER BY fund_code, reference LIMIT \(bind: Int64(max(1, min(limit, 500))))"
            return try await database.raw(query).all().map(AccountHolderRows.holder(from:))
        }
    }
}
