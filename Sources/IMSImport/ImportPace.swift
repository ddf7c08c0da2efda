/// How an import shares the database (decision 0017).
public enum ImportPace: String, Sendable, Encodable, CaseIterable {
    /// Alongside a running IMS (go-live while counters and the website take payments): short write
    /// transactions with a pause after each, so payments wait for at most one of them, and the search indexes
    /// kept in place so searches keep answering (and find what is loaded so far).
    case live
    /// As fast as the machine allows: large transactions back to back, and the search indexes dropped for a
    /// load larger than the table and built again at the end (searches slow to scans until then).
    case bulk
    /// `live` when IMS took or moved money in the last `recentActivitySeconds`, `bulk` otherwise.
    case auto

    /// How recent a payment or entry makes `auto` choose `live`.
    public static let recentActivitySeconds: Int64 = 15 * 60
}

/// The size of each chunk and the pause after it. In bulk, the chunk size asked for and no pause. Live, it
/// watches whether anyone else writes: while nobody does, chunks of about `quiet.hold` with a short pause; once
/// someone does (another writer committed since the last chunk, or the chunk had to wait for the lock), chunks
/// of about `shared.hold` with a pause at least as long, so that a payment waits for one short transaction at
/// most and finds the lock free when it asks again (SQLite's busy wait polls at growing intervals). Chunk sizes
/// follow the time chunks take, as the table grows and the machine's load changes.
struct ChunkPacing {
    struct Rhythm {
        let hold: Duration
        let pause: Duration
    }

    static let quiet = Rhythm(hold: .milliseconds(100), pause: .milliseconds(5))
    static let shared = Rhythm(hold: .milliseconds(15), pause: .milliseconds(30))
    static let liveRecords = 20...10_000
    /// A wait for the lock longer than this means another writer held it.
    static let contendedWait = Duration.milliseconds(2)

    let live: Bool
    private let largest: Int
    private(set) var records: Int
    private var lastDataVersion: Int64?

    init(live: Bool, chunkRecords: Int) {
        self.live = live
        largest = max(1, chunkRecords)
        records = live ? min(largest, 200) : largest
    }

    /// After a chunk of `count` records waited `waited` for the lock and then held it for `held`: the pause
    /// before the next chunk, with the size of the chunk after it adjusted to the rhythm.
    mutating func pause(afterWriting count: Int, waited: Duration, held: Duration, dataVersion: Int64?) -> Duration {
        guard live else { return .zero }
        let othersWrote = dataVersion == nil || lastDataVersion.map { $0 != dataVersion } ?? false
        lastDataVersion = dataVersion
        let shared = othersWrote || waited > Self.contendedWait
        let rhythm = shared ? Self.shared : Self.quiet
        let factor = min(2, max(0.05, rhythm.hold.seconds / max(held.seconds, 0.000_1)))
        let next = Int((Double(count) * factor).rounded())
        records = min(largest, min(Self.liveRecords.upperBound, max(Self.liveRecords.lowerBound, next)))
        return shared ? max(rhythm.pause, held) : rhythm.pause
    }
}
