/// A fund's code: 1 to 5 upper-case letters or digits, e.g. `CTAX`, `NNDR`, `PARK`.
public struct FundCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// Reads a fund code, upper-casing it; refuses anything that is not 1–5 letters or digits.
    public init(parsing text: String, field: String? = nil) throws(IMSError) {
        // Nearly always the text is a code already (every row of an import is read through here twice).
        if Self.isCode(text) {
            rawValue = text
            return
        }
        let code = text.trimmingWhitespace().uppercased()
        guard (1...5).contains(code.count), code.allSatisfy({ $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter }) else {
            throw .validation(.fundCodeInvalid, "A fund code is 1 to 5 letters or digits", field: field)
        }
        rawValue = code
    }

    /// 1 to 5 upper-case ASCII letters or digits, as they are.
    private static func isCode(_ text: String) -> Bool {
        let utf8 = text.utf8
        return (1...5).contains(utf8.count) && utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// For codes written in source; a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        do { try self.init(parsing: value) } catch { preconditionFailure("invalid fund code literal \(value)") }
    }

    public var description: String { rawValue }
    public static func < (lhs: FundCode, rhs: FundCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
