/// The id of a searchable income record, chosen so that ids follow the time of the transaction: the UTC
/// second in the high bits and 21 low bits to tell records of the same second apart. Migrated history
/// (imported after go-live) therefore sorts before live income, and "newest first" is a reverse scan of
/// the id, of any index ending in the id, and of the full-text index's row ids. See
/// docs/decisions/0007-legacy-migration-and-search.md.
public enum RecordID {
    public static let lowBits: Int64 = 21
    public static let lowMask: Int64 = (1 << lowBits) - 1

    /// The first id of a UTC second (seconds before 1970 are clamped to 0).
    public static func first(ofSecond second: Int64) -> Int64 { max(0, second) << lowBits }

    /// The first id at or after an instant's second.
    public static func first(atOrAfter time: Timestamp) -> Int64 { first(ofSecond: floorSeconds(time)) }

    /// The UTC second an id belongs to.
    public static func second(of id: Int64) -> Int64 { id >> lowBits }

    /// An id for a live record: the microseconds within the second, doubled, in the low bits, so records
    /// of one second keep their order; a collision moves to the next free id of the same second.
    public static func live(occurredAt time: Timestamp) -> Int64 {
        let micros = time.microsecondsSince1970 - floorSeconds(time) * 1_000_000
        return first(atOrAfter: time) | ((micros << 1) & lowMask)
    }

    /// An id for a migrated record (whole seconds): low bits from a hash of something unique to the row,
    /// so that rows of the same second rarely collide; a collision moves to the next free id.
    public static func migrated(occurredAt time: Timestamp, seed: UInt64) -> Int64 {
        var hash = seed &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
        return first(atOrAfter: time) | Int64(hash & UInt64(lowMask))
    }

    /// The next id in the same second, wrapping within it; used after a collision.
    public static func next(after id: Int64) -> Int64 {
        (id & ~lowMask) | ((id + 1) & lowMask)
    }

    private static func floorSeconds(_ time: Timestamp) -> Int64 {
        let micros = time.microsecondsSince1970
        return micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
    }
}
