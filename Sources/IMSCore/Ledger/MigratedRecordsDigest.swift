import Crypto

/// A SHA-256 digest over the migrated records of one migration entry, in record-id order, held in the
/// entry (`EntryContent.recordsDigest`) so that the hash chain seals the records themselves, not only
/// their totals: moving a penny between two records of a chunk, or changing a payer's name, changes the
/// digest (decision 0008). Every field search and exports show is covered, except `isReversed`, which a
/// batch's reversal sets (and which is itself a sealed entry).
///
/// The encoding is fixed-width where it can be (an integer is a tag and 8 bytes, a text a tag, 4 bytes of
/// length and its UTF-8), so that hashing keeps up with an import of hundreds of thousands of rows a second.
public struct MigratedRecordsDigest {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    public private(set) var records: Int64 = 0

    private let flushBytes: Int

    /// `flushBytes`: how much encoded text to gather before hashing it (large for one digest written at
    /// import speed, small for the many digests `ims verify` keeps at once).
    public init(flushBytes: Int = 1 << 16) {
        self.flushBytes = flushBytes
    }

    /// Adds the next record; records must come in ascending id order.
    public mutating func add(_ record: TransactionRecord) {
        add(record, id: record.id, entryID: record.entryID)
    }

    /// Adds the next record as stored under `id` and `entryID` (an import's record before it has them),
    /// without a copy of it.
    public mutating func add(_ record: TransactionRecord, id: Int64, entryID: Int64) {
        append(id)
        append(record.occurredAt.microsecondsSince1970)
        append(record.kind.rawValue)
        append(record.source.rawValue)
        append(entryID)
        append(record.importBatchID)
        append(record.fileLine)
        append(record.receiptReference)
        append(record.originalReceiptReference)
        append(record.fund.rawValue)
        append(record.accountReference)
        append(record.amount.pence)
        append(record.vatCode)
        append(record.vatAmount?.pence)
        append(record.origin.methodOfPayment)
        append(record.origin.channel)
        append(record.origin.office)
        append(record.user)
        append(record.providerReference)
        append(record.card.lastFourDigits)
        append(record.payer.name)
        append(record.payer.address)
        append(record.payer.postcode)
        append(record.narrative)
        records += 1
        if buffer.count >= flushBytes { flush() }
    }

    /// The digest as hex, with the number of records first: `12345:…`.
    public func finalize() -> String {
        var copy = self
        copy.flush()
        return "\(records):" + LedgerHash.hex(copy.hasher.finalize())
    }

    private mutating func flush() {
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ number: Int64?) {
        guard let number else { buffer.append(UInt8(ascii: "N")); return }
        buffer.append(UInt8(ascii: "I"))
        withUnsafeBytes(of: number.bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String?) {
        guard var text else { buffer.append(UInt8(ascii: "N")); return }
        buffer.append(UInt8(ascii: "S"))
        let count = UInt32(text.utf8.count)
        withUnsafeBytes(of: count.bigEndian) { buffer.append(contentsOf: $0) }
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }
}
