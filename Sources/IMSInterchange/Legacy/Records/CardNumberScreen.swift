/// A byte-level first look for card numbers, so that `CardNumberDetector` (exact, but working on
/// `Character`s) runs only on the rare field that could hold one.
///
/// It answers `true` for every text in which `CardNumberDetector` could find a card number: a run of at least
/// 13 ASCII digits that only spaces and hyphens interrupt. (The detector allows only single separators
/// between digits; the screen allows any, so it may answer `true` for texts that hold no card number, and
/// it ignores Luhn. The exact detector decides those.) Any other byte, a comma or quote between CSV fields
/// among them, ends a run.
enum CardNumberScreen {
    /// Whether the bytes may hold a card number, and whether they are all ASCII, in one pass eight bytes
    /// at a time: within a word, only the digits before its first run-ending byte and after its last can
    /// belong to a run of 13 (fewer than 8 digits fit between two), so a word costs a few bit operations.
    static func screen(_ bytes: UnsafeBufferPointer<UInt8>) -> (mayHoldCardNumber: Bool, isASCII: Bool) {
        guard let base = bytes.baseAddress else { return (false, true) }
        var digitsInRun = 0
        var highBits: UInt64 = 0
        var index = 0
        var mayHoldCardNumber = false
        while index < bytes.count {
            var word: UInt64
            if index &+ 8 <= bytes.count {
                word = ByteWords.load(base + index)
            } else {
                // The last few bytes, padded with zero bytes, which end a run like any other non-digit.
                word = 0
                for offset in 0..<(bytes.count - index) { word |= UInt64(base[index + offset]) << (8 * offset) }
            }
            highBits |= word
            let digits = ByteWords.digits(word & ~ByteWords.highBits) & ~word
            let separators = ByteWords.matches(word, UInt8(ascii: " ")) | ByteWords.matches(word, UInt8(ascii: "-"))
            let breaks = ~(digits | separators) & ByteWords.highBits
            if breaks == 0 {
                digitsInRun &+= digits.nonzeroBitCount
            } else {
                digitsInRun &+= (digits & ByteWords.before(first: breaks)).nonzeroBitCount
                if digitsInRun >= 13 { mayHoldCardNumber = true }
                let lastBreak: UInt64 = 1 &<< (63 &- breaks.leadingZeroBitCount)
                digitsInRun = (digits & ~((lastBreak &<< 1) &- 1)).nonzeroBitCount
            }
            if digitsInRun >= 13 { mayHoldCardNumber = true }
            index &+= 8
        }
        return (mayHoldCardNumber, highBits & ByteWords.highBits == 0)
    }
}

/// Checks UTF-8 without building a `String`, for the few fields of a row that are not plain ASCII.
enum UTF8Check {
    /// Whether the bytes are well-formed UTF-8: no stray continuation bytes, no overlong forms, no
    /// surrogates, nothing above U+10FFFF, no sequence cut short.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard index + length <= count, (lowest...highest).contains(bytes[index + 1]) else { return false }
            for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
