import IMSCore

/// Council services' API keys, as administrators create, approve and revoke them on the staff screens and
/// the command line. Each change and its audit event are one unit of work.
public struct APIKeyAdministration: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    /// Makes a key for `service`, limited to `funds` (none: every fund), known to the council's configuration.
    /// - Parameter needsSecondPerson: true on the staff screens, where a key with a bulk permission waits for
    ///   another administrator's approval; false on the command line, run by the system's own operators.
    public func create(
        service: String, permissions: [Permission], funds: [FundCode], by requester: Requester, needsSecondPerson: Bool
    ) async throws -> (APIKey, APIKeySecret) {
        try await store.transaction { tx in
            let known = Set(try await tx.configuration().funds.map(\.code))
            if let unknown = funds.first(where: { !known.contains($0) }) {
                throw IMSError.validation(.fundUnknown, "There is no fund \(unknown)", field: "funds")
            }
            let made = try await tx.apiKeys.create(
                service: service, permissions: permissions, funds: funds, requestedBy: needsSecondPerson ? requester.principal.name : nil)
            let key = made.0
            try await tx.audit.append(
                requester.event(
                    "api_key.create", target: "api_key:\(key.id)",
                    after:
                        "service=\(key.service) permissions=\(permissions.map(\.rawValue).joined(separator: ",")) funds=\(funds.isEmpty ? "all" : funds.map(\.rawValue).joined(separator: ","))\(key.isAwaitingApproval ? " awaiting approval" : "")",
                    at: tx.now))
            return made
        }
    }

    /// Approves a key another administrator asked for. False when no such key awaits approval; refused
    /// (`.forbidden`) when `requester` asked for it.
    public func approve(id: Int64, by requester: Requester) async throws -> Bool {
        try await store.transaction { tx in
            guard try await tx.apiKeys.approve(id: id, by: requester.principal.name) else { return false }
            try await tx.audit.append(
                requester.event("api_key.approve", target: "api_key:\(id)", before: "awaiting approval", after: "active", at: tx.now))
            return true
        }
    }

    /// Revokes a key at once. False when there is no such key.
    public func revoke(id: Int64, by requester: Requester) async throws -> Bool {
        try await store.transaction { tx in
            guard try await tx.apiKeys.revoke(id: id) else { return false }
            try await tx.audit.append(requester.event("api_key.revoke", target: "api_key:\(id)", before: "active", after: "revoked", at: tx.now))
            return true
        }
    }
}
