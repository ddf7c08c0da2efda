import IMSCore

/// What one row of a legacy file came to: a record to import, or the reason it is rejected.
public enum LegacyRow: Sendable {
    case record(LegacyRecord)
    case rejected(LegacyRowError)
}

/// Reads a legacy income file row by row: the CSV reader, the header and the row parser together, so an
/// importer only batches good rows, checks their duplicate keys and writes rejections to the errors file.
///
/// Memory stays flat: one chunk of the file and one record at a time.
public final class LegacyReader {
    public let parser: LegacyRowParser
    private let csv: CSVReader

    /// Opens the file and reads its header (line 1).
    public convenience init(
        path: String, mapping: LegacyMapping = LegacyMapping(), knownFunds: Set<FundCode>,
        limits: CSVReader.Limits = CSVReader.Limits()
    ) throws(InterchangeError) {
        try self.init(csv: CSVReader(path: path, limits: limits), mapping: mapping, knownFunds: knownFunds)
    }

    /// Reads the header from `csv`, which must be at the start of its input.
    public init(csv: CSVReader, mapping: LegacyMapping = LegacyMapping(), knownFunds: Set<FundCode>) throws(InterchangeError) {
        self.csv = csv
        switch try csv.next() {
        case nil:
            throw InterchangeError(.legacyHeaderInvalid, "The file is empty: it has no header row", line: 1)
        case .malformed(let error):
            throw InterchangeError(.legacyHeaderInvalid, "The header row cannot be read: \(error.reason)", line: error.line)
        case .record(let header):
            parser = try LegacyRowParser(header: header, mapping: mapping, knownFunds: knownFunds)
        }
    }

    /// The next row, or `nil` at the end of the file. Throws only when the file cannot be read.
    public func next() throws(InterchangeError) -> LegacyRow? {
        switch try csv.next() {
        case nil:
            return nil
        case .malformed(let error):
            return .rejected(LegacyRowError(malformed: error))
        case .record(let record):
            do {
                return .record(try parser.parse(record))
            } catch {
                return .rejected(error)
            }
        }
    }

    /// How many bytes of the file have been read, for progress reports.
    public var bytesRead: Int { csv.bytesRead }

    /// Where the next row starts: the byte offset and physical line an interrupted import resumes at.
    public var resumePoint: (offset: Int, line: Int) { csv.resumePoint }

    /// Continues at a point given earlier by `resumePoint`.
    public func resume(at point: (offset: Int, line: Int)) throws(InterchangeError) { try csv.resume(at: point) }
}
