import IMSCore
import SQLKit

extension IMSDatabase: AuditTrailStore {
    /// Appends an event to the audit trail, chained to the one before. Writers of the trail take a lock
    /// for the few milliseconds of the insert (the trail is far quieter than the ledger; see
    /// docs/decisions/0005-staff-sign-in-and-audit.md).
    @discardableResult
    public func recordAudit(_ event: AuditEvent) async throws -> AuditEvent {
        let dialect = backend.dialect
        return try await backend.write { database in try await Self.appendAudit(event, dialect: dialect, in: database) }
    }

    /// Appends `event` inside the caller's transaction, so an action and its audit event commit together or
    /// not at all.
    static func appendAudit(_ event: AuditEvent, dialect: SQLDialectKind, in database: any SQLDatabase) async throws -> AuditEvent {
        if dialect == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(7351003)").run() }
        let previous = try await database.raw("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").first()
        let previousHash = try previous?.decode(column: "hash", as: String.self) ?? LedgerHash.genesis
        let previousID = try previous?.decode(column: "id", as: Int64.self) ?? 0
        var stored = event
        stored.id = previousID + 1
        let hash = stored.hash(after: previousHash)
        try await database.raw(
            """
            INSERT INTO audit_events (id, occurred_at, actor, address, action, target, outcome, before_value, after_value, previous_hash, hash)
            VALUES (\(bind: stored.id), \(bind: stored.occurredAt.microsecondsSince1970), \(bind: stored.actor), \(bind: stored.address),
                \(bind: stored.action), \(bind: stored.target), \(bind: stored.outcome), \(bind: stored.before), \(bind: stored.after),
                \(bind: previousHash), \(bind: hash))
            """
        ).run()
        return stored
    }

    /// Audit events matching `query`, newest first.
    public func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await backend.read { database in
            var select = database.select().columns("*").from("audit_events")
            if let actor = query.actor { select = select.where("actor", .equal, actor) }
            if let action = query.action { select = select.where("action", .equal, action) }
            if let from = query.from { select = select.where("occurred_at", .greaterThanOrEqual, from.microsecondsSince1970) }
            if let to = query.to { select = select.where("occurred_at", .lessThan, to.microsecondsSince1970) }
            if let before = query.before { select = select.where("id", .lessThan, before) }
            return try await select.orderBy("id", .descending).limit(query.limit).all().map(Self.auditEvent(from:))
        }
    }

    static func auditEvent(from row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            id: try row.decode(column: "id", as: Int64.self),
            occurredAt: Timestamp(microsecondsSince1970: try row.decode(column: "occurred_at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String.self), address: try row.decode(column: "address", as: String?.self),
            action: try row.decode(column: "action", as: String.self), target: try row.decode(column: "target", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String.self), before: try row.decode(column: "before_value", as: String?.self),
            after: try row.decode(column: "after_value", as: String?.self))
    }
}

/// The audit trail inside one transaction of the store, so that an action and its event commit together.
struct SQLAuditLog: AuditLog {
    let database: any SQLDatabase
    let dialect: SQLDialectKind

    func append(_ event: AuditEvent) async throws -> AuditEvent {
        try await IMSDatabase.appendAudit(event, dialect: dialect, in: database)
    }
}

/// Checks the audit trail's chain for `ims verify`: ids without gaps, each hash recomputed from the row.
enum AuditVerifier {
    static func verify(_ backend: any DatabaseBackend) async throws -> (checked: Int, problems: [String]) {
        var checked = 0
        var problems: [String] = []
        var previousHash = LedgerHash.genesis
        var expectedID: Int64 = 1
        while true {
            let after = expectedID - 1
            let rows = try await backend.read { database in
                try await database.raw("SELECT * FROM audit_events WHERE id > \(bind: after) ORDER BY id LIMIT 2000").all().map { row in
                    (
                        try IMSDatabase.auditEvent(from: row), try row.decode(column: "previous_hash", as: String.self),
                        try row.decode(column: "hash", as: String.self)
                    )
                }
            }
            guard !rows.isEmpty else { break }
            for (event, storedPrevious, storedHash) in rows {
                checked += 1
                if event.id != expectedID, problems.count < 50 { problems.append("Audit event \(expectedID) is missing (next is \(event.id))") }
                if storedPrevious != previousHash || event.hash(after: previousHash) != storedHash, problems.count < 50 {
                    problems.append("Audit event \(event.id) has changed since it was recorded")
                }
                previousHash = storedHash
                expectedID = event.id + 1
            }
        }
        return (checked, problems)
    }
}
