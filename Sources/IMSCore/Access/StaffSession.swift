/// A signed-in member of staff's session, as stored (the cookie holds a random token; only its hash is
/// stored, so a copy of the database signs nobody in).
public struct StaffSession: Sendable, Hashable {
    public let user: StaffUser
    public let method: String
    public let csrfToken: String
    public let createdAt: Timestamp
    public let lastSeenAt: Timestamp
    public let expiresAt: Timestamp

    public init(user: StaffUser, method: String, csrfToken: String, createdAt: Timestamp, lastSeenAt: Timestamp, expiresAt: Timestamp) {
        self.user = user
        self.method = method
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// Session lifetimes: idle (since the last request) and absolute (since sign-in).
public struct SessionPolicy: Sendable, Hashable {
    public var idleSeconds: Int64
    public var absoluteSeconds: Int64

    public init(idleSeconds: Int64 = 30 * 60, absoluteSeconds: Int64 = 10 * 3_600) {
        self.idleSeconds = idleSeconds
        self.absoluteSeconds = absoluteSeconds
    }

    /// A session's last use is written at most this often, so busy staff do not make every page a write.
    public static let touchResolutionSeconds: Int64 = 60
}
