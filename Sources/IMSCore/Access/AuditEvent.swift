/// One line of the audit trail: who did what, when, from where, to what, and the values before and after.
/// Append-only and chained by hash like the ledger.
public struct AuditEvent: Hashable, Sendable {
    public var id: Int64
    public var occurredAt: Timestamp
    /// `user:alice`, `service:bins`, `anonymous`.
    public var actor: String
    /// The client's address as IMS saw it.
    public var address: String?
    /// What happened, as `area.verb`: `auth.sign_in`, `auth.refused`, `api_key.create`, `refund.create`…
    public var action: String
    /// What it was done to: `api_key:5`, `entry:1234`, `/staff/admin/api-keys`.
    public var target: String?
    /// `success` or `refused`.
    public var outcome: String
    public var before: String?
    public var after: String?

    public init(
        id: Int64 = 0, occurredAt: Timestamp, actor: String, address: String?, action: String, target: String?, outcome: String,
        before: String? = nil, after: String? = nil
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.actor = actor
        self.address = address
        self.action = action
        self.target = target
        self.outcome = outcome
        self.before = before
        self.after = after
    }

    public static let success = "success"
    public static let refused = "refused"

    /// The link of the audit chain after `previousHash`: covers every field, including the id.
    public func hash(after previousHash: String) -> String {
        var canonical = CanonicalWriter()
        canonical.append(previousHash)
        canonical.append(id)
        canonical.append(occurredAt.microsecondsSince1970)
        for text in [actor, address, action, target, outcome, before, after] { canonical.append(text) }
        return LedgerHash.sha256Hex(canonical.bytes)
    }
}
