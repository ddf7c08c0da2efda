import Foundation
import IMSCore

/// How to read one legacy system's export: what its columns are called, how it writes dates, which of its
/// fund, method-of-payment and VAT codes mean which IMS codes, and what makes a receipt unique.
///
/// Written by the migration team as a TOML or JSON file. Every key is optional; an empty mapping reads a
/// file that already uses IMS column names and codes. Unknown keys are refused, so a misspelt key cannot
/// be silently ignored.
///
/// ```toml
/// date_format = "dd/MM/yyyy HH:mm"
/// duplicate_key = "receipt_reference+year"
/// ignore_columns = ["batch_id"]
///
/// [columns]
/// RECEIPT_NO = "receipt_reference"
/// "Trans Date" = "transaction_date"
///
/// [funds]
/// CT = "CTAX"
/// ```
public struct LegacyMapping: Codable, Hashable, Sendable {
    /// Legacy header → IMS column name (see `LegacyColumn`). Headers are matched ignoring case.
    public var columns: [String: String]
    /// The pattern dates are written in (see `LegacyDateFormat`); `dd/MM/yyyy HH:mm:ss` by default.
    public var dateFormat: String
    /// Legacy fund code → IMS fund code. Codes not listed are taken as IMS codes.
    public var funds: [String: String]
    /// Legacy method-of-payment code → IMS code. Codes not listed are kept.
    public var methodsOfPayment: [String: String]
    /// Legacy VAT code → IMS code. Codes not listed are kept.
    public var vatCodes: [String: String]
    /// What must be unique across the migration: the receipt reference, or (for old systems that reused
    /// numbers) the receipt reference within a calendar year.
    public var duplicateKey: DuplicateKeyRule
    /// Legacy columns that are deliberately not migrated; any other column IMS does not know is refused.
    public var ignoredColumns: [String]

    public init(
        columns: [String: String] = [:], dateFormat: String = LegacyDateFormat.legacyDefault.pattern,
        funds: [String: String] = [:], methodsOfPayment: [String: String] = [:], vatCodes: [String: String] = [:],
        duplicateKey: DuplicateKeyRule = .receiptReference, ignoredColumns: [String] = []
    ) {
        self.columns = columns
        self.dateFormat = dateFormat
        self.funds = funds
        self.methodsOfPayment = methodsOfPayment
        self.vatCodes = vatCodes
        self.duplicateKey = duplicateKey
        self.ignoredColumns = ignoredColumns
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case columns
        case dateFormat = "date_format"
        case funds
        case methodsOfPayment = "methods_of_payment"
        case vatCodes = "vat_codes"
        case duplicateKey = "duplicate_key"
        case ignoredColumns = "ignore_columns"
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw InterchangeError(
                .mappingInvalid,
                "The mapping has keys IMS does not know: \(unknown.sorted().joined(separator: ", ")); known keys are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            columns: try container.decodeIfPresent([String: String].self, forKey: .columns) ?? [:],
            dateFormat: try container.decodeIfPresent(String.self, forKey: .dateFormat) ?? LegacyDateFormat.legacyDefault.pattern,
            funds: try container.decodeIfPresent([String: String].self, forKey: .funds) ?? [:],
            methodsOfPayment: try container.decodeIfPresent([String: String].self, forKey: .methodsOfPayment) ?? [:],
            vatCodes: try container.decodeIfPresent([String: String].self, forKey: .vatCodes) ?? [:],
            duplicateKey: try container.decodeIfPresent(DuplicateKeyRule.self, forKey: .duplicateKey) ?? .receiptReference,
            ignoredColumns: try container.decodeIfPresent([String].self, forKey: .ignoredColumns) ?? [])
    }

    // MARK: Reading mapping files

