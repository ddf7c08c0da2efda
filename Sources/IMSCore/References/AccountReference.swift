/// A payer's reference within a fund (council tax account number, penalty charge notice, invoice number),
/// always in its normalised form: trimmed, inner spaces removed, upper-case. The normalised form is what
/// is stored and searched, so `77 1234 564` and `771234564` are the same account.
public struct AccountReference: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Normalises without validating; used for history (migrated records are kept as they were) and as
    /// the first step of every validation.
    public init(normalising text: String) {
        // Fast path for the usual plain-ASCII reference (millions of them in a migration): drop the ASCII
        // white space (tab to carriage return, space) and upper-case a–z, without Unicode property look-ups.
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            for byte in utf8 where byte != 0x20 && !(0x09...0x0D).contains(byte) {
                bytes.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
            }
            value = String(decoding: bytes, as: UTF8.self)
            return
        }
        value = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)).uppercased()
    }

    public var description: String { value }
    public static func < (lhs: AccountReference, rhs: AccountReference) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        self.init(normalising: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
