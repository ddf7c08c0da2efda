/// Who asked for an action and from where, as the audit trail records it.
public struct Requester: Sendable, Hashable {
    public let principal: Principal
    /// The client's address as IMS saw it; nil for the command line and IMS's own background work.
    public let address: String?

    public init(_ principal: Principal, address: String?) {
        self.principal = principal
        self.address = address
    }

    /// The audit event of this requester's action.
    public func event(
        _ action: String, target: String?, outcome: String = AuditEvent.success, before: String? = nil, after: String? = nil, at time: Timestamp
    ) -> AuditEvent {
        AuditEvent(
            occurredAt: time, actor: principal.key, address: address, action: action, target: target, outcome: outcome, before: before, after: after)
    }
}
