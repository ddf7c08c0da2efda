extension Money {
    /// Reads an amount as people write it: `£1,234.56`, `1234.5`, `12`, `-£12.50`, `£.50`.
    ///
    /// Refuses, with a reason, anything that is not exactly a number of pounds and pence: fractions of a
    /// penny (`12.345`), misplaced thousands separators (`12,34`), a trailing point, letters, or amounts
    /// beyond `maximumMagnitude`.
    public static func parse(_ text: String, field: String? = nil) throws(IMSError) -> Money {
        var rest = Substring(text.trimmingWhitespace())
        func invalid(_ why: String) -> IMSError {
            .validation(.moneyInvalid, "Enter an amount in pounds and pence, like £12.50 (\(why))", field: field)
        }
        guard !rest.isEmpty else { throw invalid("no amount was given") }

        var negative = false
        if rest.first == "-" || rest.first == "\u{2212}" { negative = true; rest = rest.dropFirst() }
        if rest.first == "£" { rest = rest.dropFirst() }
        if !negative && (rest.first == "-" || rest.first == "\u{2212}") { negative = true; rest = rest.dropFirst() }
        rest = Substring(String(rest).trimmingWhitespace())

        let parts = rest.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw invalid("it has more than one decimal point") }
        let wholeText = parts[0]
        let fractionText = parts.count == 2 ? parts[1] : nil

        let poundsDigits = try groupedDigits(wholeText, invalid: invalid)
        guard !poundsDigits.isEmpty || fractionText != nil else { throw invalid("no digits were found") }

        var penceValue: Int64 = 0
        if let fractionText {
            guard !fractionText.isEmpty else { throw invalid("there are no digits after the decimal point") }
            guard fractionText.allSatisfy(\.isASCIIDigitCharacter) else { throw invalid("the pence are not digits") }
            guard fractionText.count <= 2 else {
                throw .validation(
                    .moneyFractionOfPenny, "Amounts must be in pounds and pence: \(text.trimmingWhitespace()) has a fraction of a penny", field: field
                )
            }
            penceValue = Int64(fractionText)! * (fractionText.count == 1 ? 10 : 1)
        }
        guard poundsDigits.count <= 10, let pounds = Int64(poundsDigits.isEmpty ? "0" : poundsDigits) else {
            throw .validation(.moneyOutOfRange, "The amount is too large", field: field)
        }
        let total = pounds * 100 + penceValue
        guard total <= maximumMagnitude.pence else {
            throw .validation(.moneyOutOfRange, "The amount is too large", field: field)
        }
        return Money(pence: negative ? -total : total)
    }

    /// The digits of a whole-pounds part, checking that any commas separate groups of exactly three.
    private static func groupedDigits(_ text: Substring, invalid: (String) -> IMSError) throws(IMSError) -> String {
        guard text.contains(",") else {
            guard text.allSatisfy(\.isASCIIDigitCharacter) else { throw invalid("it contains characters that are not digits") }
            return String(text)
        }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        for (index, group) in groups.enumerated() {
            let validLength = index == 0 ? (1...3).contains(group.count) : group.count == 3
            guard validLength, group.allSatisfy(\.isASCIIDigitCharacter) else {
                throw invalid("the commas are not between groups of three digits")
            }
        }
        return groups.joined()
    }
}

extension Character {
    /// `0`–`9` only: not other scripts' digits, which `isNumber` would accept, and not a digit with a
    /// combining mark (`1\u{301}`), which a `"0"..."9"` range of characters would accept.
    public var isASCIIDigitCharacter: Bool { asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
    /// `A`–`Z` or `a`–`z` only (not a letter with a combining mark).
    public var isASCIILetterCharacter: Bool {
        asciiValue.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } ?? false
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
