extension Migration {
    /// The ledger, the council's reference data, API keys and idempotency keys.
    static let v1Ledger = Migration(
        version: 1,
        name: "ledger",
        statements: [
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE vat_codes (code TEXT PRIMARY KEY, name TEXT NOT NULL, treatment TEXT NOT NULL, rate_basis_points {{int}} NOT NULL)",
            """
            CREATE TABLE funds (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, vat_code TEXT NOT NULL REFERENCES vat_codes (code),
                maximum_pence {{int}}, gl_code TEXT NOT NULL, cost_centre TEXT NOT NULL, reference_validator TEXT NOT NULL,
                is_basket_fund {{int}} NOT NULL, account_must_exist {{int}} NOT NULL, is_disabled {{int}} NOT NULL, is_suspense {{int}} NOT NULL)
            """,
            """
            CREATE TABLE methods_of_payment (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, minimum_pence {{int}}, maximum_pence {{int}},
                is_refundable {{int}} NOT NULL, incurs_card_fee {{int}} NOT NULL, clearing_account_code TEXT NOT NULL)
            """,
            "CREATE TABLE offices (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
            """
            CREATE TABLE entries (
                id {{id}}, kind TEXT NOT NULL, occurred_at {{int}} NOT NULL, recorded_at {{int}} NOT NULL, recorded_by TEXT NOT NULL,
                channel TEXT, office TEXT, method_of_payment TEXT, corrects_entry_id {{int}} REFERENCES entries (id),
                external_reference TEXT, payer_name TEXT, payer_address TEXT, postcode TEXT, psp_reference TEXT,
                card_brand TEXT, card_last4 TEXT, narrative TEXT)
            """,
            "CREATE INDEX entries_corrects ON entries (corrects_entry_id) WHERE corrects_entry_id IS NOT NULL",
            """
            CREATE TABLE entry_lines (
                id {{id}}, entry_id {{int}} NOT NULL REFERENCES entries (id), line_number {{int}} NOT NULL, account TEXT NOT NULL,
                fund_code TEXT, account_reference TEXT, amount_pence {{int}} NOT NULL, vat_code TEXT,
                vat_rate_basis_points {{int}} NOT NULL, vat_pence {{int}} NOT NULL, narrative TEXT,
                UNIQUE (entry_id, line_number))
            """,
            "CREATE INDEX entry_lines_fund_reference ON entry_lines (fund_code, account_reference)",
            """
            CREATE TABLE ledger_seals (
                position {{int}} PRIMARY KEY, entry_id {{int}} NOT NULL UNIQUE REFERENCES entries (id),
                entry_hash TEXT NOT NULL, chain_hash TEXT NOT NULL, sealed_at {{int}} NOT NULL)
            """,
            "CREATE TABLE account_balances (account TEXT PRIMARY KEY, balance_pence {{int}} NOT NULL)",
            """
            CREATE TABLE api_keys (
                id {{id}}, service TEXT NOT NULL, key_prefix TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
                permissions TEXT NOT NULL, funds TEXT NOT NULL, created_at {{int}} NOT NULL, last_used_at {{int}}, revoked_at {{int}})
            """,
            """
            CREATE TABLE idempotency_keys (
                scope TEXT NOT NULL, idempotency_key TEXT NOT NULL, request_hash TEXT NOT NULL,
                entry_id {{int}} NOT NULL REFERENCES entries (id), created_at {{int}} NOT NULL,
                PRIMARY KEY (scope, idempotency_key))
            """,
        ],
        sqliteOnly: ["entries", "entry_lines", "ledger_seals"].flatMap { table in
            ["UPDATE", "DELETE"].map { operation in
                """
                CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) are append-only: correct with a new entry'); END
                """
            }
        },
        postgresOnly: [
            """
            CREATE FUNCTION ims_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only: correct with a new entry', TG_TABLE_NAME; END $$
            """
        ]
            + ["entries", "entry_lines", "ledger_seals"].map { table in
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION ims_append_only()"
            }
    )
}
