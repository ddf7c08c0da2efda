import IMSCore

/// Reads a legacy amount in the exact grammar of migration files: an optional `-`, digits, and optionally a
/// `.` followed by one or two digits (`12`, `-12.5`, `0.07`). Nothing else: no `£`, no thousands commas,
/// no spaces, no `12.` or `.5`. `Money.parse` is deliberately more forgiving, for people typing amounts;
/// a migration must not guess.
public enum LegacyAmount {
    /// What an amount field turned out to hold.
    public enum Reading: Hashable, Sendable {
        case amount(Money)
        /// Not in the grammar at all (empty, letters, `£`, commas, a bare point…).
        case notAnAmount
        /// More than two decimal places with something other than zeros after the pence.
        case fractionOfPenny
        /// More than two decimal places, all zeros after the pence: a money amount, but not written as one.
        case tooManyDecimalPlaces
        /// Beyond `Money.maximumMagnitude`.
        case tooLarge
    }

    /// Reads the UTF-8 bytes of an amount field.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        let zero = UInt8(ascii: "0")
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var pounds: Int64 = 0
        var poundsDigits = 0
        while index < bytes.count, bytes[index] &- zero < 10 {
            if poundsDigits < 13 { pounds = pounds * 10 + Int64(bytes[index] &- zero) }
            poundsDigits += 1
            index += 1
        }
        guard poundsDigits > 0 else { return .notAnAmount }
        var pence: Int64 = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return .notAnAmount }
            index += 1
            var fractionDigits = 0
            var beyondPennyIsZero = true
            while index < bytes.count, bytes[index] &- zero < 10 {
                let digit = Int64(bytes[index] &- zero)
                switch fractionDigits {
                case 0: pence = digit * 10
                case 1: pence += digit
                default: if digit != 0 { beyondPennyIsZero = false }
                }
                fractionDigits += 1
                index += 1
            }
            guard index == bytes.count, fractionDigits > 0 else { return .notAnAmount }
            if fractionDigits > 2 { return beyondPennyIsZero ? .tooManyDecimalPlaces : .fractionOfPenny }
        }
        let total = pounds * 100 + pence
        guard poundsDigits <= 10, total <= Money.maximumMagnitude.pence else { return .tooLarge }
        return .amount(Money(pence: negative ? -total : total))
    }

    /// Reads an amount written as text.
    public static func read(_ text: String) -> Reading {
        var text = text
        return text.withUTF8 { read($0) }
    }
}
