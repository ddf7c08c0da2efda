import Foundation
import IMSCore

/// How pages show times: UK local time, day first.
enum PageFormat {
    static let ukTimeZone = TimeZone(identifier: "Europe/London")!

    static func dateTime(_ timestamp: Timestamp) -> String {
        var style = Date.FormatStyle(date: .numeric, time: .shortened, locale: Locale(identifier: "en_GB"), timeZone: ukTimeZone)
        style.timeZone = ukTimeZone
        return timestamp.date.formatted(style)
    }
}

/// Dates typed by people (`YYYY-MM-DD`) as UK local days.
enum UKDate {
    /// Midnight at the start of the UK day `text`.
    static func startOfDay(_ text: String, field: String) throws -> Timestamp {
        let day = try date(text, field: field)
        guard let start = UKLocalTime.timestamp(day) else { throw invalid(field) }
        return start
    }

    /// Where the UK day `text` ends: the next UK midnight, so a day is 23 or 25 hours long when the clocks
    /// change (issue 10). `nil` after 9999-12-31, which has no end worth filtering on.
    static func endOfDay(_ text: String, field: String) throws -> Timestamp? {
        UKLocalTime.startOfNextDay(after: try date(text, field: field))
    }

    private static func date(_ text: String, field: String) throws -> UKLocalTime.DateTime {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ part in part.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw invalid(field) }
        let date = UKLocalTime.DateTime(year: year, month: month, day: day)
        guard date.isValid else { throw invalid(field) }
        return date
    }

    private static func invalid(_ field: String) -> IMSError {
        IMSError.validation(.dateInvalid, "Enter a real date as YYYY-MM-DD, like 2026-11-27", field: field)
    }
}

extension IMSError.Code {
    /// A date that is not a real `YYYY-MM-DD` day.
    static let dateInvalid = Self("date.invalid")
}
