import IMSCore

/// The file an import batch reads: its name (not its path), size, a fingerprint that recognises the same
/// file again (to resume it), and the mapping it is read with (kept with the batch, shown to auditors).
public struct ImportSource: Hashable, Sendable {
    public var fileName: String
    public var fileSize: Int64
    public var fingerprint: String
    public var mapping: String

    public init(fileName: String, fileSize: Int64, fingerprint: String, mapping: String) {
        self.fileName = fileName
        self.fileSize = fileSize
        self.fingerprint = fingerprint
        self.mapping = mapping
    }
}

/// Where an import starts: a new batch, or an interrupted one after its last committed chunk.
public struct ImportStart: Hashable, Sendable {
    public var batch: ImportBatch
    /// `nil` while no chunk of the batch is committed; otherwise how many records (in the order the importer
    /// loads them, which does not depend on the file's order) are loaded.
    public var loaded: Int64?
}

/// A migrated record on its way in, with the key no other migrated record may share.
public struct MigratedRecord: Hashable, Sendable {
    /// `source` legacy, `fileLine` set, `id` from `RecordID.migrated` (the store moves it on a collision).
    public var record: TransactionRecord
    /// The legacy duplicate key (`R000123` or `R000123|2019`).
    public var duplicateKey: String
    /// A hash of the row's content: a key already imported with the same content is the same row imported
    /// again (skipped); with other content it is a different record reusing the number (rejected).
    public var rowHash: Int64
    /// The record's full-text words, folded where the record is built (the importer's reading task), so the
    /// writing task only writes.
    public var searchWords: String

    public init(record: TransactionRecord, duplicateKey: String, rowHash: Int64) {
        self.record = record
        self.duplicateKey = duplicateKey
        self.rowHash = rowHash
        searchWords = record.searchText
    }
}

/// One all-or-nothing step of an import: its good records, how many rows it accounts for as read and as
/// rejected while parsing (the first chunk of a batch also counts the file's rejected rows), the lines its
/// records span, and how many records of the batch are loaded once it is.
public struct ImportChunk: Sendable {
    public var records: [MigratedRecord]
    public var rowsRead: Int64
    public var rowsRejected: Int64
    public var lines: ClosedRange<Int64>
    public var loadedThrough: Int64
    /// The records' indexes in duplicate-key order (then line), the order the register is best visited in;
    /// worked out by whoever makes the chunk, so the writer need not. Set by `init`.
    public private(set) var claimOrder: [Int]

    public init(records: [MigratedRecord], rowsRead: Int64, rowsRejected: Int64, lines: ClosedRange<Int64>, loadedThrough: Int64) {
        claimOrder = records.indices.sorted {
            (records[$0].duplicateKey, records[$0].record.fileLine ?? 0) < (records[$1].duplicateKey, records[$1].record.fileLine ?? 0)
        }
        self.records = records
        self.rowsRead = rowsRead
        self.rowsRejected = rowsRejected
        self.lines = lines
        self.loadedThrough = loadedThrough
    }
}

/// What a chunk came to once written.
public struct ImportChunkOutcome: Hashable, Sendable {
    public var imported: Int64 = 0
    /// Rows whose key an earlier import already holds: not imported again, not an error.
    public var skipped: Int64 = 0
    /// Rows whose key another record holds — an earlier row of this file, or a different record of an
    /// earlier import: rejected, and the importer writes them to the errors file.
    public var repeats: [Repeat] = []
    public var totalsByFund: [FundCode: MigrationPosting.FundTotals] = [:]
    /// When the chunk's transaction had the database to itself (after waiting for any other writer): an
    /// import sharing the database paces itself by how long it holds it.
    public var began: ContinuousClock.Instant?
    /// SQLite's `data_version` as the chunk's transaction saw it: it differs from the previous chunk's when
    /// another connection (a running IMS taking a payment) wrote in between. Nil on PostgreSQL.
    public var dataVersion: Int64?

    public struct Repeat: Hashable, Sendable {
        /// The rejected row's line.
        public var line: Int64
        /// Where the key's holder came from: its batch (this one for an earlier row of the same file) and line.
        public var firstBatch: Int64
        public var firstLine: Int64
    }

    public init() {}
}
