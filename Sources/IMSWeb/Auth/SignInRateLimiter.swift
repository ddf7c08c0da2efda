import IMSCore

/// Limits sign-in attempts per client address (a sliding window of one minute), so the callback and
/// Negotiate endpoints cannot be hammered. Per instance; bounded in memory.
actor SignInRateLimiter {
    private let attemptsPerMinute: Int
    private let clock: any WallClock
    private var attempts: [String: [Int64]] = [:]
    private static let maximumAddresses = 10_000

    init(attemptsPerMinute: Int = 30, clock: any WallClock) {
        self.attemptsPerMinute = attemptsPerMinute
        self.clock = clock
    }

    /// Whether another attempt from `address` is allowed now (and counts it).
    func allow(_ address: String?) -> Bool {
        let key = address ?? "unknown"
        let now = clock.now().microsecondsSince1970
        let windowStart = now - 60_000_000
        var recent = (attempts[key] ?? []).filter { $0 > windowStart }
        guard recent.count < attemptsPerMinute else {
            attempts[key] = recent
            return false
        }
        recent.append(now)
        if attempts.count >= Self.maximumAddresses && attempts[key] == nil {
            attempts = attempts.filter { $0.value.contains { $0 > windowStart } }
        }
        attempts[key] = recent
        return true
    }
}
