import Foundation

/// Reads an RFC 4180 CSV file record by record, in large chunks, without holding more than one chunk and one
/// record in memory, so that a file of millions of rows reads in flat memory.
///
/// Accepts LF and CRLF line ends, quoted fields holding commas, doubled quotes and newlines, a UTF-8 byte
/// order mark, and a last line without a line end. Blank lines are skipped (they still count as lines).
/// A record that breaks the quoting rules or the limits comes back as `.malformed` with the line where it
/// starts; the reader then carries on with the next record, so one bad row never stops a migration.
///
/// Works on UTF-8 bytes, not `Character`s: the format's special characters are all ASCII, and a byte scan
/// is what lets a migration read a million rows a second.
public final class CSVReader {
    /// Upper bounds on what one record may hold; a record over them is reported malformed, not read.
    public struct Limits: Sendable {
        public var maximumFieldBytes: Int
        public var maximumRecordBytes: Int
        public var maximumFieldCount: Int

        public init(maximumFieldBytes: Int = 64 * 1024, maximumRecordBytes: Int = 1024 * 1024, maximumFieldCount: Int = 512) {
            self.maximumFieldBytes = maximumFieldBytes
            self.maximumRecordBytes = maximumRecordBytes
            self.maximumFieldCount = maximumFieldCount
        }
    }

    /// 1 MiB: large enough that reading costs little next to parsing, small enough to keep memory flat.
    public static let defaultChunkBytes = 1 << 20

    private enum Source {
        case file(FileHandle)
        case memory([UInt8], offset: Int)
    }

    private var source: Source
    /// The chunk being read. A record always lies whole in it: when a chunk ends inside a record, the
    /// record's start moves to the front before the next chunk is read in after it.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var position = 0
    private var end = 0
    private var hasStarted = false
    private var isExhausted = false
    private var line = 1
    private let limits: Limits
    /// Room for one record's field bounds, reused record after record.
    private let boundsStorage: UnsafeMutablePointer<CSVRecord.FieldBounds>

    /// How many bytes of the input have been read so far, for progress reports.
    public private(set) var bytesRead = 0

