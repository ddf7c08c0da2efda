extension Migration {
    /// Staff sessions, pending OpenID Connect logins and the audit trail.
    static let v2StaffAccess = Migration(
        version: 2,
        name: "staff access",
        statements: [
            """
            CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, display_name TEXT, method TEXT NOT NULL,
                roles TEXT NOT NULL, fund_scope TEXT, csrf_token TEXT NOT NULL,
                created_at {{int}} NOT NULL, last_seen_at {{int}} NOT NULL, expires_at {{int}} NOT NULL)
            """,
            "CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at)",
            """
            CREATE TABLE pending_logins (
                state TEXT PRIMARY KEY, nonce TEXT NOT NULL, code_verifier TEXT NOT NULL, return_to TEXT NOT NULL,
                created_at {{int}} NOT NULL)
            """,
            """
            CREATE TABLE audit_events (
                id {{id}}, occurred_at {{int}} NOT NULL, actor TEXT NOT NULL, address TEXT, action TEXT NOT NULL,
                target TEXT, outcome TEXT NOT NULL, before_value TEXT, after_value TEXT,
                previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_actor ON audit_events (actor, id)",
            "CREATE INDEX audit_events_action ON audit_events (action, id)",
        ],
        sqliteOnly: ["UPDATE", "DELETE"].map { operation in
            """
            CREATE TRIGGER audit_events_no_\(operation.lowercased()) BEFORE \(operation) ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events are append-only'); END
            """
        },
        postgresOnly: [
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION ims_append_only()"
        ]
    )
}
