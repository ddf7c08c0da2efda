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
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = PageFormat.ukTimeZone
        guard parts.count == 3, text.count == 10,
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.component(.day, from: date) == parts[2], calendar.component(.month, from: date) == parts[1],
              calendar.component(.year, from: date) == parts[0] else {
            throw IMSError.validation(.init("date.invalid"), "Enter a real date as YYYY-MM-DD, like 2026-11-27", field: field)
        }
        return Timestamp(date)
    }
}