    /// Reads the file at `path`.
    public convenience init(path: String, limits: Limits = Limits(), chunkBytes: Int = CSVReader.defaultChunkBytes) throws(InterchangeError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InterchangeError(.fileUnreadable, "Cannot open \(path) for reading")
        }
        self.init(source: .file(handle), limits: limits, chunkBytes: chunkBytes)
    }

    /// Reads bytes already in memory; `chunkBytes` lets tests put chunk boundaries anywhere.
    public convenience init(bytes: [UInt8], limits: Limits = Limits(), chunkBytes: Int = CSVReader.defaultChunkBytes) {
        self.init(source: .memory(bytes, offset: 0), limits: limits, chunkBytes: chunkBytes)
    }

    /// Reads text already in memory.
    public convenience init(string: String, limits: Limits = Limits(), chunkBytes: Int = CSVReader.defaultChunkBytes) {
        self.init(bytes: Array(string.utf8), limits: limits, chunkBytes: chunkBytes)
    }

    private init(source: Source, limits: Limits, chunkBytes: Int) {
        precondition(chunkBytes >= 4, "a chunk must hold at least a byte order mark")
        precondition(limits.maximumRecordBytes < Int(Int32.max) / 2, "records are limited to well under 2 GiB")
        self.source = source
        self.limits = limits
        capacity = chunkBytes
        buffer = .allocate(capacity: chunkBytes)
        boundsStorage = .allocate(capacity: limits.maximumFieldCount)
    }

    deinit {
        buffer.deallocate()
        boundsStorage.deallocate()
        if case .file(let handle) = source { try? handle.close() }
    }

    /// The next record, or `nil` at the end of the input. Throws only when the input cannot be read.
    public func next() throws(InterchangeError) -> CSVRow? {
        var scan = RecordScan(start: position, line: line, limits: limits, bounds: boundsStorage)
        var state = ScanState.fieldStart
        while true {
            if position == end {
                if !scan.isSkipping && end - scan.start > limits.maximumRecordBytes {
                    scan.markMalformed(.csvTooLarge, "The record is longer than \(limits.maximumRecordBytes) bytes")
                }
                guard try refill(keepingRecordAt: &scan.start, keep: !scan.isSkipping) else {
                    return finishAtEndOfInput(&scan, state: state)
                }
            }
            let endsRecord: Bool
            switch state {
            case .fieldStart: endsRecord = startField(&scan, &state)
            case .unquoted: endsRecord = scanUnquoted(&scan, &state)
            case .quoted: endsRecord = scanQuoted(&scan, &state)
            case .afterQuote, .afterQuoteCR: endsRecord = afterClosingQuote(&scan, &state)
            }
            if endsRecord, let row = endRecord(&scan) { return row }
        }
    }

    // MARK: States. Each consumes what it can of the buffer and says whether a line feed ended the record.

    @inline(__always)
    private func startField(_ scan: inout RecordScan, _ state: inout ScanState) -> Bool {
        if buffer[position] == CSVByte.quote {
            position += 1
            scan.beginField(at: position, quoted: true)
            state = .quoted
        } else {
            scan.beginField(at: position, quoted: false)
            state = .unquoted
        }
        return false
    }

    /// Up to the next comma, line feed or (misplaced) quote, eight bytes at a time.
    @inline(__always)
    private func scanUnquoted(_ scan: inout RecordScan, _ state: inout ScanState) -> Bool {
        var index = position
        while index &+ 8 <= end {
            let word = ByteWords.load(buffer + index)
            let stops = ByteWords.matches(word, CSVByte.comma) | ByteWords.matches(word, CSVByte.lineFeed) | ByteWords.matches(word, CSVByte.quote)
            if stops != 0 {
                index &+= ByteWords.firstIndex(stops)
                break
            }
            index &+= 8
        }
        while index < end {
            let byte = buffer[index]
            if byte == CSVByte.comma || byte == CSVByte.lineFeed || byte == CSVByte.quote { break }
            index &+= 1
        }
        position = index
        guard index < end else { return false }
        let byte = buffer[index]
        position += 1
        if byte == CSVByte.comma {
            scan.endField(at: index)
            state = .fieldStart
            return false
        } else if byte == CSVByte.lineFeed {
            let endsWithCR = !scan.isSkipping && index > scan.start + scan.fieldStart && buffer[index - 1] == CSVByte.carriageReturn
            scan.endField(at: endsWithCR ? index - 1 : index)
            state = .fieldStart
            return true
        } else {
            scan.markMalformed(
                .csvMalformedQuote, "A quote (\") appears inside a field that does not start with one; quote the whole field and double the quote")
            return false
        }
    }

    /// Up to the next quote, counting the line feeds passed, eight bytes at a time.
    @inline(__always)
    private func scanQuoted(_ scan: inout RecordScan, _ state: inout ScanState) -> Bool {
        var index = position
        var lineFeeds = 0
        while index &+ 8 <= end {
            let word = ByteWords.load(buffer + index)
            let quotes = ByteWords.matches(word, CSVByte.quote)
            let lineFeedsInWord = ByteWords.matches(word, CSVByte.lineFeed)
            if quotes != 0 {
                lineFeeds &+= (lineFeedsInWord & ByteWords.before(first: quotes)).nonzeroBitCount
                index &+= ByteWords.firstIndex(quotes)
                break
            }
            lineFeeds &+= lineFeedsInWord.nonzeroBitCount
            index &+= 8
        }
        while index < end {
            let byte = buffer[index]
            if byte == CSVByte.quote { break }
            if byte == CSVByte.lineFeed { lineFeeds &+= 1 }
            index &+= 1
        }
        line += lineFeeds
        position = index
        if index < end {
            scan.closingQuote = index - scan.start
            position += 1
            state = .afterQuote
        }
        return false
    }

    /// After a quote in a quoted field: a doubled quote, the end of the field or record, or a mistake.
    @inline(__always)
    private func afterClosingQuote(_ scan: inout RecordScan, _ state: inout ScanState) -> Bool {
        let byte = buffer[position]
        if state == .afterQuoteCR {
            guard byte == CSVByte.lineFeed else {
                scan.markMalformed(.csvMalformedQuote, "Text follows the closing quote of a field; a quote inside a quoted field must be doubled")
                state = .unquoted
                return false
            }
            position += 1
            scan.endQuotedField()
            state = .fieldStart
            return true
        }
        switch byte {
        case CSVByte.quote:
            scan.fieldHasEscapedQuotes = true
            position += 1
            state = .quoted
            return false
        case CSVByte.comma:
            scan.endQuotedField()
            position += 1
            state = .fieldStart
            return false
        case CSVByte.lineFeed:
            scan.endQuotedField()
            position += 1
            state = .fieldStart
            return true
        case CSVByte.carriageReturn:
            position += 1
            state = .afterQuoteCR
            return false
        default:
            scan.markMalformed(.csvMalformedQuote, "Text follows the closing quote of a field; a quote inside a quoted field must be doubled")
            state = .unquoted
            return false
        }
    }

    /// Ends the record at a line feed: the row to return, or `nil` for a blank line, which is skipped.
    private func endRecord(_ scan: inout RecordScan) -> CSVRow? {
        line += 1
        let row = scan.finish(buffer: buffer)
        scan = RecordScan(start: position, line: line, limits: limits, bounds: boundsStorage)
        return row
    }

    private func finishAtEndOfInput(_ scan: inout RecordScan, state: ScanState) -> CSVRow? {
        switch state {
        case .quoted:
            scan.markMalformed(.csvMalformedQuote, "A quoted field is never closed: the file ends inside it")
        case .fieldStart where scan.fieldCount == 0:
            return nil
        case .fieldStart:
            scan.beginField(at: position, quoted: false)
            scan.endField(at: position)
        case .unquoted:
            let endsWithCR = !scan.isSkipping && position > scan.start + scan.fieldStart && buffer[position - 1] == CSVByte.carriageReturn
            scan.endField(at: endsWithCR ? position - 1 : position)
        case .afterQuote, .afterQuoteCR:
            scan.endQuotedField()
        }
        let row = scan.finish(buffer: buffer)
        scan = RecordScan(start: position, line: line, limits: limits, bounds: boundsStorage)
        return row
    }

    /// Loads more input after the record being read (moved to the front of the buffer when `keep`, which
    /// grows the buffer if the record fills more than half of it); `false` at the end of the input. Skips a byte order mark
    /// at the very start.
    private func refill(keepingRecordAt recordStart: inout Int, keep: Bool) throws(InterchangeError) -> Bool {
        guard !isExhausted else { return false }
        let kept = keep ? end - recordStart : 0
        if kept > 0 && recordStart > 0 { buffer.update(from: buffer + recordStart, count: kept) }
        if kept > capacity / 2 {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: buffer, count: kept)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        recordStart = 0
        position = kept
        end = kept
        // The first fill reads at least 3 bytes (or all there is) so a byte order mark is seen whole.
        repeat {
            let count = try readChunk(into: buffer + end, maximum: capacity - end)
            if count == 0 {
                isExhausted = true
                break
            }
            end += count
            bytesRead += count
        } while !hasStarted && end < 3
        if !hasStarted {
            hasStarted = true
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                position = 3
                recordStart = 3
            }
        }
        return position < end
    }

    /// The byte offset in the input where the next record starts (after the record `next` last returned),
    /// and that record's physical line: together, where an interrupted import resumes.
    public var resumePoint: (offset: Int, line: Int) { (bytesRead - (end - position), line) }

    /// Continues reading at a record boundary found earlier with `resumePoint` (the header must already
    /// have been read, so a byte order mark is not looked for again).
    public func resume(at point: (offset: Int, line: Int)) throws(InterchangeError) {
        switch source {
        case .memory(let bytes, _):
            guard point.offset <= bytes.count else {
                throw InterchangeError(.fileUnreadable, "Cannot resume at byte \(point.offset): the input is shorter")
            }
            source = .memory(bytes, offset: point.offset)
        case .file(let handle):
            do {
                try handle.seek(toOffset: UInt64(point.offset))
            } catch {
                throw InterchangeError(.fileUnreadable, "Cannot resume at byte \(point.offset): \(error)")
            }
        }
        position = 0
        end = 0
        hasStarted = true
        isExhausted = false
        bytesRead = point.offset
        line = point.line
    }

    private func readChunk(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) throws(InterchangeError) -> Int {
        switch source {
        case .memory(let bytes, let offset):
            let count = min(maximum, bytes.count - offset)
            bytes.withUnsafeBufferPointer { all in
                destination.update(from: all.baseAddress! + offset, count: count)
            }
            source = .memory(bytes, offset: offset + count)
            return count
        case .file(let handle):
            do {
                guard let data = try handle.read(upToCount: maximum), !data.isEmpty else { return 0 }
                data.copyBytes(to: destination, count: data.count)
                return data.count
            } catch {
                throw InterchangeError(.fileUnreadable, "Reading the file failed after \(bytesRead) bytes: \(error)")
            }
        }
    }
}

/// The ASCII bytes that give CSV its structure.
enum CSVByte {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}
