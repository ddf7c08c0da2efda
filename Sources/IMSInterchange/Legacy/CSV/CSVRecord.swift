/// One record of a CSV file: its fields, unquoted and unescaped, as UTF-8 bytes, and the physical line
/// where it starts (the first line of the file is 1).
///
/// The record keeps its bytes as one copy of the file's text with each field's bounds, so reading a file
/// costs two allocations a record, not one a field; a caller turns into `String` only the fields it needs.
public struct CSVRecord: Sendable {
    /// Where a field lies in `bytes`.
    struct FieldBounds: Sendable {
        var start: Int32
        var end: Int32
    }

    /// The physical line where the record starts; a record with quoted newlines spans later lines too.
    public internal(set) var line: Int
    /// The record as in the file, from its first field to the end of its last, with escaped quotes in
    /// quoted fields undone in place. Separators and quotes lie between fields, so a scan of all the bytes
    /// never joins the end of one field to the start of the next.
    var bytes: [UInt8]
    var bounds: [FieldBounds]

    init(line: Int, bytes: [UInt8], bounds: [FieldBounds]) {
        self.line = line
        self.bytes = bytes
        self.bounds = bounds
    }

    /// A record made of the given fields, for tests and for callers that build records themselves.
    public init(line: Int, fields: [String]) {
        self.line = line
        bytes = []
        bounds = []
        for field in fields {
            if !bytes.isEmpty || !bounds.isEmpty { bytes.append(CSVByte.comma) }
            let start = Int32(bytes.count)
            bytes.append(contentsOf: field.utf8)
            bounds.append(FieldBounds(start: start, end: Int32(bytes.count)))
        }
    }

    /// The number of fields.
    public var count: Int { bounds.count }

    /// The field's text; bytes that are not valid UTF-8 become U+FFFD. Use `validString(at:)` to refuse them.
    public subscript(index: Int) -> String {
        withFieldBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The field's text, or `nil` when its bytes are not valid UTF-8.
    public func validString(at index: Int) -> String? {
        withFieldBytes(at: index) { field in
            if !field.contains(where: { $0 >= 0x80 }) { return String(decoding: field, as: UTF8.self) }
            return String(validating: field, as: UTF8.self)
        }
    }

    /// Whether the field is empty.
    public func isEmpty(at index: Int) -> Bool { fieldRange(index).isEmpty }

    /// All fields as text.
    public var fields: [String] { (0..<count).map { self[$0] } }

    /// Calls `body` with the field's raw bytes, for parsers that work on bytes (dates, amounts).
    public func withFieldBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let range = fieldRange(index)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    /// Calls `body` with the whole record's bytes (see `bytes`), for one-pass screens of every field.
    func withRecordBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer(body)
    }

    func fieldRange(_ index: Int) -> Range<Int> {
        precondition(index >= 0 && index < bounds.count, "field \(index) of a record with \(bounds.count) fields")
        return Int(bounds[index].start)..<Int(bounds[index].end)
    }

    /// Turns each `""` of a quoted field into `"`, in place; the freed bytes at the field's end become quotes,
    /// which no screen reads as text.
    mutating func unescapeQuotes(inField index: Int) {
        let range = fieldRange(index)
        var write = range.lowerBound
        var read = range.lowerBound
        while read < range.upperBound {
            bytes[write] = bytes[read]
            read += bytes[read] == CSVByte.quote ? 2 : 1
            write += 1
        }
        for freed in write..<range.upperBound { bytes[freed] = CSVByte.quote }
        bounds[index].end = Int32(write)
    }
}

/// What the reader found at one place in the file: a record, or a stretch it could not read as one.
public enum CSVRow: Sendable {
    case record(CSVRecord)
    /// A record that breaks the CSV rules or the reader's limits; the error gives its starting line.
    /// The reader has moved past it and can go on.
    case malformed(InterchangeError)
}
