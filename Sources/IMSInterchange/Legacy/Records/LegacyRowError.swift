import IMSCore

/// Why one legacy row was rejected, for the errors file: the physical line where the record starts (the
/// header is line 1), the column as headed in the file, and a reason. Nothing of a rejected row is imported.
/// Any card number in the reason or the receipt reference is masked.
public struct LegacyRowError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public let line: Int
    /// The column's header as written in the file, or `nil` when the row as a whole is at fault.
    public let column: String?
    public let code: InterchangeError.Code
    public let reason: String
    /// The row's receipt reference when it has one, to find the row in the legacy system.
    public let receiptReference: String?

    public init(line: Int, column: String?, code: InterchangeError.Code, reason: String, receiptReference: String? = nil) {
        self.line = line
        self.column = column
        self.code = code
        self.reason = CardNumberDetector.masking(reason)
        self.receiptReference = receiptReference.map(CardNumberDetector.masking)
    }

    /// A record the CSV reader could not read (bad quoting, over the size limits).
    public init(malformed error: InterchangeError) {
        self.init(line: error.line ?? 0, column: error.column, code: error.code, reason: error.reason)
    }

    public var description: String {
        "line \(line)\(column.map { ", \($0)" } ?? ""): \(code): \(reason)"
    }

    enum CodingKeys: String, CodingKey {
        case line, column, code, reason
        case receiptReference = "receipt_reference"
    }
}

extension InterchangeError.Code {
    /// The record has more or fewer fields than the header.
    public static let legacyFieldCount = Self("legacy.field_count")
    /// A field's bytes are not UTF-8.
    public static let legacyNotUTF8 = Self("legacy.not_utf8")
    /// A NUL or other control character (anything below a space but tab, line feed and carriage return, or
    /// DEL) in an imported field: not text a person wrote, and it breaks what reads the field later.
    public static let legacyControlCharacter = Self("legacy.control_character")
    /// A field holds something that looks like a card number (13–19 digits passing Luhn).
    public static let legacyCardNumber = Self("legacy.card_number")
    public static let legacyReceiptReferenceMissing = Self("legacy.receipt_reference_missing")
    /// The receipt reference (or the duplicate key) repeats one seen earlier in the file or imported before.
    public static let legacyReceiptReferenceDuplicate = Self("legacy.receipt_reference_duplicate")
    /// The transaction date does not follow the date format or is not a real date and time.
    public static let legacyDateInvalid = Self("legacy.date_invalid")
    /// The amount is not in the grammar `-?digits(.d{1,2})?` or is too large.
    public static let legacyAmountInvalid = Self("legacy.amount_invalid")
    public static let legacyAmountFractionOfPenny = Self("legacy.amount_fraction_of_penny")
    /// The fund code, after the mapping, is not one of the council's funds.
    public static let legacyFundUnknown = Self("legacy.fund_unknown")
    /// A VAT amount is given but is not in the amount grammar.
    public static let legacyVATAmountInvalid = Self("legacy.vat_amount_invalid")
}
