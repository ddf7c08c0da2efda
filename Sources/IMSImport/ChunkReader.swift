import IMSCore
import IMSInterchange
import IMSStore

/// Reads a legacy file a chunk at a time: the good rows as migrated records ready for the store, and the
/// rejected rows for the errors file. Used by one task at a time (the importer starts reading the next
/// chunk only after the previous read has finished), hence `@unchecked Sendable`.
final class ChunkReader: @unchecked Sendable {
    struct Parsed: Sendable {
        var chunk: ImportChunk
        var rejections: [LegacyRowError]
        /// The good rows' records, to describe a repeat found by the store.
        var records: [LegacyRecord]
        let parser: LegacyRowParser
        let batchID: Int64

        /// The errors of rows the store found repeating a key; the records are in file order, so by line.
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

    private let reader: LegacyReader
    private let batchID: Int64
    private let chunkRecords: Int
    private let chunkBytes: Int

    /// A chunk's file bytes at most (besides its records): rows of long narratives and addresses must not
    /// make a chunk of 50,000 records hold gigabytes; two chunks are in memory at once.
    static let defaultChunkBytes = 32 << 20

    init(reader: LegacyReader, batchID: Int64, chunkRecords: Int, chunkBytes: Int = defaultChunkBytes) {
        self.reader = reader
        self.batchID = batchID
        self.chunkRecords = max(1, chunkRecords)
        self.chunkBytes = max(1, chunkBytes)
    }

    func resume(at point: ImportStart.ResumePoint) throws {
        try reader.resume(at: (Int(point.offset), Int(point.line)))
    }

    /// The next chunk, or `nil` when the file is finished.
    func nextChunk() throws -> Parsed? {
        let firstLine = Int64(reader.resumePoint.line)
        var migrated: [MigratedRecord] = []
        var records: [LegacyRecord] = []
        var rejections: [LegacyRowError] = []
        var rowsRead: Int64 = 0
        migrated.reserveCapacity(chunkRecords)
        records.reserveCapacity(chunkRecords)
        // Bounded by rows read as well, so a file of nothing but bad rows still moves in chunks, and by bytes,
        // so a file of very long rows does too.
        let startOffset = reader.resumePoint.offset
        while migrated.count < chunkRecords, rowsRead < Int64(chunkRecords) * 2, reader.resumePoint.offset - startOffset < chunkBytes,
            let row = try reader.next()
        {
            rowsRead += 1
            switch row {
            case .rejected(let error): rejections.append(error)
            case .record(let record):
                records.append(record)
                migrated.append(
                    MigratedRecord(
                        record: Self.transactionRecord(record, batchID: batchID),
                        duplicateKey: reader.parser.duplicateKey(of: record).description, rowHash: Self.contentHash(record)))
            }
        }
        guard rowsRead > 0 else { return nil }
        let point = reader.resumePoint
        let chunk = ImportChunk(
            records: migrated, rowsRead: rowsRead, rowsRejected: Int64(rejections.count), firstLine: firstLine,
            resumeAt: .init(offset: Int64(point.offset), line: Int64(point.line)))
        return Parsed(chunk: chunk, rejections: rejections, records: records, parser: reader.parser, batchID: batchID)
    }

    static func transactionRecord(_ record: LegacyRecord, batchID: Int64) -> TransactionRecord {
        TransactionRecord(
            id: RecordID.migrated(occurredAt: record.occurredAt, seed: UInt64(batchID) << 40 ^ UInt64(record.line)),
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
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String?) {
            for byte in (text ?? "").utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01B3
        }
        let fields: [String?] = [
            record.receiptReference, String(record.occurredAt.microsecondsSince1970), record.fund.rawValue, record.accountReference.value,
            String(record.amount.pence), record.vatCode, record.vatAmount.map { String($0.pence) }, record.methodOfPayment, record.narrative,
            record.payerName, record.address, record.postcode, record.office, record.user, record.pspReference, record.cardLast4,
            record.originalReceiptReference,
        ]
        fields.forEach(mix)
        return Int64(bitPattern: hash)
    }
}
