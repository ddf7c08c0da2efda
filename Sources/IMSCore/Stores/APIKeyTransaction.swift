/// Council services' API keys inside a transaction, for the workflow that creates, approves and revokes
/// them with their audit events.
public protocol APIKeyTransaction: Sendable {
    /// Makes a key; the secret is returned once and only its hash is stored.
    /// - Parameter requestedBy: the administrator asking on the staff screen; a key with a permission of
    ///   `APIKey.permissionsNeedingApproval` then waits for another administrator's approval. Nil for the
    ///   command line.
    func create(service: String, permissions: [Permission], funds: [FundCode], requestedBy: String?) async throws -> (APIKey, APIKeySecret)
    /// Approves a key awaiting approval; refused when `approver` is the one who asked for it. False when there
    /// is no such key awaiting approval.
    func approve(id: Int64, by approver: String) async throws -> Bool
    /// Revokes a key at once; false when there is no such key.
    func revoke(id: Int64) async throws -> Bool
}
