import IMSCore

/// Limits what one client (by its address as `ClientAddressMiddleware` found it) may do per minute: a
/// sliding window of one minute, per instance, bounded in memory. A limiter either counts every request
/// (`allow`: creating payments, starting a sign-in) or only refusals (`isBlocked` then `recordRefusal`: a
/// failed sign-in), so that the people of one office behind one address are not locked out by each
/// other's successful sign-ins.
actor ClientRateLimiter {
    private let attemptsPerMinute: Int
    private let clock: any WallClock
    private var attempts: [String: [Int64]] = [:]
    private static let maximumAddresses = 10_000

    init(attemptsPerMinute: Int = 30, clock: any WallClock) {
        self.attemptsPerMinute = attemptsPerMinute
        self.clock = clock
    }

    /// Whether another request from `address` is allowed now; counts it when it is.
    func allow(_ address: String?) -> Bool {
        guard !isBlocked(address) else { return false }
        record(address)
        return true
    }

    /// Whether `address` has used up its minute (nothing is counted).
    func isBlocked(_ address: String?) -> Bool {
        let windowStart = clock.now().microsecondsSince1970 - 60_000_000
        return (attempts[address ?? "unknown"] ?? []).filter { $0 > windowStart }.count >= attemptsPerMinute
    }

    /// Counts a refusal (or any event the limiter counts) for `address`.
    func recordRefusal(_ address: String?) { record(address) }

    private func record(_ address: String?) {
        let key = address ?? "unknown"
        let now = clock.now().microsecondsSince1970
        let windowStart = now - 60_000_000
        var recent = (attempts[key] ?? []).filter { $0 > windowStart }
        recent.append(now)
        if attempts.count >= Self.maximumAddresses && attempts[key] == nil {
            attempts = attempts.filter { $0.value.contains { $0 > windowStart } }
        }
        attempts[key] = recent
    }
}
