import Foundation

/// Streaks, time spent and pace, computed from the event log.
public struct ActivitySummary: Hashable, Sendable, Codable {
    /// Consecutive days, ending today or yesterday, with a lesson finished or a quiz or review
    /// question answered: opening a lesson or choosing where to start is not a day of study.
    public var streakDays: Int
    public var lastActivity: Date?
    /// Active study time in the last seven days, in minutes, including the stretch going on now.
    public var minutesLast7Days: Int
    /// Actual time per estimated hour of finished lessons; nil until there is enough history.
    public var pace: Double?

    /// Gaps between events longer than this are breaks, not study.
    static let sessionGap: TimeInterval = 30 * 60
    static let minimumLessonsForPace = 5

    /// `answers` are the times quiz and review questions were answered.
    public init(events: [ProgressEvent], answers: [Date] = [], now: Date, days: LocalDays, finishedLessonHours: Double, finishedLessons: Int) {
        let reading = events.filter { $0.kind == .opened || $0.kind == .finished || $0.kind == .skipped }.map(\.at)
        let moments = (reading + answers).sorted()
        lastActivity = moments.last
        let studyDays = Set((events.filter { $0.kind == .finished }.map(\.at) + answers).map(days.day))
        var streak = 0
        var day = days.day(now)
        if !studyDays.contains(day) { day -= 1 }
        while studyDays.contains(day) {
            streak += 1
            day -= 1
        }
        streakDays = streak
        // The stretch since the last event counts while it is shorter than a break.
        let withNow = moments.last.map { now.timeIntervalSince($0) > 0 && now.timeIntervalSince($0) <= Self.sessionGap } == true ? moments + [now] : moments
        let studied = Self.activeSeconds(moments)
        let weekStart = now.addingTimeInterval(-7 * 24 * 3600)
        minutesLast7Days = Int(Self.activeSeconds(withNow.filter { $0 >= weekStart }) / 60)
        if finishedLessons >= Self.minimumLessonsForPace, finishedLessonHours > 0, studied >= 10 * 60 {
            pace = (studied / 3600) / finishedLessonHours
        } else {
            pace = nil
        }
    }

    /// Seconds between consecutive moments, counting gaps up to ``sessionGap``.
    static func activeSeconds(_ moments: [Date]) -> TimeInterval {
        zip(moments, moments.dropFirst()).reduce(0) { total, pair in
            let gap = pair.1.timeIntervalSince(pair.0)
            return total + (gap > 0 && gap <= sessionGap ? gap : 0)
        }
    }
}
