/// The parser's single values: text in its four forms, whole numbers, booleans and local dates.
extension TOMLParser {
    mutating func boolean() throws(TOMLError) -> TOMLValue {
        if startsWith("true") {
            index += 4
            return .boolean(true)
        }
        if startsWith("false") {
            index += 5
            return .boolean(false)
        }
        throw fail("expected a value (text in quotes, a number, true or false, a list or an inline table)")
    }

    mutating func numberOrDate() throws(TOMLError) -> TOMLValue {
        var word = ""
        while let scalar = peek, !" \t\r\n,]}#".unicodeScalars.contains(scalar) {
            word.unicodeScalars.append(scalar)
            advance()
        }
        guard !word.isEmpty else { throw fail("expected a value") }
        if let date = Self.localDate(word) { return .string(date) }
        if word.contains(":") { throw fail("\(word): times are not used in a council file; write a day as 2021-10-01") }
        var digits = word.filter { $0 != "_" }
        var sign: Int64 = 1
        if digits.hasPrefix("+") || digits.hasPrefix("-") {
            sign = digits.hasPrefix("-") ? -1 : 1
            digits.removeFirst()
        }
        let radix: Int
        switch digits.prefix(2) {
        case "0x": radix = 16
        case "0o": radix = 8
        case "0b": radix = 2
        default: radix = 10
        }
        if radix != 10 { digits.removeFirst(2) }
        guard !word.contains("__"), !word.hasSuffix("_"), let magnitude = Int64(digits, radix: radix) else {
            let unsigned = word.drop { $0 == "+" || $0 == "-" }
            let looksDecimal = unsigned.first?.isNumber == true && (word.contains(".") || word.lowercased().contains("e"))
            if looksDecimal || unsigned == "inf" || unsigned == "nan" {
                throw fail(
                    "\(word): decimals are not used in a council file; money is whole pence (£12.50 is 1250), a rate basis points (20% is 2000)")
            }
            throw fail("\(word) is not a value; text must be in quotes")
        }
        return .integer(sign * magnitude)
    }

    static func localDate(_ word: String) -> String? {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && Int($0) != nil })
        else { return nil }
        return word
    }

    mutating func basicString() throws(TOMLError) -> String { try singleLineString(quote: "\"", escapes: true) }
    mutating func literalString() throws(TOMLError) -> String { try singleLineString(quote: "'", escapes: false) }
    mutating func multilineBasicString() throws(TOMLError) -> String { try multilineString(delimiter: "\"\"\"", escapes: true) }
    mutating func multilineLiteralString() throws(TOMLError) -> String { try multilineString(delimiter: "'''", escapes: false) }

    /// `"basic"` (with escapes) or `'literal'` text on one line.
    mutating func singleLineString(quote: Unicode.Scalar, escapes: Bool) throws(TOMLError) -> String {
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek, scalar != "\n" else { throw fail("text is not closed with \(quote)") }
            advance()
            if scalar == quote { return String(result) }
            if escapes && scalar == "\\" { result.append(try escape()) } else { result.append(scalar) }
        }
    }

    /// Text between `"""` (with escapes, and a `\` at a line's end joining it to the next) or `'''`; a newline
    /// straight after the opening delimiter is not part of it.
    mutating func multilineString(delimiter: String, escapes: Bool) throws(TOMLError) -> String {
        index += 3
        if peek == "\n" { advance() }
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek else { throw fail("text is not closed with \(delimiter)") }
            if startsWith(delimiter) {
                index += 3
                return String(result)
            }
            advance()
            if escapes && scalar == "\\" {
                if peek == "\n" || peek == " " || peek == "\r" { skipBlank() } else { result.append(try escape()) }
            } else {
                result.append(scalar)
            }
        }
    }

    mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        guard let scalar = peek else { throw fail("text ends inside an escape") }
        advance()
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let digit = peek, digit.properties.isASCIIHexDigit else { throw fail("\\\(scalar) needs \(count) hexadecimal digits") }
                hex.unicodeScalars.append(digit)
                advance()
            }
            guard let code = UInt32(hex, radix: 16), let result = Unicode.Scalar(code) else { throw fail("\\\(scalar)\(hex) is not a character") }
            return result
        default: throw fail("\\\(scalar) is not an escape TOML knows")
        }
    }
}
