import Foundation

/// Europe/London wall-clock time, converted to and from `Timestamp` by arithmetic rather than a
/// `DateFormatter` per row, so that millions of legacy dates convert in well under a second.
///
/// From 1996 the UK changes its clocks at 01:00 UTC on the last Sunday of March (to BST, UTC+1) and the last
/// Sunday of October (back to GMT); those rules are computed here. Earlier years, which changed by other
/// rules, are read from the system's time zone database.
///
/// Wall-clock times that the clocks skip or repeat are settled as a migration needs them settled:
/// a time in the spring-forward gap (01:00–01:59 on the last Sunday of March) is read one hour later,
/// and a time in the autumn hour that occurs twice is read as its first occurrence (BST).
public enum UKLocalTime {
    /// A date and time as written on a legacy receipt, on the UK wall clock.
    public struct DateTime: Hashable, Sendable, CustomStringConvertible {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
        }

        /// Whether every part is in range: a real day of a real month, a time from 00:00:00 to 23:59:59.
        public var isValid: Bool {
            (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= UKLocalTime.daysInMonth(year, month)
                && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
        }

        /// `dd/MM/yyyy HH:mm:ss`, the legacy default.
        public var description: String {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            return "\(two(day))/\(two(month))/\(year) \(two(hour)):\(two(minute)):\(two(second))"
        }
    }

    /// The first year computed by the EU rule; earlier years come from the time zone database.
    static let firstRuleYear = 1996

    /// The instant a UK wall-clock time stands for, or `nil` when it is not a real date and time.
    public static func timestamp(_ local: DateTime) -> Timestamp? {
        guard local.isValid else { return nil }
        let days = daysFromCivil(year: local.year, month: local.month, day: local.day)
        let localSeconds = Int64(days) * 86_400 + Int64(local.hour * 3_600 + local.minute * 60 + local.second)
        return Timestamp(microsecondsSince1970: utcSeconds(forLocalSeconds: localSeconds, year: local.year) * 1_000_000)
    }

    /// The instant the UK day after `date` begins, which is where `date`'s own day ends: 23 hours after its
    /// midnight on the day the clocks go forward, 25 on the day they go back. `nil` when `date` is not a real
    /// date or is the last day of year 9999.
    public static func startOfNextDay(after date: DateTime) -> Timestamp? {
        guard date.isValid else { return nil }
        let next = civilFromDays(daysFromCivil(year: date.year, month: date.month, day: date.day) + 1)
        return timestamp(DateTime(year: next.year, month: next.month, day: next.day))
    }

    /// The UK wall-clock time at an instant.
    public static func dateTime(of timestamp: Timestamp) -> DateTime {
        let utc = floorDivide(timestamp.microsecondsSince1970, 1_000_000)
        let local = utc + Int64(offsetSeconds(atUTCSeconds: utc))
        let days = Int(floorDivide(local, 86_400))
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let (year, month, day) = civilFromDays(days)
        return DateTime(year: year, month: month, day: day, hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// Seconds ahead of UTC at an instant: 3600 in British Summer Time, 0 in Greenwich Mean Time.
    public static func offsetSeconds(at timestamp: Timestamp) -> Int {
        offsetSeconds(atUTCSeconds: floorDivide(timestamp.microsecondsSince1970, 1_000_000))
    }

    static func offsetSeconds(atUTCSeconds utc: Int64) -> Int {
        let year = civilFromDays(Int(floorDivide(utc, 86_400))).year
        guard year >= firstRuleYear else { return london.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc))) }
        let (springForward, fallBack) = transitions(year: year)
        return utc >= springForward && utc < fallBack ? 3_600 : 0
    }

    /// The UTC instants (seconds) of the year's change to BST and back: 01:00 UTC on the last Sundays of
    /// March and October.
    static func transitions(year: Int) -> (springForward: Int64, fallBack: Int64) {
        (Int64(lastSunday(year: year, month: 3)) * 86_400 + 3_600, Int64(lastSunday(year: year, month: 10)) * 86_400 + 3_600)
    }

    /// Local seconds (the wall clock read as if it were UTC) to UTC seconds. Around a change from offset
    /// `before` to `after` at instant `T`, wall times earlier than `T + max(before, after)` take `before`:
    /// in spring that reads the skipped hour one hour later, in autumn it picks the first of the two.
    static func utcSeconds(forLocalSeconds local: Int64, year: Int) -> Int64 {
        guard year >= firstRuleYear else { return databaseUTCSeconds(forLocalSeconds: local) }
        let (springForward, fallBack) = transitions(year: year)
        if local < springForward + 3_600 { return local }
        if local < fallBack + 3_600 { return local - 3_600 }
        return local
    }

    private static let london = TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0)!

    /// The same rule as `utcSeconds(forLocalSeconds:year:)`, with the change found in the time zone database.
    private static func databaseUTCSeconds(forLocalSeconds local: Int64) -> Int64 {
        let windowStart = Date(timeIntervalSince1970: Double(local - 2 * 86_400))
        let before = Int64(london.secondsFromGMT(for: windowStart))
        guard let change = london.nextDaylightSavingTimeTransition(after: windowStart),
            change.timeIntervalSince1970 < Double(local + 2 * 86_400)
        else { return local - before }
        let changeSeconds = Int64(change.timeIntervalSince1970.rounded())
        let after = Int64(london.secondsFromGMT(for: change))
        return local < changeSeconds + max(before, after) ? local - before : local - after
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func lastSunday(year: Int, month: Int) -> Int {
        let lastDay = daysFromCivil(year: year, month: month, day: daysInMonth(year, month))
        let weekday = ((lastDay + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday; 0 is Sunday.
        return lastDay - weekday
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (Howard Hinnant's `civil_from_days`).
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
