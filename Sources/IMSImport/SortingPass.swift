import Foundation
import IMSCore
import IMSInterchange

/// The first pass of an import: reads the whole file once, hands each rejected row to `rejected`, and sorts
/// the good rows two ways through sort files: by record id (the order the loader writes them in, so the
/// search table grows at its end whatever the order of the file) and by duplicate key (to find every row
/// that repeats the key of an earlier row of the file). Used by one task at a time, hence `@unchecked
/// Sendable`. See decision 0016.
final class SortingPass: @unchecked Sendable {
    struct Result: Sendable {
        /// Rows read, good and bad.
        var rowsRead: Int64 = 0
        /// Rows rejected while parsing.
        var rejected: Int64 = 0
        /// The good rows, in record-id order once merged.
        var recordRuns: [String] = []
        var records: Int64 = 0
        /// The rows that repeat the duplicate key of an earlier row of the file: line → the first row's line.
        var repeats: [Int64: Int64] = [:]
    }

    private let reader: LegacyReader
    private let batchID: Int64
    private let directory: String
    private let bufferBytes: Int

    /// `bufferBytes` bounds the sort buffer of the records (the keys' buffer is a quarter of it).
    init(reader: LegacyReader, batchID: Int64, directory: String, bufferBytes: Int) {
        self.reader = reader
        self.batchID = batchID
        self.directory = directory
        self.bufferBytes = bufferBytes
    }

    /// Reads the file to its end; `rejected` gets the rejected rows, a few thousand at a time, in line order.
    /// The file is parsed a batch of rows ahead, on the other core, while this task sorts the batch before.
    func run(rejected: @Sendable ([LegacyRowError]) throws -> Void) async throws -> Result {
        var result = Result()
        let records = SortedRunWriter(directory: directory, name: "records", comparesPayload: false, bufferBytes: bufferBytes)
        let keys = SortedRunWriter(directory: directory, name: "keys", comparesPayload: true, bufferBytes: bufferBytes / 4)
        var rejections: [LegacyRowError] = []
        var pending = Task { try self.nextRows() }
        while let rows = try await pending.value {
            pending = Task { try self.nextRows() }
            for row in rows {
                try sort(row, into: records, keys: keys, rejections: &rejections, result: &result)
                if rejections.count >= 10_000 {
                    try rejected(rejections)
                    rejections.removeAll(keepingCapacity: true)
                }
            }
        }
        try rejected(rejections)
        try records.finish()
        try keys.finish()
        result.recordRuns = records.runs
        result.records = records.count
        result.repeats = try Self.repeats(in: keys.runs)
        for run in keys.runs { try? FileManager.default.removeItem(atPath: run) }
        return result
    }

    /// The next few thousand rows of the file, nil at its end.
    private func nextRows() throws -> [LegacyRow]? {
        var rows: [LegacyRow] = []
        rows.reserveCapacity(Self.rowsAhead)
        while rows.count < Self.rowsAhead, let row = try reader.next() { rows.append(row) }
        return rows.isEmpty ? nil : rows
    }

    private static let rowsAhead = 4_096

    private func sort(
        _ row: LegacyRow, into records: SortedRunWriter, keys: SortedRunWriter, rejections: inout [LegacyRowError], result: inout Result
    ) throws {
        result.rowsRead += 1
        switch row {
        case .rejected(let error):
            rejections.append(error)
            result.rejected += 1
        case .record(let record):
            let id = RecordID.migrated(occurredAt: record.occurredAt, seed: ChunkReader.idSeed(batchID: batchID, line: record.line))
            let line = Int64(record.line)
            let rowHash = ChunkReader.contentHash(record)
            try records.add(key: UInt64(bitPattern: id), line: line) { SpooledRecord.append(record, rowHash: rowHash, to: &$0) }
            var key = reader.parser.duplicateKey(of: record).description
            try key.withUTF8 { utf8 in
                try keys.add(key: FNV1a.hash(utf8), line: line) { $0.append(contentsOf: utf8) }
            }
        }
    }

    /// Walks the keys in order: of the rows sharing a key, every one after the first (by line) repeats it.
    private static func repeats(in runs: [String]) throws -> [Int64: Int64] {
        let merger = try SortedRunMerger(runs: runs, comparesPayload: true)
        var repeats: [Int64: Int64] = [:]
        var previousHash: UInt64 = 0
        var previousKey: [UInt8] = []
        var firstLine: Int64 = -1
        while let entry = try merger.next() {
            let same =
                firstLine >= 0 && entry.key == previousHash
                && previousKey.withUnsafeBytes { SortedRunWriter.compare($0, entry.payload) == 0 }
            if same {
                repeats[entry.line] = firstLine
            } else {
                previousHash = entry.key
                previousKey = Array(entry.payload)
                firstLine = entry.line
            }
        }
        return repeats
    }
}
