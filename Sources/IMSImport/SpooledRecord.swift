import IMSCore
import IMSInterchange

/// A good legacy row as the import's sort files hold it: every field of the `LegacyRecord` in a compact
/// binary form (integers little-endian, texts as a length and UTF-8, a missing text as length `UInt32.max`),
/// so the sorted runs read back into exactly the record that was parsed.
enum SpooledRecord {
    private static let missing = UInt32.max

    static func append(_ record: LegacyRecord, rowHash: Int64, to bytes: inout [UInt8]) {
        integer(Int64(record.line), &bytes)
        integer(record.occurredAt.microsecondsSince1970, &bytes)
        integer(record.amount.pence, &bytes)
        integer(record.vatAmount?.pence ?? 0, &bytes)
        bytes.append(record.vatAmount == nil ? 0 : 1)
        integer(rowHash, &bytes)
        let texts: [String?] = [
            record.receiptReference, record.fund.rawValue, record.accountReference.value, record.vatCode, record.methodOfPayment,
            record.narrative, record.payerName, record.address, record.postcode, record.office, record.user, record.pspReference,
            record.cardLast4, record.originalReceiptReference,
        ]
        for text in texts { self.text(text, &bytes) }
    }

    /// The record and its content hash back from `bytes`.
    static func read(_ bytes: UnsafeRawBufferPointer) throws(InterchangeError) -> (record: LegacyRecord, rowHash: Int64) {
        var reader = Reader(bytes: bytes)
        let line = try reader.integer()
        let occurredAt = try reader.integer()
        let amount = try reader.integer()
        let vat = try reader.integer()
        let hasVAT = try reader.byte() == 1
        let rowHash = try reader.integer()
        var texts: [String?] = []
        texts.reserveCapacity(14)
        for _ in 0..<14 { texts.append(try reader.text()) }
        guard let receipt = texts[0], let fundText = texts[1], let account = texts[2], let fund = try? FundCode(parsing: fundText) else {
            throw InterchangeError(.fileUnreadable, "The import's sort file holds a record without its receipt, fund or account")
        }
        let record = LegacyRecord(
            line: Int(line), receiptReference: receipt, occurredAt: Timestamp(microsecondsSince1970: occurredAt), fund: fund,
            accountReference: AccountReference(normalising: account), amount: Money(pence: amount), vatCode: texts[3],
            vatAmount: hasVAT ? Money(pence: vat) : nil, methodOfPayment: texts[4], narrative: texts[5], payerName: texts[6],
            address: texts[7], postcode: texts[8], office: texts[9], user: texts[10], pspReference: texts[11], cardLast4: texts[12],
            originalReceiptReference: texts[13])
        return (record, rowHash)
    }

    private static func integer(_ value: Int64, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func text(_ value: String?, _ bytes: inout [UInt8]) {
        guard let value else {
            withUnsafeBytes(of: missing.littleEndian) { bytes.append(contentsOf: $0) }
            return
        }
        var text = value
        text.withUTF8 { utf8 in
            withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func take(_ count: Int) throws(InterchangeError) -> UnsafeRawBufferPointer {
            guard count >= 0, offset + count <= bytes.count else {
                throw InterchangeError(.fileUnreadable, "The import's sort file holds a record cut short")
            }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func integer() throws(InterchangeError) -> Int64 {
            Int64(littleEndian: try take(8).loadUnaligned(as: Int64.self))
        }

        mutating func byte() throws(InterchangeError) -> UInt8 { try take(1)[0] }

        mutating func text() throws(InterchangeError) -> String? {
            let length = UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))
            guard length != SpooledRecord.missing else { return nil }
            return String(decoding: try take(Int(length)), as: UTF8.self)
        }
    }
}
