import Foundation
import Testing
@testable import TutorKit

/// The day `date` falls on in `zone` as Foundation's calendar has it, counted from 1970-01-01.
private func calendarDay(_ date: Date, in zone: TimeZone) -> Int {
    var local = Calendar(identifier: .gregorian)
    local.timeZone = zone
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = TimeZone(identifier: "UTC")!
    let parts = local.dateComponents([.year, .month, .day], from: date)
    let midnight = utc.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day))!
    return Int((midnight.timeIntervalSince1970 / 86_400).rounded(.down))
}

/// Moments worth checking in `zone`: every offset change from 1990 to 2035 and the seconds either
/// side of it, and hours spread over those years.
private func moments(in zone: TimeZone) -> [Date] {
    var dates: [Date] = []
    var at = Date(timeIntervalSince1970: 631_152_000) // 1990-01-01
    let end = Date(timeIntervalSince1970: 2_082_758_400) // 2036-01-01
    while let change = zone.nextDaylightSavingTimeTransition(after: at), change < end {
        dates += [change - 1, change, change + 1, change + 3_599, change + 3_600]
        at = change
    }
    var hour = 631_152_000.0
    while hour < 2_082_758_400 {
        dates.append(Date(timeIntervalSince1970: hour))
        hour += 86_400 * 13 + 3_600 * 5 + 1_801
    }
    return dates
}

/// The zones whose days the C library and Foundation must agree on: whole, half- and
/// quarter-hour offsets, both sides of the date line, daylight saving north and south, a zone
/// that changes by 30 minutes and one that skipped a whole day (Samoa, 30 December 2011).
private let zones = ["UTC", "Europe/Paris", "America/New_York", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe",
                     "Pacific/Kiritimati", "Pacific/Apia", "America/Sao_Paulo", "Pacific/Chatham", "Asia/Tehran"]

@Suite("Local days")
struct LocalDaysTests {
    @Test("a zone's days are its calendar's: the offset moves the day, and the day before 1970 is -1")
    func zoneDays() throws {
        let utc = LocalDays(timeZone: TimeZone(identifier: "UTC")!)
        let at = ISO8601DateFormatter().date(from: "2026-03-04T10:00:00Z")!
        #expect(utc.day(at) == 20_516)
        #expect(LocalDays(timeZone: TimeZone(identifier: "Pacific/Kiritimati")!).day(at) == 20_517, "UTC+14: already the 5th")
        #expect(LocalDays(timeZone: TimeZone(identifier: "America/St_Johns")!).day(at - 11 * 3_600) == 20_515, "UTC-3:30: still the 3rd")
        #expect(utc.day(Date(timeIntervalSince1970: -1)) == -1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Kathmandu")!
        #expect(LocalDays(calendar: calendar) == LocalDays(timeZone: calendar.timeZone))
        for name in zones {
            let zone = try #require(TimeZone(identifier: name))
            let days = LocalDays(timeZone: zone)
            let wrong = moments(in: zone).filter { days.day($0) != calendarDay($0, in: zone) }
            #expect(wrong.isEmpty, "\(name): \(wrong.prefix(3))")
        }
    }

