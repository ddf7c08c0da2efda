/// The arithmetic the tests check IMSCore against, written separately from (and differently to) the code
/// under test so that a mistake in one is not copied into the other.
enum Independent {
    /// Whether a whole digit string passes Luhn: from the right, every second digit doubled (digits of
    /// the product summed), total a multiple of 10.
    static func luhnValid(_ number: String) -> Bool {
        let digits = number.compactMap { Int(String($0)) }
        precondition(digits.count == number.count, "digits only")
        var total = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                total += doubled / 10 + doubled % 10
            } else {
                total += digit
            }
        }
        return total % 10 == 0
    }

    /// The Luhn check digit for `payload`, found by trying all ten.
    static func luhnCheckDigit(_ payload: String) -> Character {
        let digit = (0...9).first { luhnValid(payload + String($0)) }!
        return Character(String(digit))
    }

    /// Business rates: weights 9…2 over 8 digits, 11 − (sum mod 11), 10 → X, 11 → 0.
    static func businessRatesCheck(_ payload: String) -> Character {
        precondition(payload.count == 8)
        let weights = [9, 8, 7, 6, 5, 4, 3, 2]
        var sum = 0
        for (index, character) in payload.enumerated() { sum += Int(String(character))! * weights[index] }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let value: return Character(String(value))
        }
    }

    /// VAT inside a VAT-inclusive gross: gross × rate / (100 + rate), nearest penny, halves away from zero,
    /// by exact quotient and remainder.
    static func vatPence(gross: Int64, rateBasisPoints: Int64) -> Int64 {
        let numerator = gross * rateBasisPoints
        let denominator = 10_000 + rateBasisPoints
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        if 2 * abs(remainder) >= denominator { quotient += numerator < 0 ? -1 : 1 }
        return quotient
    }
}

extension Independent {
    /// `value` as exactly `width` decimal digits, zero-padded on the left.
    static func digits(_ value: some BinaryInteger, width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
