/// Finds card numbers (PANs) in free text, so that none is ever stored: 13 to 19 digits, optionally
/// separated by single spaces or hyphens, that pass the Luhn check.
public enum CardNumberDetector {
    /// Whether `text` holds something that looks like a card number.
    public static func containsCardNumber(_ text: String) -> Bool {
        firstCardNumberRange(in: text) != nil
    }

    /// The text with every card number replaced by its first 6 and last 4 digits around `*`s, for error
    /// reports that must show where the problem was without repeating the number.
    public static func masking(_ text: String) -> String {
        var result = text
        while let range = firstCardNumberRange(in: result) {
            let digits = result[range].filter(\.isASCIIDigitCharacter)
            let masked = String(digits.prefix(6)) + String(repeating: "*", count: digits.count - 10) + String(digits.suffix(4))
            result.replaceSubrange(range, with: masked)
        }
        return result
    }

    /// Scans runs of digits joined by single spaces or hyphens; a run of 13–19 digits passing Luhn is a card
    /// number. Longer runs are not (no card number is longer), which keeps long references from false alarms.
    static func firstCardNumberRange(in text: String) -> Range<String.Index>? {
        let characters = Array(text)
        var start = 0
        while start < characters.count {
            guard characters[start].isASCIIDigitCharacter, start == 0 || !characters[start - 1].isASCIIDigitCharacter else {
                start += 1
                continue
            }
            // Collect the run: digit positions, allowing single space/hyphen separators between digits.
            var digitPositions: [Int] = []
            var index = start
            while index < characters.count {
                if characters[index].isASCIIDigitCharacter {
                    digitPositions.append(index)
                    index += 1
                } else if (characters[index] == " " || characters[index] == "-"), index + 1 < characters.count,
                          characters[index + 1].isASCIIDigitCharacter, !digitPositions.isEmpty {
                    index += 1
                } else {
                    break
                }
            }
            if (13...19).contains(digitPositions.count),
               CheckCharacterScheme.passesLuhn(String(digitPositions.map { characters[$0] })) {
                let lower = text.index(text.startIndex, offsetBy: digitPositions[0])
                let upper = text.index(text.startIndex, offsetBy: digitPositions[digitPositions.count - 1] + 1)
                return lower..<upper
            }
            start = max(index, start + 1)
        }
        return nil
    }
}
