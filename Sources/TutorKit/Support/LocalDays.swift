import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The calendar days where the learner is, numbered: a streak and "yesterday" only need to know
/// which day a moment falls on, and two moments' days are the same or a whole number apart.
///
/// The system's days come from the C library's `localtime_r` when Foundation would use the same
/// zone: `Calendar.current`'s set-up and its day arithmetic were 2.3 of the 17.5 million
/// instructions of `progress` (docs/BENCHMARKS.md), for two day numbers.
public struct LocalDays: Sendable, Equatable {
    /// The zone whose days these are; nil for the C library's local time.
    private let zone: TimeZone?

    private init(zone: TimeZone?) { self.zone = zone }

    /// The days of `timeZone`.
    public init(timeZone: TimeZone) { zone = timeZone }

    /// The days of `calendar`'s time zone.
    public init(calendar: Calendar) { zone = calendar.timeZone }

    /// The days of the zone `Calendar.current` uses, found once, as Foundation finds that zone once.
    public static let current: LocalDays =
        libcAgrees(tz: environment("TZ"), tzfile: environment("TZFILE"), tzdir: environment("TZDIR"), localtime: localtimeLink())
            ? system : LocalDays(timeZone: Calendar.current.timeZone)

    /// The C library's local days, whatever zone Foundation would use.
    static let system: LocalDays = {
        tzset()
        return LocalDays(zone: nil)
    }()

    /// The day `date` falls on: 0 is 1 January 1970 in this zone, -1 the day before.
    public func day(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let offset: Int
        if let zone {
            offset = zone.secondsFromGMT(for: date)
        } else {
            var time = time_t(seconds)
            var parts = tm()
            offset = localtime_r(&time, &parts) == nil ? 0 : parts.tm_gmtoff
        }
        return Int(((seconds + Double(offset)) / 86_400).rounded(.down))
    }

    /// Whether the C library's local time is the zone Foundation's `TimeZone.current` picks, given
    /// the variables `TZ`, `TZFILE` and `TZDIR` and where `/etc/localtime` links (`.missing` when
    /// there is no such file). Foundation reads `TZFILE`, then `TZ` as an abbreviation of its own
    /// table or a zone name, then the name `/etc/localtime` links to under /usr/share/zoneinfo,
    /// then the abbreviation `localtime_r` gives; the C library reads `TZ` as a file under `TZDIR`
    /// or a POSIX rule, else `/etc/localtime`. They agree in the cases below; in any other the
    /// days come from Foundation.
    static func libcAgrees(tz: String?, tzfile: String?, tzdir: String?, localtime: Localtime) -> Bool {
        guard tzfile == nil, tzdir == nil || tzdir == zoneDirectory || tzdir == zoneDirectory + "/" else { return false }
        guard let tz else {
            switch localtime {
            case .missing: return true // both UTC
            case .link(let target): return target.contains(zoneDirectory + "/")
            case .other: return false
            }
        }
        if tz == "UTC" || tz == "GMT" { return true }
        // An Area/City name both read from the zone database; not a POSIX rule, a path, or the
        // `right/` zones that count leap seconds.
        guard tz.contains("/"), !tz.hasPrefix("/"), !tz.hasPrefix(":"), !tz.hasPrefix("right/"), !tz.hasPrefix("posix/"),
              !tz.contains("..") else { return false }
        var status = stat()
        return stat(zoneDirectory + "/" + tz, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// What `/etc/localtime` is.
    enum Localtime: Equatable {
        case missing
        case link(String)
        case other
    }

    private static let zoneDirectory = "/usr/share/zoneinfo"

    /// A variable as the C library sees it: not ``TutorEnvironment/value(_:)``, which takes an
    /// empty variable as unset, where the C library reads `TZ=""` as UTC.
    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func localtimeLink() -> Localtime {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/etc/localtime", &buffer, Int(PATH_MAX))
        if count >= 0 { return .link(String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
        var status = stat()
        return lstat("/etc/localtime", &status) == 0 ? .other : .missing
    }
}
