import Foundation

/// What a ``Tutor`` needs beyond the curriculum: where progress is kept, whose it is, and the time.
public struct TutorContext: Sendable {
    /// nil when no progress database could be opened; commands that need one then say so.
    public var progress: ProgressStore?
    public var profileName: String
    public var now: @Sendable () -> Date
    public var calendar: Calendar
    /// Schedules reviews; tests turn fuzzing off.
    public var scheduler: FSRSScheduler
    /// A number in 0..<1 for shuffling questions and fuzzing intervals; tests fix it.
    public var random: @Sendable () -> Double

    public static let defaultProfile = "default"

    public init(progress: ProgressStore? = nil, profileName: String? = nil, now: @escaping @Sendable () -> Date = { Date() }, calendar: Calendar = .current,
                scheduler: FSRSScheduler = FSRSScheduler(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.progress = progress
        self.profileName = profileName ?? Self.defaultProfile
        self.now = now
        self.calendar = calendar
        self.scheduler = scheduler
        self.random = random
    }
}