    @Test("the C library's days are Foundation's in every zone named by TZ, across each change of offset")
    func libcDays() async {
        await #expect(processExitsWith: .success) {
            for name in zones {
                setenv("TZ", name, 1)
                tzset()
                let zone = TimeZone(identifier: name)!
                if moments(in: zone).contains(where: { LocalDays.system.day($0) != calendarDay($0, in: zone) }) { exit(1) }
            }
        }
    }

    @Test("with TZ naming a zone, the system's days come from the C library, in the zone Calendar.current uses")
    func namedZoneIsLibc() async {
        await #expect(processExitsWith: .success) {
            setenv("TZ", "Asia/Kathmandu", 1)
            guard LocalDays.current == LocalDays.system, Calendar.current.timeZone.identifier == "Asia/Kathmandu" else { exit(1) }
            let zone = Calendar.current.timeZone
            if moments(in: zone).contains(where: { LocalDays.current.day($0) != calendarDay($0, in: zone) }) { exit(2) }
        }
    }

    @Test("without TZ, the system's days are Calendar.current's")
    func unsetZone() async {
        await #expect(processExitsWith: .success) {
            unsetenv("TZ")
            let zone = Calendar.current.timeZone
            if moments(in: zone).contains(where: { LocalDays.current.day($0) != calendarDay($0, in: zone) }) { exit(1) }
        }
    }

    @Test("with TZ an abbreviation Foundation reads its own way, the days are Foundation's")
    func abbreviationIsFoundations() async {
        await #expect(processExitsWith: .success) {
            // Foundation reads EST as America/New_York, with summer time; the C library as UTC-5 all year.
            setenv("TZ", "EST", 1)
            let summer = ISO8601DateFormatter().date(from: "2026-07-01T04:30:00Z")!
            guard LocalDays.current != LocalDays.system, LocalDays.current.day(summer) == 20_635 else { exit(1) }
        }
    }

    @Test("the C library is trusted only where it reads the zone Foundation reads", arguments: [
        (nil, nil, nil, LocalDays.Localtime.link("/usr/share/zoneinfo/Etc/UTC"), true),
        (nil, nil, nil, .link("../usr/share/zoneinfo/Europe/Paris"), true),
        (nil, nil, nil, .missing, true),
        (nil, nil, nil, .other, false),
        (nil, nil, nil, .link("/etc/zones/Paris"), false),
        ("UTC", nil, nil, .other, true),
        ("GMT", nil, nil, .other, true),
        ("Europe/Paris", nil, nil, .other, true),
        ("Europe/Paris", nil, "/usr/share/zoneinfo/", .other, true),
        ("Europe/Paris", "/tmp/zone", nil, .other, false),
        ("Europe/Paris", nil, "/opt/zoneinfo", .other, false),
        ("Europe/Nowhere", nil, nil, .other, false),
        (":Europe/Paris", nil, nil, .other, false),
        ("right/Europe/Paris", nil, nil, .other, false),
        ("Europe/../Europe/Paris", nil, nil, .other, false),
        ("EST", nil, nil, .other, false),
        ("CET-1CEST,M3.5.0,M10.5.0/3", nil, nil, .other, false),
        ("", nil, nil, .missing, false),
    ] as [(String?, String?, String?, LocalDays.Localtime, Bool)])
    func libcAgreement(tz: String?, tzfile: String?, tzdir: String?, localtime: LocalDays.Localtime, agrees: Bool) {
        #expect(LocalDays.libcAgrees(tz: tz, tzfile: tzfile, tzdir: tzdir, localtime: localtime) == agrees)
    }

    @Test("a streak and 'yesterday' count calendar days across a change of offset")
    func acrossDaylightSaving() throws {
        let days = LocalDays(timeZone: TimeZone(identifier: "America/New_York")!)
        let at = { (text: String) in ISO8601DateFormatter().date(from: text)! }
        // Summer time began at 02:00 on 8 March 2026: that day had 23 hours.
        let events = ["2026-03-07T04:30:00Z", "2026-03-08T05:30:00Z", "2026-03-09T03:30:00Z"].enumerated().map { index, text in
            ProgressEvent(id: Int64(index), profileId: 1, at: at(text), kind: .finished, item: EventSubject("lesson:s/\(index + 1)")!, detail: nil)
        }
        // 23:30 on the 6th, 00:30 on the 8th (still winter time), 23:30 on the 8th (summer time).
        let summary = ActivitySummary(events: events, now: at("2026-03-09T15:00:00Z"), days: days, finishedLessonHours: 1, finishedLessons: 3)
        #expect(summary.streakDays == 1, "nothing on the 7th; the 8th is yesterday")
        #expect(RelativeDate.day(at("2026-03-07T04:30:00Z"), now: at("2026-03-09T15:00:00Z"), days: days) == "3 days ago")
        #expect(RelativeDate.day(at("2026-03-08T05:30:00Z"), now: at("2026-03-09T15:00:00Z"), days: days) == "yesterday")
        #expect(RelativeDate.day(at("2026-03-09T03:30:00Z"), now: at("2026-03-09T04:30:00Z"), days: days) == "yesterday")
        #expect(RelativeDate.day(at("2026-03-09T04:30:00Z"), now: at("2026-03-09T15:00:00Z"), days: days) == "today")
    }
}
