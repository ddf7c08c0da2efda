import Foundation
import IMSCore
import IMSInterchange
import Testing

@Suite("UK local time")
struct UKLocalTimeTests {
    static func utc(_ text: String) -> Timestamp {
        Timestamp(try! Date(text, strategy: .iso8601))
    }

    static func read(_ text: String, _ pattern: String = "dd/MM/yyyy HH:mm:ss") -> Timestamp? {
        try! LegacyDateFormat(pattern).timestamp(text)
    }

    @Test(
        "winter is GMT and summer is BST",
        arguments: [
            ("15/01/2025 12:00:00", "2025-01-15T12:00:00Z"),
            ("15/07/2025 12:00:00", "2025-07-15T11:00:00Z"),
            ("01/01/2020 00:00:00", "2020-01-01T00:00:00Z"),
            ("31/12/2019 23:59:59", "2019-12-31T23:59:59Z"),
            ("01/06/2020 00:30:00", "2020-05-31T23:30:00Z"),
        ])
    func ordinaryTimes(local: String, expected: String) {
        #expect(Self.read(local) == Self.utc(expected))
    }

    @Test(
        "a time in the spring-forward gap is read one hour later",
        arguments: [
            ("29/03/2026 00:59:59", "2026-03-29T00:59:59Z"),
            ("29/03/2026 01:00:00", "2026-03-29T01:00:00Z"),
            ("29/03/2026 01:30:00", "2026-03-29T01:30:00Z"),
            ("29/03/2026 02:30:00", "2026-03-29T01:30:00Z"),
            ("29/03/2026 03:00:00", "2026-03-29T02:00:00Z"),
            ("31/03/2024 01:15:00", "2024-03-31T01:15:00Z"),
        ])
    func springGap(local: String, expected: String) {
        #expect(Self.read(local) == Self.utc(expected))
    }

    @Test(
        "a time in the autumn hour that occurs twice is read as its first occurrence",
        arguments: [
            ("25/10/2026 00:30:00", "2026-10-24T23:30:00Z"),
            ("25/10/2026 01:00:00", "2026-10-25T00:00:00Z"),
            ("25/10/2026 01:30:00", "2026-10-25T00:30:00Z"),
            ("25/10/2026 01:59:59", "2026-10-25T00:59:59Z"),
            ("25/10/2026 02:00:00", "2026-10-25T02:00:00Z"),
            ("27/10/2024 01:45:00", "2024-10-27T00:45:00Z"),
        ])
    func autumnOverlap(local: String, expected: String) {
        #expect(Self.read(local) == Self.utc(expected))
    }

    @Test("before 1996 the UK's own changes apply: BST ended on 22 October 1995, not the last Sunday")
    func before1996() {
        #expect(Self.read("25/10/1995 12:00:00") == Self.utc("1995-10-25T12:00:00Z"))
        #expect(Self.read("20/10/1995 12:00:00") == Self.utc("1995-10-20T11:00:00Z"))
    }

    @Test("every change of the clocks from 1996 to 2040 agrees with the time zone database")
    func agreesWithDatabase() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        var date = Date(timeIntervalSince1970: 820_454_400)  // 1996-01-01
        let end = Date(timeIntervalSince1970: 2_240_611_200)  // 2041-01-01
        var checked = 0
        while let change = london.nextDaylightSavingTimeTransition(after: date), change < end {
            let instant = Timestamp(change)
            for offset: Int64 in [-3_601, -1, 0, 1, 3_599, 3_600] {
                let moment = instant.adding(seconds: offset)
                #expect(UKLocalTime.offsetSeconds(at: moment) == london.secondsFromGMT(for: moment.date), "\(moment)")
                // Reading back the wall clock of an instant gives the instant, except for the second hour of
                // the autumn overlap, which is read as the first.
                let local = UKLocalTime.dateTime(of: moment)
                let isSecondOccurrence =
                    UKLocalTime.offsetSeconds(at: moment) == 0 && UKLocalTime.offsetSeconds(at: moment.adding(seconds: -3_600)) == 3_600
                #expect(UKLocalTime.timestamp(local) == (isSecondOccurrence ? moment.adding(seconds: -3_600) : moment), "\(local)")
            }
            date = change.addingTimeInterval(1)
            checked += 1
        }
        #expect(checked == 90)
    }

    @Test(
        "dates that do not exist are refused",
        arguments: [
            "29/02/2023 10:00:00", "31/04/2024 10:00:00", "00/01/2024 10:00:00", "01/00/2024 10:00:00",
            "01/01/2024 24:00:00", "01/01/2024 10:60:00", "01/01/2024 10:00:60",
        ])
    func impossibleDates(text: String) {
        #expect(Self.read(text) == nil)
    }

    @Test("29 February exists in leap years")
    func leapDay() {
        #expect(Self.read("29/02/2024 10:00:00") == Self.utc("2024-02-29T10:00:00Z"))
        #expect(Self.read("29/02/2000 10:00:00") == Self.utc("2000-02-29T10:00:00Z"))
        #expect(Self.read("29/02/1900 10:00:00") == nil)
    }
}

@Suite("Legacy date formats")
struct LegacyDateFormatTests {
    @Test(
        "the supported formats read the same instant",
        arguments: [
            ("dd/MM/yyyy HH:mm:ss", "05/07/2021 14:03:09", "2021-07-05T13:03:09Z"),
            ("dd/MM/yyyy HH:mm", "05/07/2021 14:03", "2021-07-05T13:03:00Z"),
            ("yyyy-MM-dd HH:mm:ss", "2021-07-05 14:03:09", "2021-07-05T13:03:09Z"),
            ("dd/MM/yyyy", "05/12/2021", "2021-12-05T00:00:00Z"),
            ("d/M/yyyy H:mm", "5/7/2021 9:03", "2021-07-05T08:03:00Z"),
            ("d/M/yyyy H:mm", "15/12/2021 19:03", "2021-12-15T19:03:00Z"),
            ("yyyyMMddHHmmss", "20210705140309", "2021-07-05T13:03:09Z"),
        ])
    func formats(pattern: String, text: String, expected: String) throws {
        #expect(try LegacyDateFormat(pattern).timestamp(text) == UKLocalTimeTests.utc(expected))
    }

    @Test(
        "text that does not follow the format exactly is refused",
        arguments: [
            "05/07/2021", "5/07/2021 14:03:09", "05/07/2021 14:03:09 ", " 05/07/2021 14:03:09", "05-07-2021 14:03:09",
            "2021-07-05 14:03:09", "05/07/21 14:03:09", "05/07/2021 14:03", "", "05/07/2021T14:03:09",
        ])
    func strict(text: String) {
        #expect(LegacyDateFormat.legacyDefault.timestamp(text) == nil)
    }

    @Test(
        "patterns without a whole date, or with unknown letters, are refused",
        arguments: [
            "HH:mm:ss", "dd/MM", "dd/MM/yy", "dd/MMM/yyyy", "dd/MM/yyyy hh:mm", "dd/MM/yyyy HH:mm:ss.SSS", "dd/MM/yyyy HH", "dd/MM/yyyy dd",
        ])
    func invalidPatterns(pattern: String) {
        #expect(throws: InterchangeError.self) { try LegacyDateFormat(pattern) }
    }
}
