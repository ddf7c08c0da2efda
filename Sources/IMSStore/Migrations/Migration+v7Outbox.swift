extension Migration {
    /// One outbox for every message that leaves IMS after its transaction commits (issue 11): webhooks now,
    /// files and emails later, each with its attempts. The webhook deliveries move into it as they are.
    static let v7Outbox = Migration(
        version: 7,
        name: "outbox",
        statements: [
            """
            CREATE TABLE outbox_messages (
                id {{id}}, kind TEXT NOT NULL, destination TEXT NOT NULL, subject TEXT NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL,
                attempts {{int}} NOT NULL, next_attempt_at {{int}}, delivered_at {{int}}, gave_up_at {{int}}, created_at {{int}} NOT NULL)
            """,
            """
            INSERT INTO outbox_messages (id, kind, destination, subject, event, body, attempts, next_attempt_at, delivered_at, gave_up_at, created_at)
            SELECT id, 'webhook', service, payment_id, event, body, attempts, next_attempt_at, delivered_at, gave_up_at, created_at FROM webhook_deliveries
            """,
            "CREATE INDEX outbox_messages_due ON outbox_messages (kind, next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL",
            "CREATE INDEX outbox_messages_subject ON outbox_messages (subject)",
            """
            CREATE TABLE outbox_attempts (
                id {{id}}, message_id {{int}} NOT NULL REFERENCES outbox_messages (id), attempted_at {{int}} NOT NULL,
                status_code {{int}}, error TEXT, duration_ms {{int}} NOT NULL)
            """,
            """
            INSERT INTO outbox_attempts (id, message_id, attempted_at, status_code, error, duration_ms)
            SELECT id, delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempts
            """,
            "CREATE INDEX outbox_attempts_message ON outbox_attempts (message_id, id)",
            "DROP TABLE webhook_attempts",
            "DROP TABLE webhook_deliveries",
        ],
        sqliteOnly: [],
        // The copied rows kept their ids; the identity columns continue after them.
        postgresOnly: ["outbox_messages", "outbox_attempts"].map { table in
            "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)"
        }
    )
}
