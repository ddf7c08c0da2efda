/// Filters for reading the audit trail.
public struct AuditQuery: Sendable, Hashable {
    public var actor: String?
    public var action: String?
    public var from: Timestamp?
    public var to: Timestamp?
    /// Keyset pagination: events with a smaller id than this (newest first).
    public var before: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, before: Int64? = nil, limit: Int = 50) {
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.before = before
        self.limit = min(max(limit, 1), 500)
    }
}
