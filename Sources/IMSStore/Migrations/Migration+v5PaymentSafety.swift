extension Migration {
    /// What keeps a paid payment from being lost (issue 9): the hand-off claim that makes two clicks one
    /// provider payment, the reconciliation schedule that confirms payments nobody came back for, when the
    /// provider captured the money, and the reason an officer must look at a payment; and the second
    /// approval of API keys with bulk permissions (issue 10).
    static let v5PaymentSafety = Migration(
        version: 5,
        name: "payment safety",
        statements: [
            "ALTER TABLE payments ADD COLUMN handoff_claimed_at {{int}}",
            "ALTER TABLE payments ADD COLUMN next_check_at {{int}}",
            "ALTER TABLE payments ADD COLUMN check_attempts {{int}} NOT NULL DEFAULT 0",
            "ALTER TABLE payments ADD COLUMN captured_at {{int}}",
            "ALTER TABLE payments ADD COLUMN attention TEXT",
            "CREATE INDEX payments_to_check ON payments (next_check_at) WHERE next_check_at IS NOT NULL",
            "CREATE INDEX payments_attention ON payments (updated_at) WHERE attention IS NOT NULL",
            // Issue 10: keys with bulk permissions made on the staff screen wait for a second administrator.
            "ALTER TABLE api_keys ADD COLUMN awaiting_approval_since {{int}}",
            "ALTER TABLE api_keys ADD COLUMN requested_by TEXT",
            "ALTER TABLE api_keys ADD COLUMN approved_by TEXT",
            "ALTER TABLE api_keys ADD COLUMN approved_at {{int}}",
        ],
        sqliteOnly: [],
        postgresOnly: []
    )
}
