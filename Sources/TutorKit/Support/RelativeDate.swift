import Foundation

/// Dates as a learner says them.
public enum RelativeDate {
    /// `today`, `yesterday`, `3 days ago`.
    public static func day(_ date: Date, now: Date, days local: LocalDays) -> String {
        let days = local.day(now) - local.day(date)
        switch days {
        case ...0: return "today"
        case 1: return "yesterday"
        default: return "\(days) days ago"
        }
    }

    /// `in 10 minutes`, `tomorrow`, `in 12 days`.
    public static func until(_ due: Date, from now: Date) -> String {
        let seconds = due.timeIntervalSince(now)
        if seconds < 3_600 {
            let minutes = max(1, Int((seconds / 60).rounded()))
            return minutes == 1 ? "in a minute" : "in \(minutes) minutes"
        }
        if seconds < 86_400 {
            let hours = Int((seconds / 3_600).rounded())
            return hours == 1 ? "in an hour" : "in \(hours) hours"
        }
        let days = Int((seconds / 86_400).rounded())
        return days == 1 ? "tomorrow" : "in \(days) days"
    }
}
