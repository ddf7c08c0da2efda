/// An input mask for references: `#` a digit, `$` a letter, `?` a letter or digit, `@` the check
/// character (a digit or letter), anything else that literal character. `$$########` is two letters and
/// eight digits.
public struct ReferenceMask: Hashable, Sendable, Codable {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    /// The offset of the check character (`@`) if the mask has one.
    public var checkCharacterOffset: Int? {
        pattern.firstIndex(of: "@").map { pattern.distance(from: pattern.startIndex, to: $0) }
    }

    /// Offsets of the variable positions (`#`, `$`, `?`), which carry the value a check character covers.
    public var variableOffsets: [Int] {
        pattern.enumerated().compactMap { "#$?".contains($0.element) ? $0.offset : nil }
    }

    /// Whether `reference` fits the mask position by position.
    public func matches(_ reference: String) -> Bool {
        guard reference.count == pattern.count else { return false }
        return zip(pattern, reference).allSatisfy { symbol, character in
            switch symbol {
            case "#": character.isASCIIDigitCharacter
            case "$": character.isASCIILetterCharacter
            case "?", "@": character.isASCIIDigitCharacter || character.isASCIILetterCharacter
            default: symbol.uppercased() == String(character)
            }
        }
    }

    /// The mask in words for a payer: `2 letters then 8 numbers`, `PA/ then 4 numbers then / then 4 numbers`.
    public var explanation: String {
        var words: [String] = []
        var literal = ""
        func flushLiteral() {
            if !literal.isEmpty { words.append("“\(literal)”"); literal = "" }
        }
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let symbol = pattern[index]
            if "#$?@".contains(symbol) {
                flushLiteral()
                var count = 0
                while index < pattern.endIndex && pattern[index] == symbol { count += 1; index = pattern.index(after: index) }
                words.append(Self.describe(symbol, count: count))
            } else {
                literal.append(symbol)
                index = pattern.index(after: index)
            }
        }
        flushLiteral()
        return words.joined(separator: " then ")
    }

    private static func describe(_ symbol: Character, count: Int) -> String {
        let plural = count == 1 ? "" : "s"
        switch symbol {
        case "#": return "\(count) number\(plural)"
        case "$": return "\(count) letter\(plural)"
        case "?": return "\(count) letter\(plural) or number\(plural)"
        default: return count == 1 ? "a check character" : "\(count) check characters"
        }
    }
}
