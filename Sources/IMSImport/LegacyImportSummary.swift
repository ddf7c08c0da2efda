import IMSCore
import IMSStore

/// What an import did, as printed at the end (and, with `--json`, the one JSON object on standard output).
public struct LegacyImportSummary: Sendable, Encodable {
    public var read: Int64 = 0
    public var imported: Int64 = 0
    public var rejected: Int64 = 0
    public var skipped: Int64 = 0
    /// Net per fund (refunds subtract), in pence, of the rows imported now; `net_amount_by_fund` in JSON,
    /// named by the API's rule for money (`amount` or `…_amount`, always pence, never the unit).
    public var totalsPenceByFund: [String: Int64] = [:]
    public var batches: [Int64] = []
    /// Seconds spent building search indexes at the end.
    public var indexSeconds: Double = 0
    /// Seconds spent in the first pass: reading, checking and sorting the files.
    public var sortSeconds: Double = 0
    /// The pace the import ran at (never `auto`).
    public var pace = ImportPace.bulk

    enum CodingKeys: String, CodingKey {
        case read, imported, rejected, skipped, batches, pace
        case totalsPenceByFund = "net_amount_by_fund"
    }

    public init() {}

    mutating func add(chunk: ImportChunk, outcome: ImportChunkOutcome) {
        read += chunk.rowsRead
        imported += outcome.imported
        rejected += chunk.rowsRejected + Int64(outcome.repeats.count)
        skipped += outcome.skipped
        for (fund, totals) in outcome.totalsByFund { totalsPenceByFund[fund.rawValue, default: 0] += totals.net.pence }
    }

    mutating func add(_ other: LegacyImportSummary) {
        read += other.read
        imported += other.imported
        rejected += other.rejected
        skipped += other.skipped
        for (fund, pence) in other.totalsPenceByFund { totalsPenceByFund[fund, default: 0] += pence }
        batches += other.batches
        sortSeconds += other.sortSeconds
    }
}

/// What the importer reports as it goes.
public enum ImportProgress: Sendable {
    case message(String)
    /// A chunk committed: bytes of the file read so far, and the running totals of this file.
    case rows(file: String, bytes: Int64, of: Int64, summary: LegacyImportSummary)
}
