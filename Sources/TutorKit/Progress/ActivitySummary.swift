import Foundation

/// Streaks, time spent and pace, computed from the event log.
public struct ActivitySummary: Hashable, Sendable, Codable {
    /// Consecutive days, ending today or yesterday, with at least one lesson opened or finished.
    public var streakDays: Int
    public var lastActivity: Date?
    /// Active study time in the last seven days, in minutes.
    public var minutesLast7Days: Int
    /// Actual time per estimated hour of finished lessons; nil until there is enough history.
    public var pace: Double?

    /// Gaps between events longer than this are breaks, not study.
    static let sessionGap: TimeInterval = 30 * 60
    static let minimumLessonsForPace = 5

    public init(events: [ProgressEvent], now: Date, calendar: Calendar, finishedLessonHours: Double, finishedLessons: Int) {
        let active = events.filter { $0.kind == .opened || $0.kind == .finished || $0.kind == .skipped }
        lastActivity = active.last?.at
        let days = Set(active.map { calendar.startOfDay(for: $0.at) })
        var streak = 0
        var day = calendar.startOfDay(for: now)
        if !days.contains(day) { day = calendar.date(byAdding: .day, value: -1, to: day)! }
        while days.contains(day) {
            streak += 1
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        streakDays = streak
        let studied = Self.activeSeconds(active)
        let weekStart = now.addingTimeInterval(-7 * 24 * 3600)
        minutesLast7Days = Int(Self.activeSeconds(active.filter { $0.at >= weekStart }) / 60)
        if finishedLessons >= Self.minimumLessonsForPace, finishedLessonHours > 0, studied >= 10 * 60 {
            pace = (studied / 3600) / finishedLessonHours
        } else {
            pace = nil
        }
    }

    /// Seconds between consecutive events, counting gaps up to ``sessionGap``.
    static func activeSeconds(_ events: [ProgressEvent]) -> TimeInterval {
        zip(events, events.dropFirst()).reduce(0) { total, pair in
            let gap = pair.1.at.timeIntervalSince(pair.0.at)
            return total + (gap > 0 && gap <= sessionGap ? gap : 0)
        }
    }
}
