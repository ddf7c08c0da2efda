import SQLKit

/// SQLite's full-text table, `income_text`: a contentless FTS5 table whose row id is the record's id, holding
/// the record's folded words (`SearchWords`). PostgreSQL keeps them in `income_records.search_words`.
enum IncomeText {
    /// Its form since migration 10 (decision 0018).
    static let create = """
        CREATE VIRTUAL TABLE income_text USING fts5(
            words, content = '', detail = none, columnsize = 0, prefix = '2 3', tokenize = 'ascii')
        """

    static let settings = [
        // Collect up to 64 MiB of new index data before writing a segment (the default is 1 MiB), so a
        // bulk load writes one segment per chunk instead of dozens that must then be merged.
        "INSERT INTO income_text (income_text, rank) VALUES ('hashsize', 67108864)",
        // Merge segments 16 at a time rather than 4: a sixth less loading time over 1 million rows, and
        // searches over 6.5 million records stay well inside their target (decision 0007).
        usualMerging,
    ]

    static let usualMerging = "INSERT INTO income_text (income_text, rank) VALUES ('automerge', 16)"

    /// For a bulk load: each chunk's words stay a segment of their own, unmerged (FTS5's most), until
    /// `resumeMerging`. Merging as it went took a quarter of a 6.5-million-row load; one merge of everything
    /// at the end takes a third of that (decision 0018).
    static let pauseMerging = [
        "INSERT INTO income_text (income_text, rank) VALUES ('automerge', 0)",
        "INSERT INTO income_text (income_text, rank) VALUES ('crisismerge', 1999)",
    ]

    /// After a bulk load (or one interrupted): every segment merged into one, and merging as usual again.
    static func resumeMerging(in database: any SQLDatabase) async throws {
        let automerge = try await database.raw("SELECT v FROM income_text_config WHERE k = 'automerge'").first()?.decode(column: "v", as: Int64.self)
        guard automerge == 0 else { return }
        for statement in [
            "INSERT INTO income_text (income_text) VALUES ('optimize')",
            "INSERT INTO income_text (income_text, rank) VALUES ('crisismerge', 16)", usualMerging,
        ] {
            try await database.raw(SQLQueryString(statement)).run()
        }
    }
}
