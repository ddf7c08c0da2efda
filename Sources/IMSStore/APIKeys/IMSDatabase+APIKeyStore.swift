import IMSCore
import SQLKit

extension IMSDatabase: APIKeyStore {
    /// A key's use is noted at most once a minute, so busy services do not turn every request into a write.
    static let lastUsedResolutionSeconds: Int64 = 60

    /// Makes a key in a transaction of its own, without an audit event: for tests and benchmarks that set up
    /// a service. Administrators use `APIKeyAdministration`, which audits.
    public func createAPIKey(
        service: String, permissions: [Permission], funds: [FundCode], requestedBy: String? = nil
    ) async throws -> (APIKey, APIKeySecret) {
        try await transaction { tx in try await tx.apiKeys.create(service: service, permissions: permissions, funds: funds, requestedBy: requestedBy)
        }
    }

    public func apiKeys() async throws -> [APIKey] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM api_keys ORDER BY id").all().map(Self.apiKey(from:))
        }
    }

    public func authenticateAPIKey(_ secret: String, at time: Timestamp) async throws -> APIKey? {
        let hash = APIKeySecret(value: secret).hash
        let key = try await backend.read { database in
            try await database.raw("SELECT * FROM api_keys WHERE key_hash = \(bind: hash)").first().map(Self.apiKey(from:))
        }
        guard let key, !key.isRevoked, !key.isAwaitingApproval else { return nil }
        let lastUsed = key.lastUsedAt?.microsecondsSince1970 ?? 0
        if time.microsecondsSince1970 - lastUsed > Self.lastUsedResolutionSeconds * 1_000_000 {
            try await backend.write { database in
                try await database.raw("UPDATE api_keys SET last_used_at = \(bind: time.microsecondsSince1970) WHERE id = \(bind: key.id)").run()
            }
        }
        return key
    }

    static func apiKey(from row: any SQLRow) throws -> APIKey {
        let permissions = try row.decode(column: "permissions", as: String.self).split(separator: ",").map { Permission(String($0)) }
        let funds = try row.decode(column: "funds", as: String.self).split(separator: ",").compactMap { try? FundCode(parsing: String($0)) }
        return APIKey(
            id: try row.decode(column: "id", as: Int64.self), service: try row.decode(column: "service", as: String.self),
            prefix: try row.decode(column: "key_prefix", as: String.self), permissions: permissions, funds: funds,
            createdAt: Timestamp(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)),
            awaitingApprovalSince: try row.decode(column: "awaiting_approval_since", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)),
            requestedBy: try row.decode(column: "requested_by", as: String?.self), approvedBy: try row.decode(column: "approved_by", as: String?.self)
        )
    }
}

/// API keys inside one transaction of the store.
struct SQLAPIKeyTransaction: APIKeyTransaction {
    let database: any SQLDatabase
    let now: Timestamp

    func create(service: String, permissions: [Permission], funds: [FundCode], requestedBy: String?) async throws -> (APIKey, APIKeySecret) {
        try APIKey.checkServiceName(service)
        let awaiting = requestedBy != nil && permissions.contains(where: APIKey.permissionsNeedingApproval.contains) ? now : nil
        guard !permissions.isEmpty else {
            throw IMSError.validation(.permissionUnknown, "An API key needs at least one permission", field: "permissions")
        }
        let secret = APIKeySecret.generate()
        let permissionText = permissions.map(\.rawValue).joined(separator: ",")
        let fundText = funds.map(\.rawValue).joined(separator: ",")
        let id = try await database.raw(
            """
            INSERT INTO api_keys (service, key_prefix, key_hash, permissions, funds, created_at, awaiting_approval_since, requested_by)
            VALUES (\(bind: service), \(bind: secret.prefix), \(bind: secret.hash), \(bind: permissionText), \(bind: fundText), \(bind: now.microsecondsSince1970),
                \(bind: awaiting?.microsecondsSince1970), \(bind: requestedBy))
            RETURNING id
            """
        ).first()?.decode(column: "id", as: Int64.self)
        guard let id else { throw StoreError(.corruptRow, "INSERT INTO api_keys returned no id") }
        let key = APIKey(
            id: id, service: service, prefix: secret.prefix, permissions: permissions, funds: funds, createdAt: now, lastUsedAt: nil, revokedAt: nil,
            awaitingApprovalSince: awaiting, requestedBy: requestedBy)
        return (key, secret)
    }

    func approve(id: Int64, by approver: String) async throws -> Bool {
        guard
            let row = try await database.raw(
                """
                SELECT requested_by FROM api_keys WHERE id = \(bind: id) AND awaiting_approval_since IS NOT NULL AND revoked_at IS NULL
                """
            ).first()
        else { return false }
        guard try row.decode(column: "requested_by", as: String?.self) != approver else {
            throw IMSError(.forbidden, .permissionMissing, "Another administrator must approve a key you asked for")
        }
        try await database.raw(
            """
            UPDATE api_keys SET awaiting_approval_since = NULL, approved_by = \(bind: approver), approved_at = \(bind: now.microsecondsSince1970)
            WHERE id = \(bind: id)
            """
        ).run()
        return true
    }

    func revoke(id: Int64) async throws -> Bool {
        let row = try await database.raw(
            """
            UPDATE api_keys SET revoked_at = \(bind: now.microsecondsSince1970)
            WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """
        ).first()
        if row != nil { return true }
        return try await database.raw("SELECT id FROM api_keys WHERE id = \(bind: id)").first() != nil
    }
}
