import Foundation
import IMSCore
import IMSInterchange
import IMSStore

/// The second pass of an import: the good rows of `SortingPass` a chunk at a time, ready for the store. First
/// every row that is not a repeat, in record-id order; then the repeats in line order, so each meets its key
/// already held (by the first occurrence in the file, or by an earlier import). A record's place in that
/// sequence is its position; a batch keeps how many positions it has loaded, so an interrupted import sorts
/// the file again and continues after them. Used by one task at a time, hence `@unchecked Sendable`.
final class ChunkReader: @unchecked Sendable {
    struct Parsed: Sendable {
        var chunk: ImportChunk
        /// The good rows' records, to describe a repeat found by the store.
        var records: [LegacyRecord]
        let parser: LegacyRowParser
        let batchID: Int64

        /// The errors of rows the store found repeating a key, in the order the chunk met them.
        func repeatErrors(_ repeats: [ImportChunkOutcome.Repeat]) -> [LegacyRowError] {
            guard !repeats.isEmpty else { return [] }
            let byLine = Dictionary(uniqueKeysWithValues: records.map { (Int64($0.line), $0) })
            return repeats.compactMap { repeated in
                byLine[repeated.line].map {
                    parser.duplicateError(
                        for: $0, firstLine: Int(repeated.firstLine), earlierBatch: repeated.firstBatch == batchID ? nil : repeated.firstBatch)
                }
            }
        }
    }

    private let sorted: SortingPass.Result
    private let parser: LegacyRowParser
    private let batchID: Int64
    private let chunkRecords: Int
    private let chunkBytes: Int
    private let directory: String
    private let bufferBytes: Int
    /// Positions already loaded by an earlier run of this batch; nil when nothing is (the first chunk then
    /// also counts the rows the first pass rejected).
    private var loaded: Int64?
    private var position: Int64 = 0
    private var merger: SortedRunMerger?
    private var repeatRuns: SortedRunWriter?
    private var readingRepeats = false
    private var finished = false

    /// A chunk's record bytes at most (as sorted), besides its record count: rows of long narratives and
    /// addresses must not make a chunk of 25,000 records hold gigabytes; two chunks are in memory at once.
    static let defaultChunkBytes = 16 << 20

    init(
        sorted: SortingPass.Result, parser: LegacyRowParser, batchID: Int64, chunkRecords: Int, loaded: Int64?, directory: String,
        bufferBytes: Int, chunkBytes: Int = defaultChunkBytes
    ) throws(InterchangeError) {
        self.sorted = sorted
        self.parser = parser
        self.batchID = batchID
        self.chunkRecords = max(1, chunkRecords)
        self.chunkBytes = max(1, chunkBytes)
        self.loaded = loaded
        self.directory = directory
        self.bufferBytes = bufferBytes
        merger = try SortedRunMerger(runs: sorted.recordRuns, comparesPayload: false)
        if !sorted.repeats.isEmpty {
            repeatRuns = SortedRunWriter(directory: directory, name: "repeats", comparesPayload: false, bufferBytes: bufferBytes / 4)
        }
    }

    /// The next chunk (of `limit` records at most, or the reader's chunk size), or `nil` when every record is
    /// loaded.
    func nextChunk(records limit: Int? = nil) throws -> Parsed? {
        guard !finished else { return nil }
        let chunkRecords = max(1, limit ?? chunkRecords)
        var migrated: [MigratedRecord] = []
        var records: [LegacyRecord] = []
        var bytes = 0
        migrated.reserveCapacity(min(chunkRecords, 65_536))
        while migrated.count < chunkRecords, bytes < chunkBytes, let entry = try nextEntry() {
            position += 1
            if let loaded, position <= loaded { continue }
            bytes += entry.payload.count
            let (record, rowHash) = try SpooledRecord.read(entry.payload)
            records.append(record)
            migrated.append(
                MigratedRecord(
                    record: Self.transactionRecord(record, batchID: batchID), duplicateKey: parser.duplicateKey(of: record).description,
                    rowHash: rowHash))
        }
        let first = loaded == nil
        if migrated.isEmpty {
            finished = true
            // A file whose rows were all rejected still records what it read, in one chunk.
            guard first else { return nil }
        }
        let lines = records.map { Int64($0.line) }
        let chunk = ImportChunk(
            records: migrated, rowsRead: Int64(migrated.count) + (first ? sorted.rejected : 0), rowsRejected: first ? sorted.rejected : 0,
            lines: (lines.min() ?? 1)...(lines.max() ?? 1), loadedThrough: position)
        loaded = loaded ?? 0
        return Parsed(chunk: chunk, records: records, parser: parser, batchID: batchID)
    }

    /// The next record of the sequence: the id-ordered runs (setting the repeats aside), then the repeats.
    private func nextEntry() throws -> SortedRunReader? {
        while let merger {
            if let entry = try merger.next() {
                guard !readingRepeats, let repeatRuns, sorted.repeats[entry.line] != nil else { return entry }
                try repeatRuns.add(key: UInt64(entry.line), line: entry.line) { $0.append(contentsOf: entry.payload) }
                continue
            }
            guard !readingRepeats, let repeatRuns else {
                self.merger = nil
                return nil
            }
            try repeatRuns.finish()
            readingRepeats = true
            self.merger = try SortedRunMerger(runs: repeatRuns.runs, comparesPayload: false)
        }
        return nil
    }

    /// The seed of a migrated record's id: unique to the batch and line.
    static func idSeed(batchID: Int64, line: Int) -> UInt64 { UInt64(batchID) << 40 ^ UInt64(line) }

    static func transactionRecord(_ record: LegacyRecord, batchID: Int64) -> TransactionRecord {
        TransactionRecord(
            id: RecordID.migrated(occurredAt: record.occurredAt, seed: idSeed(batchID: batchID, line: record.line)),
            occurredAt: record.occurredAt, kind: record.isRefund ? .refund : .payment, source: .legacy, entryID: 0,
            receiptReference: record.receiptReference, originalReceiptReference: record.originalReceiptReference, fund: record.fund,
            accountReference: record.accountReference.value, amount: record.amount, vatCode: record.vatCode, vatAmount: record.vatAmount,
            origin: Origin(office: record.office, methodOfPayment: record.methodOfPayment), user: record.user,
            providerReference: record.pspReference, card: CardSummary(lastFourDigits: record.cardLast4),
            payer: PayerDetails(name: record.payerName, address: record.address, postcode: record.postcode.map(Postcode.normalise)),
            narrative: record.narrative, importBatchID: batchID, fileLine: Int64(record.line))
    }

    /// A stable 64-bit FNV-1a hash of what the row says (not where it is in the file).
    static func contentHash(_ record: LegacyRecord) -> Int64 {
        var hash = FNV1a()
        func mix(_ text: String?) {
            hash.add(text ?? "")
            hash.add(byte: 0x1F)  // the unit separator between fields
        }
        let fields: [String?] = [
            record.receiptReference, String(record.occurredAt.microsecondsSince1970), record.fund.rawValue, record.accountReference.value,
            String(record.amount.pence), record.vatCode, record.vatAmount.map { String($0.pence) }, record.methodOfPayment, record.narrative,
            record.payerName, record.address, record.postcode, record.office, record.user, record.pspReference, record.cardLast4,
            record.originalReceiptReference,
        ]
        fields.forEach(mix)
        return Int64(bitPattern: hash.value)
    }
}
