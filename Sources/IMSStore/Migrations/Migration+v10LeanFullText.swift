import SQLKit

extension Migration {
    /// SQLite's full-text table in a leaner form, which a bulk load writes faster (decision 0018): no
    /// per-record sizes (`columnsize = 0`: IMS never ranks by length) and the `ascii` tokenizer (IMS indexes
    /// only folded words, `a`–`z`, `0`–`9` and spaces, which it splits exactly as `unicode61` did). The words
    /// of a contentless table cannot be read back, so a table that already indexes records keeps its first
    /// form: it holds the same words and finds the same records.
    static let v10LeanFullText = Migration(
        version: 10,
        name: "lean full-text table",
        statements: [],
        sqliteOnly: [],
        postgresOnly: [],
        step: { database, dialect in
            guard dialect == .sqlite,
                try await database.raw("SELECT EXISTS (SELECT 1 FROM income_records) AS held").first()?.decode(column: "held", as: Bool.self) == false
            else { return }
            for statement in ["DROP TABLE income_text", IncomeText.create] + IncomeText.settings {
                try await database.raw(SQLQueryString(statement)).run()
            }
        }
    )
}
