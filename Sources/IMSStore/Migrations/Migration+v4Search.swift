extension Migration {
    /// Searchable income records (live and migrated), import batches and the legacy receipt register.
    /// See docs/decisions/0007-legacy-migration-and-search.md.
    static let v4Search = Migration(
        version: 4,
        name: "search and legacy migration",
        statements: [
            """
            CREATE TABLE import_batches (
                id {{id}}, file_name TEXT NOT NULL, file_size {{int}} NOT NULL, file_fingerprint TEXT NOT NULL,
                mapping TEXT NOT NULL, state TEXT NOT NULL, started_at {{int}} NOT NULL, started_by TEXT NOT NULL,
                finished_at {{int}}, resume_offset {{int}} NOT NULL, resume_line {{int}} NOT NULL,
                rows_read {{int}} NOT NULL, rows_imported {{int}} NOT NULL, rows_rejected {{int}} NOT NULL,
                rows_skipped {{int}} NOT NULL, total_pence {{int}} NOT NULL, reversed_at {{int}}, reversed_by TEXT)
            """,
            "CREATE INDEX import_batches_file ON import_batches (file_fingerprint, state)",
            """
            CREATE TABLE import_batch_funds (
                batch_id {{int}} NOT NULL REFERENCES import_batches (id), fund_code TEXT NOT NULL,
                records {{int}} NOT NULL, total_pence {{int}} NOT NULL, PRIMARY KEY (batch_id, fund_code))
            """,
            """
            CREATE TABLE import_batch_entries (
                batch_id {{int}} NOT NULL REFERENCES import_batches (id), entry_id {{int}} NOT NULL REFERENCES entries (id),
                records {{int}} NOT NULL, PRIMARY KEY (batch_id, entry_id))
            """,
            """
            CREATE TABLE income_records (
                id {{int}} PRIMARY KEY, occurred_at {{int}} NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
                entry_id {{int}} NOT NULL, line_number {{int}}, import_batch_id {{int}}, file_line {{int}},
                receipt_reference TEXT NOT NULL, original_receipt_reference TEXT, fund_code TEXT NOT NULL,
                account_reference TEXT NOT NULL, amount_pence {{int}} NOT NULL, vat_code TEXT, vat_pence {{int}},
                method_of_payment TEXT, channel TEXT, office TEXT, user_name TEXT, psp_reference TEXT, card_last4 TEXT,
                payer_name TEXT, address TEXT, postcode TEXT, narrative TEXT, is_reversed {{int}} NOT NULL)
            """,
        ],
        sqliteOnly: [
            """
            CREATE TABLE legacy_receipts (
                duplicate_key TEXT PRIMARY KEY, batch_id INTEGER NOT NULL, line INTEGER NOT NULL, record_id INTEGER NOT NULL, row_hash INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            """
            CREATE VIRTUAL TABLE income_text USING fts5(
                words, content = '', detail = none, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2')
            """,
        ] + IncomeText.settings + IncomeRecordIndexes.all.map { $0.sql(for: .sqlite) },
        postgresOnly: [
            """
            CREATE TABLE legacy_receipts (
                duplicate_key TEXT PRIMARY KEY, batch_id BIGINT NOT NULL, line BIGINT NOT NULL, record_id BIGINT NOT NULL, row_hash BIGINT NOT NULL)
            """,
            // The folded words as a stored tsvector (IMS's words are `a`–`z`, `0`–`9` and spaces, valid tsvector
            // input as they are), so that neither the index recheck nor a filtered reverse scan re-parses text.
            "ALTER TABLE income_records ADD COLUMN search_words tsvector",
            IncomeRecordIndexes.postgresWords(ifNotExists: false),
        ] + IncomeRecordIndexes.all.map { $0.sql(for: .postgres) }
    )
}

/// The secondary indexes of `income_records`. There is none on the fund, the method of payment or the kind:
/// they have few values, so a reverse scan of the id (or of a date range's ids) finds a page of matches after
/// a few hundred rows, and each index costs seconds to build after a load of millions. Each ends in the id (implicitly on SQLite, where every index
/// carries the rowid), so that an equality lookup already comes out newest first. The bulk loader drops
/// and rebuilds most of them around a large load into a small table.
enum IncomeRecordIndexes {
    struct Index {
        let name: String
        let column: String
        /// The rows the index covers, when not all of them.
        let condition: String?
        /// Kept through a bulk load rather than dropped and built again: a legacy load adds nothing to it
        /// (live records only) or hardly anything (refunds), and building it means reading the whole table.
        let keptThroughBulkLoad: Bool

        init(name: String, column: String, partial: Bool, keptThroughBulkLoad: Bool = false) {
            self.init(name: name, column: column, condition: partial ? "\(column) IS NOT NULL" : nil, keptThroughBulkLoad: keptThroughBulkLoad)
        }

        init(name: String, column: String, condition: String?, keptThroughBulkLoad: Bool = false) {
            self.name = name
            self.column = column
            self.condition = condition
            self.keptThroughBulkLoad = keptThroughBulkLoad
        }

        /// SQLite's indexes carry the rowid already; PostgreSQL gets `(column, id)`, and an account reference
        /// there also gets `text_pattern_ops`, so a prefix (`LIKE 'ABC%'`) uses the index under any collation.
        func sql(for dialect: SQLDialectKind, ifNotExists: Bool = false) -> String {
            let key =
                switch dialect {
                case .sqlite: column
                case .postgres: column + (column == "account_reference" ? " text_pattern_ops" : "") + ", id"
                }
            return "CREATE INDEX \(ifNotExists ? "IF NOT EXISTS " : "")\(name) ON income_records (\(key))" + (condition.map { " WHERE \($0)" } ?? "")
        }
    }

    /// PostgreSQL's full-text index (SQLite's is the `income_text` table).
    static let postgresWordsName = "income_records_words"

    static func postgresWords(ifNotExists: Bool) -> String {
        "CREATE INDEX \(ifNotExists ? "IF NOT EXISTS " : "")\(postgresWordsName) ON income_records USING gin (search_words)"
    }

    static let all: [Index] = [
        Index(name: "income_records_receipt", column: "receipt_reference", partial: false),
        Index(name: "income_records_original", column: "original_receipt_reference", partial: true, keptThroughBulkLoad: true),
        Index(name: "income_records_provider", column: "psp_reference", partial: true),
        Index(name: "income_records_account", column: "account_reference", partial: false),
        Index(name: "income_records_postcode", column: "postcode", partial: true),
        Index(name: "income_records_amount", column: "amount_pence", partial: false),
        Index(name: "income_records_card", column: "card_last4", partial: true),
        Index(name: "income_records_batch", column: "import_batch_id", partial: true),
        // Live records only: migrated records share their chunk's entry, which verify sums with a full scan.
        Index(name: "income_records_entry", column: "entry_id", condition: "source = 'ims'", keptThroughBulkLoad: true),
    ]
}