    /// Reads a mapping file: TOML when its name ends `.toml`, JSON when `.json`, otherwise JSON if it starts
    /// with `{` and TOML if not. The mapping is checked (see `validate()`) before it is returned.
    public static func load(path: String) throws(InterchangeError) -> LegacyMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InterchangeError(.fileUnreadable, "Cannot read the mapping file \(path)")
        }
        let isJSON: Bool
        if path.lowercased().hasSuffix(".json") {
            isJSON = true
        } else if path.lowercased().hasSuffix(".toml") {
            isJSON = false
        } else {
            isJSON = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{")
        }
        if isJSON { return try LegacyMapping(json: data) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InterchangeError(.mappingInvalid, "The mapping file \(path) is not UTF-8 text")
        }
        return try LegacyMapping(toml: text)
    }

    /// A mapping from JSON, checked.
    public init(json: Data) throws(InterchangeError) {
        do {
            self = try JSONDecoder().decode(LegacyMapping.self, from: json)
        } catch let error as InterchangeError {
            throw error
        } catch {
            throw InterchangeError(.mappingInvalid, "The mapping is not valid JSON for IMS: \(Self.describe(error))")
        }
        try validate()
    }

    /// A mapping from TOML (tables, `key = "string"` and arrays of strings), checked; any other kind of value
    /// is refused at its line.
    public init(toml: String) throws(InterchangeError) {
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: try Self.jsonObject(TOMLTable.parse(toml)))
        } catch let error as TOMLError {
            throw InterchangeError(.mappingInvalid, "The mapping's TOML cannot be read at \(error)", line: error.line)
        } catch {
            throw InterchangeError(.mappingInvalid, "The mapping cannot be read: \(error)")
        }
        try self.init(json: data)
    }

    /// The document as JSON values: only text, lists of text and (at the top) tables of those.
    private static func jsonObject(_ table: TOMLTable, nested: Bool = false) throws(TOMLError) -> [String: Any] {
        var object: [String: Any] = [:]
        for entry in table.entries {
            switch entry.value {
            case .string(let text): object[entry.key] = text
            case .table(let inner) where !nested: object[entry.key] = try jsonObject(inner, nested: true)
            case .array(let items):
                var texts: [String] = []
                for item in items {
                    guard case .string(let text) = item else {
                        throw TOMLError(line: entry.line, key: entry.key, reason: "a mapping's lists hold text only")
                    }
                    texts.append(text)
                }
                object[entry.key] = texts
            default:
                throw TOMLError(
                    line: entry.line, key: entry.key, reason: "a mapping holds text, lists of text and tables of those, not \(entry.value.kind)")
            }
        }
        return object
    }

    // MARK: Checking

    /// Checks that everything named exists in IMS: column names, a usable date format, well-formed fund codes,
    /// and no legacy header both renamed and ignored.
    public func validate() throws(InterchangeError) {
        let columnNames = Set(LegacyColumn.allCases.map(\.rawValue))
        for (legacy, target) in columns.sorted(by: { $0.key < $1.key }) where !columnNames.contains(target) {
            throw InterchangeError(
                .mappingInvalid,
                "The mapping renames \(legacy) to \(target), which is not an IMS column; IMS columns are \(LegacyColumn.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        _ = try LegacyDateFormat(dateFormat)
        for (legacy, target) in funds.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try FundCode(parsing: target)
            } catch {
                throw InterchangeError(
                    .mappingInvalid, "The mapping maps fund \(legacy) to \(target), which is not a fund code (1 to 5 letters or digits)")
            }
        }
        let renamed = Set(columns.keys.map { $0.lowercased() })
        if let both = ignoredColumns.first(where: { renamed.contains($0.lowercased()) }) {
            throw InterchangeError(.mappingInvalid, "The mapping both renames and ignores the column \(both)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// What makes a legacy receipt unique within a migration.
public enum DuplicateKeyRule: String, Codable, Hashable, Sendable, CaseIterable {
    /// The receipt reference alone (the default).
    case receiptReference = "receipt_reference"
    /// The receipt reference within the calendar year of the transaction date, for systems that restarted
    /// their numbering each year.
    case receiptReferenceAndYear = "receipt_reference+year"
}
