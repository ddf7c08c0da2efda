import IMSCore
import SQLKit

/// A `TransactionFilter` as one SQL statement over `income_records` (alias `r`), newest first.
///
/// Structured filters are plain conditions on the record table, where its indexes (each ending in the id)
/// serve them. Text is matched only by the full-text index, with a query built from folded words alone
/// (`FullTextQuery`): on SQLite the FTS5 table joined by row id, which is the record id, so newest first is a
/// reverse scan of the matches; on PostgreSQL the GIN index on the words, the planner choosing between it and
/// a reverse scan of the ids. No structured filter ever goes inside the full-text query.
struct TransactionQuery {
    let dialect: SQLDialectKind
    private let conditions: [SQLQueryString]
    /// Whether the account references are the only condition (besides the id range).
    private let accountsOnly: Bool
    private let lowestID: Int64?
    private let highestID: Int64?
    /// The full-text terms; empty when no text was asked for.
    private let text: [SearchWords.Term]

    /// `nil` when the filter can match nothing: text without a word, or funds all outside the caller's scope.
    init?(_ filter: TransactionFilter, dialect: SQLDialectKind) {
        if filter.hasEmptyText { return nil }
        let funds = filter.effectiveFunds
        if funds?.isEmpty == true { return nil }
        self.dialect = dialect
        (lowestID, highestID) = filter.idRange
        text = filter.text
        var conditions = Self.exactConditions(filter, funds: funds)
        let accounts = Self.accountCondition(filter, dialect: dialect)
        accountsOnly = accounts != nil && conditions.isEmpty && filter.minimumAmount == nil && filter.maximumAmount == nil && filter.text.isEmpty
        if let accounts { conditions.append(accounts) }
        if let minimum = filter.minimumAmount { conditions.append("r.amount_pence >= \(bind: minimum.pence)") }
        if let maximum = filter.maximumAmount { conditions.append("r.amount_pence <= \(bind: maximum.pence)") }
        self.conditions = conditions
    }

    /// At most `limit` records with ids below `before` (all when `nil`), newest first.
    func records(before: Int64?, limit: Int, in database: any SQLDatabase) async throws -> [TransactionRecord] {
        var textQuery: String?
        if !text.isEmpty {
            switch dialect {
            case .sqlite:
                guard let match = try await FullTextQuery.match(text, in: database) else { return [] }
                textQuery = match
            case .postgres:
                textQuery = FullTextQuery.tsquery(text)
            }
        }
        return try await database.raw(sql(text: textQuery, before: before, limit: limit)).all().map(IncomeRecordRows.record(from:))
    }

    /// The statement, given the full-text query in the dialect's syntax (`nil` without text).
    func sql(text textQuery: String?, before: Int64?, limit: Int) -> SQLQueryString {
        // On SQLite a text search orders and bounds by the full-text row id, so FTS5 itself scans backwards.
        let id = textQuery != nil && dialect == .sqlite ? "income_text.rowid" : "r.id"
        var clauses = conditions
        if let textQuery {
            clauses.insert(
                dialect == .sqlite
                    ? "income_text MATCH \(bind: textQuery)"
                    : "r.search_words @@ to_tsquery('simple', \(bind: textQuery))", at: 0)
        }
        if let lowestID { clauses.append("\(unsafeRaw: id) >= \(bind: lowestID)") }
        if let highestID { clauses.append("\(unsafeRaw: id) <= \(bind: highestID)") }
        if let before { clauses.append("\(unsafeRaw: id) < \(bind: before)") }
        let from: SQLQueryString =
            textQuery != nil && dialect == .sqlite
            ? "income_text JOIN income_records r ON r.id = income_text.rowid" : "income_records r"
        var sql: SQLQueryString = "SELECT \(unsafeRaw: IncomeRecordRows.selectList) FROM \(from)"
        let filter: SQLQueryString = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        if accountsOnly && dialect == .postgres {
            // The newest ids first, from the account index alone, then only their rows: PostgreSQL would
            // otherwise read every matching row from the table before keeping the newest (see
            // `ensureSearchIndexes`). SQLite's index already serves the ids in order.
            sql += " WHERE r.id IN (SELECT r.id FROM income_records r\(filter) ORDER BY r.id DESC LIMIT \(bind: Int64(limit)))"
        } else {
            sql += filter
        }
        sql += " ORDER BY \(unsafeRaw: id) DESC LIMIT \(bind: Int64(limit))"
        return sql
    }

    /// "Any of these" for each list filter given.
    private static func exactConditions(_ filter: TransactionFilter, funds: [String]?) -> [SQLQueryString] {
        let lists: [(String, [any Encodable & Sendable])] = [
            ("receipt_reference", filter.receiptReferences), ("psp_reference", filter.providerReferences), ("postcode", filter.postcodes),
            ("amount_pence", filter.amounts.map(\.pence)), ("fund_code", funds ?? []), ("method_of_payment", filter.methodsOfPayment),
            ("channel", filter.channels), ("office", filter.offices), ("user_name", filter.users), ("card_last4", filter.cardLast4),
            ("import_batch_id", filter.importBatches), ("kind", filter.kinds), ("source", filter.sources),
        ]
        return lists.compactMap { column, values in
            switch values.count {
            case 0: nil
            case 1: "r.\(unsafeRaw: column) = \(bind: values[0])"
            default: "r.\(unsafeRaw: column) IN (\(binds: values))"
            }
        }
    }

    /// Exact references or prefixes, any of them. A prefix is a range of the account index on SQLite (its
    /// text compares by bytes); on PostgreSQL, whose collation may not, `LIKE` with the pattern characters escaped.
    private static func accountCondition(_ filter: TransactionFilter, dialect: SQLDialectKind) -> SQLQueryString? {
        var alternatives: [SQLQueryString] = []
        if !filter.accountReferences.isEmpty {
            alternatives.append("r.account_reference IN (\(binds: filter.accountReferences))")
        }
        for prefix in filter.accountReferencePrefixes {
            switch dialect {
            case .sqlite:
                alternatives.append("(r.account_reference >= \(bind: prefix) AND r.account_reference < \(bind: prefix + "\u{10FFFF}"))")
            case .postgres:
                alternatives.append("r.account_reference LIKE \(bind: likePattern(prefix)) ESCAPE '!'")
            }
        }
        guard !alternatives.isEmpty else { return nil }
        return "(" + alternatives.joined(separator: " OR ") + ")"
    }

    /// `prefix%` with `%`, `_` and the escape character itself escaped by `!`.
    static func likePattern(_ prefix: String) -> String {
        var pattern = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "!" { pattern.append("!") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
