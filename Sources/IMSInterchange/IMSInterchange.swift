/// Files in and out of IMS: legacy migration CSV, third-party payment files, bank statements, GL export.
public enum IMSInterchange {}

/// The one error type of file interchange: a stable machine `code`, a `reason` a person can act on, and
/// where in the file it happened when that is known (the physical `line`, the IMS `column`).
/// Compared by code, line and column, never by reason text.
public struct InterchangeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier such as `csv.malformed_quote`. Static lets keep new codes additive.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public let code: Code
    public let reason: String
    /// The physical line (the first line is 1) where the record in question starts.
    public let line: Int?
    /// The IMS column name the problem concerns, e.g. `transaction_date`.
    public let column: String?

    public init(_ code: Code, _ reason: String, line: Int? = nil, column: String? = nil) {
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
    }

    public var description: String {
        var place = ""
        if let line { place += " line \(line)" }
        if let column { place += " column \(column)" }
        return place.isEmpty ? "\(code): \(reason)" : "\(code) (\(place.dropFirst())): \(reason)"
    }

    public static func == (lhs: InterchangeError, rhs: InterchangeError) -> Bool {
        lhs.code == rhs.code && lhs.line == rhs.line && lhs.column == rhs.column
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(line)
        hasher.combine(column)
    }
}

extension InterchangeError.Code {
    /// A file cannot be opened, read or written.
    public static let fileUnreadable = Self("file.unreadable")
    public static let fileUnwritable = Self("file.unwritable")
    /// A quote inside an unquoted field, text after a closing quote, or a quote never closed.
    public static let csvMalformedQuote = Self("csv.malformed_quote")
    /// A field, a record or a field count over the reader's limits.
    public static let csvTooLarge = Self("csv.too_large")
    /// A mapping file that cannot be read or says something IMS cannot do.
    public static let mappingInvalid = Self("mapping.invalid")
    /// A header row that misses a required column, repeats one, or names one IMS does not know.
    public static let legacyHeaderInvalid = Self("legacy.header_invalid")
}
