extension Migration {
    /// Everything a council configures at go-live (issue 12): what a fund holds (description, minimum, the
    /// ways in, address, on stop, hidden references), VAT rates with the day each took effect, card fee
    /// rules and routes of methods, offices' addresses and tills, fund groups, system messages, and the
    /// council's account holders with the imports that loaded them.
    static let v8CouncilSetup = Migration(
        version: 8,
        name: "council setup",
        statements: [
            "ALTER TABLE funds ADD COLUMN description TEXT",
            "ALTER TABLE funds ADD COLUMN minimum_pence {{int}}",
            "ALTER TABLE funds ADD COLUMN routes TEXT NOT NULL DEFAULT 'online,phone,counter,department,file'",
            "UPDATE funds SET routes = 'phone,counter,department,file' WHERE is_basket_fund = 0",
            "ALTER TABLE funds ADD COLUMN asks_address {{int}} NOT NULL DEFAULT 0",
            "ALTER TABLE funds ADD COLUMN on_stop_message TEXT",
            "ALTER TABLE funds ADD COLUMN hides_references_in_logs {{int}} NOT NULL DEFAULT 0",
            """
            CREATE TABLE vat_rates (
                vat_code TEXT NOT NULL REFERENCES vat_codes (code), effective_from TEXT NOT NULL, rate_basis_points {{int}} NOT NULL,
                PRIMARY KEY (vat_code, effective_from))
            """,
            "INSERT INTO vat_rates (vat_code, effective_from, rate_basis_points) SELECT code, '0001-01-01', rate_basis_points FROM vat_codes",
            "ALTER TABLE vat_codes ADD COLUMN is_retired {{int}} NOT NULL DEFAULT 0",
            "ALTER TABLE methods_of_payment ADD COLUMN card_fee TEXT NOT NULL DEFAULT 'none'",
            "ALTER TABLE methods_of_payment ADD COLUMN card_fee_bearer TEXT NOT NULL DEFAULT 'council'",
            "ALTER TABLE methods_of_payment ADD COLUMN routes TEXT NOT NULL DEFAULT 'online,phone,counter,department,file'",
            "ALTER TABLE methods_of_payment ADD COLUMN is_retired {{int}} NOT NULL DEFAULT 0",
            "ALTER TABLE offices ADD COLUMN address TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE offices ADD COLUMN tills TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE offices ADD COLUMN is_retired {{int}} NOT NULL DEFAULT 0",
            """
            CREATE TABLE fund_groups (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, funds TEXT NOT NULL, directory_groups TEXT NOT NULL, is_retired {{int}} NOT NULL)
            """,
            """
            CREATE TABLE system_messages (
                code TEXT PRIMARY KEY, placement TEXT NOT NULL, text TEXT NOT NULL, welsh_text TEXT, is_retired {{int}} NOT NULL)
            """,
            """
            CREATE TABLE account_holders (
                fund_code TEXT NOT NULL, reference TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, postcode TEXT,
                balance_pence {{int}}, on_stop_reason TEXT, import_id {{int}}, updated_at {{int}} NOT NULL,
                PRIMARY KEY (fund_code, reference))
            """,
            "CREATE INDEX account_holders_name ON account_holders (name)",
            "CREATE INDEX account_holders_postcode ON account_holders (postcode)",
            "CREATE INDEX account_holders_import ON account_holders (import_id)",
            """
            CREATE TABLE account_imports (
                id {{id}}, file_name TEXT NOT NULL, digest TEXT NOT NULL, imported_at {{int}} NOT NULL, imported_by TEXT NOT NULL,
                loaded {{int}} NOT NULL, rejected {{int}} NOT NULL, reversed_at {{int}})
            """,
            "CREATE INDEX account_imports_digest ON account_imports (digest)",
            """
            CREATE TABLE account_import_previous (
                import_id {{int}} NOT NULL REFERENCES account_imports (id), fund_code TEXT NOT NULL, reference TEXT NOT NULL,
                name TEXT NOT NULL, address TEXT NOT NULL, postcode TEXT, balance_pence {{int}}, on_stop_reason TEXT,
                previous_import_id {{int}}, updated_at {{int}} NOT NULL, PRIMARY KEY (import_id, fund_code, reference))
            """,
        ],
        sqliteOnly: [],
        postgresOnly: []
    )
}
