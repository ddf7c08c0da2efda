/// Finds card numbers (PANs) in free text, so that none is ever stored: 13 to 19 digits, optionally
/// separated by single spaces or hyphens, that pass the Luhn check, alone or among other groups of digits.
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

    /// Scans runs of digits joined by single spaces or hyphens and tests, with Luhn, every window of 13 to
    /// 19 digits of a run that starts and ends at a group boundary (the run's ends, or a space or hyphen): a
    /// card number written in groups with its expiry after it (`4444333322221111 1225`), or with other
    /// groups before it, is still a card number. A run without separators is tested whole, so a long
    /// reference is not searched for some Luhn-valid stretch (one in ten would pass). The first window that
    /// passes is returned.
    static func firstCardNumberRange(in text: String) -> Range<String.Index>? {
        let characters = Array(text)
        var start = 0
        while start < characters.count {
            guard characters[start].isASCIIDigitCharacter, start == 0 || !characters[start - 1].isASCIIDigitCharacter else {
                start += 1
                continue
            }
            // Collect the run: digit positions, allowing single space/hyphen separators between digits, and
            // where its groups start (by digit index).
            var digitPositions: [Int] = []
            var groupStarts: [Int] = [0]
            var index = start
            while index < characters.count {
                if characters[index].isASCIIDigitCharacter {
                    digitPositions.append(index)
                    index += 1
                } else if characters[index] == " " || characters[index] == "-", index + 1 < characters.count,
                    characters[index + 1].isASCIIDigitCharacter, !digitPositions.isEmpty
                {
                    groupStarts.append(digitPositions.count)
                    index += 1
                } else {
                    break
                }
            }
            let boundaries = groupStarts + [digitPositions.count]
            if let window = luhnWindow(in: digitPositions.map { characters[$0] }, boundaries: boundaries) {
                let lower = text.index(text.startIndex, offsetBy: digitPositions[window.lowerBound])
                let upper = text.index(text.startIndex, offsetBy: digitPositions[window.upperBound - 1] + 1)
                return lower..<upper
            }
            start = max(index, start + 1)
        }
        return nil
    }

    /// The first window between two group boundaries that holds 13 to 19 digits and passes Luhn.
    private static func luhnWindow(in digits: [Character], boundaries: [Int]) -> Range<Int>? {
        for (position, lower) in boundaries.enumerated() {
            for upper in boundaries[(position + 1)...] where (13...19).contains(upper - lower) {
                if CheckCharacterScheme.passesLuhn(String(digits[lower..<upper])) { return lower..<upper }
            }
        }
        return nil
    }
}
