import Foundation

/// RFC 3339 timestamps, read and written without ICU. `ISO8601DateFormatter` builds an ICU date
/// format for every formatter made, and parses through it: a teacher's report over 20 learners
/// (9,000 records, a date or two each) spent 53% of its time there, measured with perf. A test
/// holds both functions to what `ISO8601DateFormatter` gives.
public enum RFC3339 {
    /// `2026-01-01T09:30:00.000Z`: UTC, to the nearest millisecond, as exports and `--json` write.
    public static func string(from date: Date) -> String {
        if let text = text(from: date, separator: 0x54, zone: true) { return text }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// `2026-01-01T09:30:00.000Z` (or with `separator` between day and time, and without the
    /// `Z` when `zone` is false), to the nearest millisecond; nil outside the years 0 to 9999.
    static func text(from date: Date, separator: UInt8, zone: Bool) -> String? {
        // The milliseconds Foundation's formatters work from: time since 1970, to the nearest.
        let milliseconds = Int64(((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000 + 0.5).rounded(.down))
        let (days, inDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func put(_ value: Int64, width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(0x30 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        put(year, width: 4); bytes.append(0x2D)
        put(month, width: 2); bytes.append(0x2D)
        put(day, width: 2); bytes.append(separator)
        put(inDay / 3_600_000, width: 2); bytes.append(0x3A)
        put(inDay / 60_000 % 60, width: 2); bytes.append(0x3A)
        put(inDay / 1000 % 60, width: 2); bytes.append(0x2E)
        put(inDay % 1000, width: 3)
        if zone { bytes.append(0x5A) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The date of `2026-01-01T09:30:00Z`, with up to 9 digits of fractional seconds (kept to the
    /// millisecond, rounded down) and a `Z` or `±hh:mm` offset; nil for any other text, and for a
    /// month, day, hour, minute or second out of its range.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(from: $0) }
    }

    /// The date of the text GRDB stores a date as (`2026-01-01 09:30:00.000`, UTC, what ``Date/stored``
    /// writes); nil for any other text. GRDB's own reading builds a UTC calendar the first time,
    /// 1.7 million instructions of every command that reads a date from the progress database.
    /// The sum is made as Foundation's calendar, behind GRDB, makes it: the day's seconds plus
    /// the fraction, then the days' seconds since 2001. Another order rounds differently now and
    /// then, and a date read two ways would not be equal.
    static func storedDate(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 23, bytes[10] == 0x20, bytes[19] == 0x2E else { return nil }
            var timestamp = Array(bytes)
            timestamp[10] = 0x54
            timestamp.append(0x5A)
            guard let (seconds, milliseconds) = timestamp.withUnsafeBufferPointer({ instant(from: $0) }) else { return nil }
            let (days, inDay) = floorDivide(seconds - 978_307_200, 86_400)
            return Date(timeIntervalSinceReferenceDate: Double(days) * 86_400 + (Double(inDay) + Double(milliseconds * 1_000_000) / 1e9))
        }
    }

    private static func date(from bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let (seconds, milliseconds) = instant(from: bytes) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds * 1000 + milliseconds) / 1000)
    }

    /// Whole seconds since 1970 and the milliseconds after them.
    private static func instant(from bytes: UnsafeBufferPointer<UInt8>) -> (Int64, Int64)? {
        let count = bytes.count
        guard (20...35).contains(count) else { return nil }
        func number(_ start: Int, _ width: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<start + width {
                guard index < count, (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 0x2D, let month = number(5, 2), bytes[7] == 0x2D, let day = number(8, 2),
              bytes[10] == 0x54 || bytes[10] == 0x74, let hour = number(11, 2), bytes[13] == 0x3A, let minute = number(14, 2),
              bytes[16] == 0x3A, let second = number(17, 2) else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var index = 19
        var milliseconds: Int64 = 0
        if index < count, bytes[index] == 0x2E {
            let start = index + 1
            index = start
            while index < count, (0x30...0x39).contains(bytes[index]) {
                if index - start < 3 { milliseconds = milliseconds * 10 + Int64(bytes[index] - 0x30) }
                index += 1
            }
            guard (1...9).contains(index - start) else { return nil }
            for _ in min(index - start, 3)..<3 { milliseconds *= 10 }
        }
        guard index < count else { return nil }
        var offsetMinutes: Int64 = 0
        if bytes[index] == 0x5A || bytes[index] == 0x7A {
            guard index + 1 == count else { return nil }
        } else {
            guard bytes[index] == 0x2B || bytes[index] == 0x2D, count == index + 6, let hours = number(index + 1, 2), bytes[index + 3] == 0x3A,
                  let minutes = number(index + 4, 2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (bytes[index] == 0x2D ? -1 : 1)
        }
        return (days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60, milliseconds)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar.
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the proleptic Gregorian calendar `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
