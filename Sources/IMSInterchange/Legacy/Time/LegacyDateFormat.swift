import IMSCore

/// How a legacy system wrote dates, as a pattern such as `dd/MM/yyyy HH:mm:ss`, compiled once and then
/// applied to each row's bytes. Dates are UK wall-clock time (see `UKLocalTime`).
///
/// Pattern letters: `yyyy` four-digit year; `MM`/`dd`/`HH`/`mm`/`ss` exactly two digits; `M`/`d`/`H` one or
/// two digits. Any other character must appear as written. A pattern without a time reads midnight.
public struct LegacyDateFormat: Hashable, Sendable, CustomStringConvertible {
    enum Part: Hashable, Sendable {
        case year, month, day, hour, minute, second
    }

    enum Token: Hashable, Sendable {
        /// A number of `minimum`…`maximum` digits.
        case number(Part, minimumDigits: Int, maximumDigits: Int)
        case literal(UInt8)
    }

    /// The legacy default, `dd/MM/yyyy HH:mm:ss`.
    public static let legacyDefault = try! LegacyDateFormat("dd/MM/yyyy HH:mm:ss")

    public let pattern: String
    let tokens: [Token]

    /// Compiles a pattern; refuses one that lacks a year, month or day, repeats a part, has minutes without
    /// hours or seconds without minutes, or uses a letter it does not know.
    public init(_ pattern: String) throws(InterchangeError) {
        func invalid(_ why: String) -> InterchangeError {
            InterchangeError(.mappingInvalid, "The date format \(pattern) cannot be used: \(why)")
        }
        var tokens: [Token] = []
        var seen: Set<Part> = []
        let characters = Array(pattern.utf8)
        var index = 0
        while index < characters.count {
            let letter = characters[index]
            var run = 1
            while index + run < characters.count && characters[index + run] == letter { run += 1 }
            let part: Part?
            switch (letter, run) {
            case (UInt8(ascii: "y"), 4): part = .year
            case (UInt8(ascii: "M"), 1...2): part = .month
            case (UInt8(ascii: "d"), 1...2): part = .day
            case (UInt8(ascii: "H"), 1...2): part = .hour
            case (UInt8(ascii: "m"), 2): part = .minute
            case (UInt8(ascii: "s"), 2): part = .second
            default: part = nil
            }
            if let part {
                guard seen.insert(part).inserted else { throw invalid("it has more than one \(part)") }
                tokens.append(.number(part, minimumDigits: run == 1 ? 1 : run, maximumDigits: run == 1 ? 2 : run))
                index += run
            } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(letter) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(letter) {
                throw invalid("it uses letters IMS does not read; use yyyy, MM, M, dd, d, HH, H, mm and ss")
            } else {
                guard letter < 0x80 else { throw invalid("only ASCII separators are supported") }
                tokens.append(.literal(letter))
                index += 1
            }
        }
        guard seen.isSuperset(of: [.year, .month, .day]) else { throw invalid("it needs a year (yyyy), a month (MM) and a day (dd)") }
        if seen.contains(.minute) && !seen.contains(.hour) { throw invalid("it has minutes but no hours") }
        if seen.contains(.second) && !seen.contains(.minute) { throw invalid("it has seconds but no minutes") }
        if seen.contains(.hour) && !seen.contains(.minute) { throw invalid("it has hours but no minutes") }
        self.pattern = pattern
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// The wall-clock date and time written in `bytes`, or `nil` when they do not follow the pattern
    /// exactly or name no real date and time.
    public func dateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> UKLocalTime.DateTime? {
        var value = UKLocalTime.DateTime(year: 0, month: 0, day: 0)
        var index = 0
        for token in tokens {
            switch token {
            case .literal(let expected):
                guard index < bytes.count, bytes[index] == expected else { return nil }
                index += 1
            case .number(let part, let minimumDigits, let maximumDigits):
                var number = 0
                var digits = 0
                while digits < maximumDigits, index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    number = number * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
                guard digits >= minimumDigits else { return nil }
                switch part {
                case .year: value.year = number
                case .month: value.month = number
                case .day: value.day = number
                case .hour: value.hour = number
                case .minute: value.minute = number
                case .second: value.second = number
                }
            }
        }
        guard index == bytes.count, value.isValid else { return nil }
        return value
    }

    /// The instant written in `bytes`, read as UK local time, or `nil` when it is not a valid date.
    public func timestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        dateTime(bytes).flatMap(UKLocalTime.timestamp)
    }

    /// The instant written in `text`, read as UK local time, or `nil` when it is not a valid date.
    public func timestamp(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { timestamp($0) }
    }
}
