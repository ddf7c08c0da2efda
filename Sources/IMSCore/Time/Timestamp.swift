import Foundation

/// A point in time as whole microseconds since 1970-01-01T00:00:00Z.
///
/// The ledger stores and hashes times as integers so that an entry read back from either database
/// hashes to exactly the bytes it was sealed with; `Date` (a `Double`) is only used at the edges.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let microsecondsSince1970: Int64

    public init(microsecondsSince1970: Int64) {
        self.microsecondsSince1970 = microsecondsSince1970
    }

    public init(_ date: Date) {
        self.microsecondsSince1970 = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSince1970) / 1_000_000) }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSince1970: microsecondsSince1970 + seconds * 1_000_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSince1970 < rhs.microsecondsSince1970
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-27T09:30:00.000Z`.
    public var iso8601: String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(
                separator: .omitted))
    }

    public var description: String { iso8601 }

    /// Reads an ISO 8601 time with a zone (`2016-01-21T17:15:00.000Z`, with or without fractional seconds);
    /// nil for anything else.
    public init?(iso8601 text: String) {
        guard text.count <= 40 else { return nil }
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = parser.date(from: text) {
            self.init(date)
            return
        }
        parser.formatOptions = [.withInternetDateTime]
        guard let date = parser.date(from: text) else { return nil }
        self.init(date)
    }

    public init(from decoder: any Decoder) throws {
        microsecondsSince1970 = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microsecondsSince1970)
    }
}

/// Where the domain reads the time. Injected everywhere so tests control it; never read the wall clock
/// directly inside domain code.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The real time of the machine.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(Date()) }
}

/// A clock that says what the test tells it to.
public final class FixedWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) { current = start }

    public func now() -> Timestamp { lock.withLock { current } }

    public func advance(seconds: Int64) {
        lock.withLock { current = current.adding(seconds: seconds) }
    }
}
