import Foundation

/// Turns names, narratives and addresses into the words the full-text index holds, and a person's search
/// text into the words to look for, the same way: letters and digits only, lower case, accents removed.
/// `O'Brien` is the words `o` and `brien`; `Wright-Lee` is `wright` and `lee`; `Ní Bhriain` is `ni` and
/// `bhriain`. Because a query is only ever built from such words, no input can make a query syntax error.
public enum SearchWords {
    /// The folded words of the texts, space-separated, for the index.
    public static func indexText(_ texts: String?...) -> String {
        indexText(texts)
    }

    public static func indexText(_ texts: [String?]) -> String {
        var bytes: [UInt8] = []
        for text in texts {
            guard let text else { continue }
            appendWords(of: text, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folded words of a text, in order.
    public static func words(_ text: String) -> [String] {
        var bytes: [UInt8] = []
        appendWords(of: text, to: &bytes)
        return bytes.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the text's folded words, space-separated, to `output` (which may already hold words). Plain
    /// ASCII, nearly all of a council's records, is folded byte by byte; other characters one scalar at a
    /// time. Millions of records are folded during an import, so this path matters.
    static func appendWords(of text: String, to output: inout [UInt8]) {
        var inWord = false
        func letter(_ byte: UInt8) {
            if !inWord {
                if !output.isEmpty { output.append(UInt8(ascii: " ")) }
                inWord = true
            }
            output.append(byte)
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 {
                switch byte {
                case 0x61...0x7A, 0x30...0x39: letter(byte)
                case 0x41...0x5A: letter(byte + 0x20)
                default: inWord = false
                }
            }
            return
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x61...0x7A, 0x30...0x39: letter(UInt8(value))
            case 0x41...0x5A: letter(UInt8(value + 0x20))
            case 0..<0x80: inWord = false
            default:
                guard let folded = value < latinEnd ? latinFolds[Int(value) - 0x80] : fold(scalar).map(asciiBytes) else {
                    inWord = false
                    continue
                }
                for byte in folded { letter(byte) }
            }
        }
    }

    /// What a search for `text` looks for: every word must occur, the last word of each whitespace-separated
    /// term may be the start of a word (`smi` finds Smith), and the other parts of a term (the `o` of
    /// `O'Brien`) are whole words. Empty when the text holds no letters or digits.
    public static func query(_ text: String) -> [Term] {
        var terms: [Term] = []
        for piece in text.split(whereSeparator: { $0.isWhitespace }) {
            let parts = words(String(piece))
            for (index, part) in parts.enumerated() {
                terms.append(Term(word: part, isPrefix: index == parts.count - 1))
            }
        }
        var seen = Set<Term>()
        return terms.filter { seen.insert($0).inserted }
    }

    public struct Term: Hashable, Sendable {
        /// Only `a`–`z` and `0`–`9`.
        public let word: String
        public let isPrefix: Bool
    }

    /// `fold` of every scalar from U+0080 to the end of Latin Extended-B, worked out once: the accented
    /// letters of names and addresses, folded a scalar at a time through Foundation, were a tenth of an
    /// import's reading.
    private static let latinEnd: UInt32 = 0x250
    private static let latinFolds: [[UInt8]?] = (0x80..<latinEnd).map { value in
        Unicode.Scalar(value).flatMap(fold).map(asciiBytes)
    }

    private static func asciiBytes(_ scalars: [Unicode.Scalar]) -> [UInt8] { scalars.map { UInt8($0.value) } }

    /// A non-ASCII scalar as lower-case ASCII: Latin letters with accents as their base letter; `nil` for
    /// anything else (punctuation, symbols, other scripts), which ends a word.
    private static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return nil }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.lowercased()
        let base = decomposed.unicodeScalars.filter { $0.value < 0x80 && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }
        if !base.isEmpty { return Array(base) }
        switch scalar.value {
        case 0xDF: return ["s", "s"]  // ß
        case 0xC6, 0xE6: return ["a", "e"]  // Æ æ
        case 0xD8, 0xF8: return ["o"]  // Ø ø
        case 0x152, 0x153: return ["o", "e"]  // Œ œ
        case 0x141, 0x142: return ["l"]  // Ł ł
        default: return nil  // other scripts are not in council records; they end a word
        }
    }
}
