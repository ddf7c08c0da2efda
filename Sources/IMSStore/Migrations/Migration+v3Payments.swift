extension Migration {
    /// Online and telephone payments, their history, council services' webhooks and their deliveries.
    static let v3Payments = Migration(
        version: 3,
        name: "payments",
        statements: [
            """
            CREATE TABLE payments (
                id TEXT PRIMARY KEY, service TEXT NOT NULL, state TEXT NOT NULL, amount_pence {{int}} NOT NULL, lines TEXT NOT NULL,
                return_url TEXT NOT NULL, description TEXT, email TEXT, metadata TEXT NOT NULL, language TEXT NOT NULL, channel TEXT NOT NULL,
                provider TEXT, provider_payment_id TEXT, provider_account TEXT, provider_next_url TEXT,
                card_brand TEXT, card_last4 TEXT, card_expiry TEXT, failure_code TEXT, failure_message TEXT,
                payer_name TEXT, payer_address TEXT, postcode TEXT, entry_id {{int}} REFERENCES entries (id),
                idempotency_key TEXT, request_hash TEXT,
                created_at {{int}} NOT NULL, updated_at {{int}} NOT NULL, expires_at {{int}} NOT NULL)
            """,
            "CREATE UNIQUE INDEX payments_idempotency ON payments (service, idempotency_key) WHERE idempotency_key IS NOT NULL",
            "CREATE INDEX payments_open ON payments (expires_at) WHERE state IN ('created', 'started')",
            "CREATE INDEX payments_provider ON payments (provider_payment_id) WHERE provider_payment_id IS NOT NULL",
            """
            CREATE TABLE payment_events (
                id {{id}}, payment_id TEXT NOT NULL REFERENCES payments (id), occurred_at {{int}} NOT NULL, state TEXT NOT NULL, detail TEXT)
            """,
            "CREATE INDEX payment_events_payment ON payment_events (payment_id, id)",
            "CREATE TABLE services (name TEXT PRIMARY KEY, webhook_url TEXT, webhook_secret TEXT, updated_at {{int}} NOT NULL)",
            """
            CREATE TABLE webhook_deliveries (
                id {{id}}, service TEXT NOT NULL, payment_id TEXT NOT NULL REFERENCES payments (id), event TEXT NOT NULL, body TEXT NOT NULL,
                attempts {{int}} NOT NULL, next_attempt_at {{int}}, delivered_at {{int}}, gave_up_at {{int}}, created_at {{int}} NOT NULL)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL",
            "CREATE INDEX webhook_deliveries_payment ON webhook_deliveries (payment_id)",
            """
            CREATE TABLE webhook_attempts (
                id {{id}}, delivery_id {{int}} NOT NULL REFERENCES webhook_deliveries (id), attempted_at {{int}} NOT NULL,
                status_code {{int}}, error TEXT, duration_ms {{int}} NOT NULL)
            """,
            "CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id)",
        ],
        sqliteOnly: [],
        postgresOnly: []
    )
}
