/// Where the reader is within a record.
enum ScanState {
    case fieldStart, unquoted, quoted, afterQuote, afterQuoteCR
}

/// One record as it is being scanned: where it starts in the reader's buffer, each field's bounds
/// relative to that start, and the first problem with it. A record over the size limit is still scanned
/// to its end (so reading resumes at the right place) but its bytes are no longer kept.
struct RecordScan {
    var start: Int
    let line: Int
    let limits: CSVReader.Limits
    /// The reader's room for field bounds; `fieldCount` of them are this record's while it has no problem.
    let bounds: UnsafeMutablePointer<CSVRecord.FieldBounds>
    var fieldCount = 0
    var fieldStart = 0
    var closingQuote = 0
    var isFieldQuoted = false
    var isFirstFieldQuoted = false
    var fieldHasEscapedQuotes = false
    var fieldsWithEscapedQuotes: [Int] = []
    var problem: InterchangeError?
    /// Whether a limit was passed, so bytes are no longer kept (a plain flag: cheaper to test than `problem`).
    var isSkipping = false

    init(start: Int, line: Int, limits: CSVReader.Limits, bounds: UnsafeMutablePointer<CSVRecord.FieldBounds>) {
        self.start = start
        self.line = line
        self.limits = limits
        self.bounds = bounds
    }

    @inline(__always)
    mutating func beginField(at position: Int, quoted: Bool) {
        fieldStart = position - start
        isFieldQuoted = quoted
        fieldHasEscapedQuotes = false
    }

    @inline(__always)
    mutating func endQuotedField() {
        endField(at: start + closingQuote)
    }

    @inline(__always)
    mutating func endField(at position: Int) {
        if fieldCount == 0 { isFirstFieldQuoted = isFieldQuoted }
        guard !isSkipping else {
            fieldCount += 1
            return
        }
        let fieldEnd = position - start
        guard fieldEnd - fieldStart <= limits.maximumFieldBytes, fieldEnd <= limits.maximumRecordBytes,
            fieldCount < limits.maximumFieldCount
        else {
            markTooLarge(fieldEnd: fieldEnd)
            fieldCount += 1
            return
        }
        if isFieldQuoted && fieldHasEscapedQuotes { fieldsWithEscapedQuotes.append(fieldCount) }
        bounds[fieldCount] = CSVRecord.FieldBounds(start: Int32(fieldStart), end: Int32(fieldEnd))
        fieldCount += 1
    }

    private mutating func markTooLarge(fieldEnd: Int) {
        if fieldEnd - fieldStart > limits.maximumFieldBytes {
            markMalformed(.csvTooLarge, "A field is longer than \(limits.maximumFieldBytes) bytes")
        } else if fieldEnd > limits.maximumRecordBytes {
            markMalformed(.csvTooLarge, "The record is longer than \(limits.maximumRecordBytes) bytes")
        } else {
            markMalformed(.csvTooLarge, "The record has more than \(limits.maximumFieldCount) fields")
        }
    }

    mutating func markMalformed(_ code: InterchangeError.Code, _ reason: String) {
        guard problem == nil else { return }
        problem = InterchangeError(code, reason, line: line)
        isSkipping = true
    }

    /// The finished row, or `nil` for a blank line (one empty, unquoted field).
    func finish(buffer: UnsafeMutablePointer<UInt8>) -> CSVRow? {
        if let problem { return .malformed(problem) }
        guard fieldCount > 0 else { return nil }
        let last = bounds[fieldCount - 1]
        if fieldCount == 1 && last.start == last.end && !isFirstFieldQuoted { return nil }
        var record = CSVRecord(
            line: line, bytes: Array(UnsafeBufferPointer(start: buffer + start, count: Int(last.end))),
            bounds: Array(UnsafeBufferPointer(start: bounds, count: fieldCount)))
        for field in fieldsWithEscapedQuotes { record.unescapeQuotes(inField: field) }
        return .record(record)
    }
}
