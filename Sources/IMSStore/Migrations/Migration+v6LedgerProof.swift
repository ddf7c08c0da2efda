extension Migration {
    /// The ledger proves itself (issue 9): a migration entry holds the digest of its records, so the hash
    /// chain seals every migrated record (decision 0008); and on PostgreSQL `TRUNCATE`, which row triggers
    /// never see, is refused on the ledger, its seals, the audit trail and the search records.
    static let v6LedgerProof = Migration(
        version: 6,
        name: "ledger proof",
        statements: [
            "ALTER TABLE entries ADD COLUMN records_digest TEXT"
        ],
        sqliteOnly: [],
        postgresOnly: ["entries", "entry_lines", "ledger_seals", "audit_events", "income_records", "legacy_receipts"].map { table in
            "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION ims_append_only()"
        }
    )
}
