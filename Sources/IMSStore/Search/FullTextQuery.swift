import IMSCore
import SQLKit

/// The full-text part of a search, built only from folded words (`SearchWords`: `a`–`z` and `0`–`9`), so
/// quoting each word is all the escaping either syntax needs and no input is ever query syntax.
///
/// Every term is required. A term's last word may be the start of a word, except a single letter or digit,
/// which is matched as a whole word (as a prefix it would match most of the table).
///
/// On SQLite a word start of two or three letters is read from FTS5's prefix indexes (`prefix = '2 3'`),
/// which come out newest first without reading further than the page. A longer start would make FTS5 merge
/// the whole match list of every word that starts with it before the first row (a common surname: hundreds
/// of thousands), so it is written instead as the words of the index that start with it, `("smith" OR
/// "smithson")`, which FTS5 reads lazily newest first. The words come from the index's vocabulary
/// (`fts5vocab`) by range; a start shared by very many words keeps the prefix form.
enum FullTextQuery {
    /// The most words a start is expanded to before the prefix form is kept.
    static let maximumExpansion = 64

    /// PostgreSQL `to_tsquery('simple', …)` text: `'o' & 'brien':*`.
    static func tsquery(_ terms: [SearchWords.Term]) -> String {
        terms.map { "'\($0.word)'" + (isPrefix($0) ? ":*" : "") }.joined(separator: " & ")
    }

    /// SQLite `MATCH` text, or `nil` when a term matches no word of the index (so nothing can match).
    static func match(_ terms: [SearchWords.Term], in database: any SQLDatabase) async throws -> String? {
        var parts: [String] = []
        for term in terms {
            guard isPrefix(term) else {
                parts.append(quoted(term.word))
                continue
            }
            guard term.word.count > 3 else {
                parts.append(quoted(term.word) + "*")
                continue
            }
            let words = try await indexWords(startingWith: term.word, in: database)
            if words.isEmpty { return nil }
            parts.append(words.count > maximumExpansion ? quoted(term.word) + "*" : "(" + words.map(quoted).joined(separator: " OR ") + ")")
        }
        return parts.joined(separator: " AND ")
    }

    private static func isPrefix(_ term: SearchWords.Term) -> Bool { term.isPrefix && term.word.count > 1 }

    private static func quoted(_ word: String) -> String { "\"\(word)\"" }

    /// Up to `maximumExpansion + 1` words of the index starting with `start` (`{` sorts after every
    /// letter and digit, so it bounds the range). The vocabulary table lives in the connection's temporary
    /// schema: it stores nothing, it only reads the full-text index.
    private static func indexWords(startingWith start: String, in database: any SQLDatabase) async throws -> [String] {
        try await database.raw("CREATE VIRTUAL TABLE IF NOT EXISTS temp.income_text_words USING fts5vocab(main, income_text, row)").run()
        return try await database.raw(
            """
            SELECT term FROM temp.income_text_words WHERE term >= \(bind: start) AND term < \(bind: start + "{")
            ORDER BY term LIMIT \(bind: Int64(maximumExpansion + 1))
            """
        ).all().map { try $0.decode(column: "term", as: String.self) }
    }
}
