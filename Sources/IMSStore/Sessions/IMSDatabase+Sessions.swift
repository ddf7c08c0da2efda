import IMSCore
import SQLKit

extension IMSDatabase: SessionStore {
    /// Starts a session; returns the token for the cookie (only its hash is stored).
    public func createSession(for user: StaffUser, method: String, policy: SessionPolicy) async throws -> (token: String, session: StaffSession) {
        let token = APIKeySecret.generate().value
        let csrf = APIKeySecret.generate().value
        let now = clock.now()
        let session = StaffSession(
            user: user, method: method, csrfToken: csrf, createdAt: now, lastSeenAt: now,
            expiresAt: now.adding(seconds: policy.absoluteSeconds))
        let roles = user.roles.map(\.name).sorted().joined(separator: ",")
        let scope = user.fundScope.isLimited ? user.fundScope.listed.map(\.rawValue).joined(separator: ",") : nil
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO staff_sessions (token_hash, username, display_name, method, roles, fund_scope, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (\(bind: LedgerHash.sha256Hex(token)), \(bind: user.username), \(bind: user.displayName), \(bind: method), \(bind: roles),
                    \(bind: scope), \(bind: csrf), \(bind: now.microsecondsSince1970), \(bind: now.microsecondsSince1970),
                    \(bind: session.expiresAt.microsecondsSince1970))
                """
            ).run()
        }
        return (token, session)
    }

    /// The live session of a cookie token, noting its use; nil when unknown, idle too long or expired.
    public func session(token: String, policy: SessionPolicy) async throws -> StaffSession? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        let hash = LedgerHash.sha256Hex(token)
        let now = clock.now()
        guard
            let session = try await backend.read({ database in
                try await database.raw("SELECT * FROM staff_sessions WHERE token_hash = \(bind: hash)").first().map(Self.session(from:))
            })
        else { return nil }
        let idleLimit = session.lastSeenAt.adding(seconds: policy.idleSeconds)
        guard now < session.expiresAt, now < idleLimit else {
            try await deleteSession(token: token)
            return nil
        }
        if now.microsecondsSince1970 - session.lastSeenAt.microsecondsSince1970 > SessionPolicy.touchResolutionSeconds * 1_000_000 {
            try await backend.write { database in
                try await database.raw("UPDATE staff_sessions SET last_seen_at = \(bind: now.microsecondsSince1970) WHERE token_hash = \(bind: hash)")
                    .run()
            }
        }
        return session
    }

    public func deleteSession(token: String) async throws {
        let hash = LedgerHash.sha256Hex(token)
        try await backend.write { database in
            try await database.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: hash)").run()
        }
    }

    /// Removes expired and idle sessions. Safe to run on several instances at once: it only deletes rows
    /// that are already unusable. Returns how many went.
    @discardableResult
    public func removeExpiredSessions(policy: SessionPolicy) async throws -> Int {
        let now = clock.now().microsecondsSince1970
        let idleCutoff = now - policy.idleSeconds * 1_000_000
        let pendingCutoff = now - 15 * 60 * 1_000_000
        return try await backend.write { database in
            let removed = try await database.raw(
                """
                DELETE FROM staff_sessions WHERE expires_at <= \(bind: now) OR last_seen_at <= \(bind: idleCutoff) RETURNING token_hash
                """
            ).all().count
            try await database.raw("DELETE FROM pending_logins WHERE created_at <= \(bind: pendingCutoff)").run()
            return removed
        }
    }

    /// Remembers an OpenID Connect login between the redirect to the provider and the callback.
    public func savePendingLogin(state: String, nonce: String, codeVerifier: String, returnTo: String) async throws {
        let now = clock.now().microsecondsSince1970
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO pending_logins (state, nonce, code_verifier, return_to, created_at)
                VALUES (\(bind: state), \(bind: nonce), \(bind: codeVerifier), \(bind: returnTo), \(bind: now))
                """
            ).run()
        }
    }

    /// Takes (and removes) the pending login for `state`: each state works once, for 15 minutes.
    public func takePendingLogin(state: String) async throws -> (nonce: String, codeVerifier: String, returnTo: String)? {
        let cutoff = clock.now().microsecondsSince1970 - 15 * 60 * 1_000_000
        return try await backend.write { database in
            guard
                let row = try await database.raw(
                    """
                    DELETE FROM pending_logins WHERE state = \(bind: state) RETURNING nonce, code_verifier, return_to, created_at
                    """
                ).first()
            else { return nil }
            guard try row.decode(column: "created_at", as: Int64.self) > cutoff else { return nil }
            return (
                try row.decode(column: "nonce", as: String.self), try row.decode(column: "code_verifier", as: String.self),
                try row.decode(column: "return_to", as: String.self)
            )
        }
    }

    static func session(from row: any SQLRow) throws -> StaffSession {
        let roles = Set(try row.decode(column: "roles", as: String.self).split(separator: ",").compactMap { Role.named(String($0)) })
        // NULL is every fund; a list (even one whose codes no longer parse) limits the session to it.
        let scope: FundScope =
            try row.decode(column: "fund_scope", as: String?.self).map { text in
                .only(Set(text.split(separator: ",").compactMap { try? FundCode(parsing: String($0)) }))
            } ?? .all
        let user = StaffUser(
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String?.self), roles: roles, fundScope: scope)
        return StaffSession(
            user: user, method: try row.decode(column: "method", as: String.self), csrfToken: try row.decode(column: "csrf_token", as: String.self),
            createdAt: Timestamp(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Timestamp(microsecondsSince1970: try row.decode(column: "last_seen_at", as: Int64.self)),
            expiresAt: Timestamp(microsecondsSince1970: try row.decode(column: "expires_at", as: Int64.self)))
    }
}
