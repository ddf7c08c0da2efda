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

/// Where an import starts: a new batch from the first row, or an interrupted one after its last committed
/// chunk.
public struct ImportStart: Hashable, Sendable {
    public var batch: ImportBatch
    /// `nil` for a new batch; otherwise the byte offset and physical line of the next row to read.
    public var resumeAt: ResumePoint?

    public struct ResumePoint: Hashable, Sendable {
        public var offset: Int64
        public var line: Int64

        public init(offset: Int64, line: Int64) {
            self.offset = offset
            self.line = line
        }
    }
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

/// One all-or-nothing step of an import: its good records, how many rows it read and rejected while parsing,
/// and where the file continues after it.
public struct ImportChunk: Sendable {
    public var records: [MigratedRecord]
    public var rowsRead: Int64
    public var rowsRejected: Int64
    public var firstLine: Int64
    public var resumeAt: ImportStart.ResumePoint

    public init(records: [MigratedRecord], rowsRead: Int64, rowsRejected: Int64, firstLine: Int64, resumeAt: ImportStart.ResumePoint) {
        self.records = records
        self.rowsRead = rowsRead
        self.rowsRejected = rowsRejected
        self.firstLine = firstLine
        self.resumeAt = resumeAt
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

    public struct Repeat: Hashable, Sendable {
        /// The rejected row's line.
        public var line: Int64
        /// Where the key's holder came from: its batch (this one for an earlier row of the same file) and line.
        public var firstBatch: Int64
        public var firstLine: Int64
    }

    public init() {}
}
