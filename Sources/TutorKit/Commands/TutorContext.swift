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
    /// The content cache and search index; nil means search builds one in memory.
    public var cache: ContentCache?
    /// The learner's stack when no store is open (read cheaply for commands that only show content).
    public var preferredStack: Stack?

    public static let defaultProfile = "default"

    /// The learner's stack, from the store when one is open.
    public var stack: Stack? {
        if let progress, let profile = try? progress.existingProfile(named: profileName) { return profile.stack }
        return preferredStack
    }

    public init(progress: ProgressStore? = nil, profileName: String? = nil, now: @escaping @Sendable () -> Date = { Date() }, calendar: Calendar = .current,
                scheduler: FSRSScheduler = FSRSScheduler(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                cache: ContentCache? = nil, preferredStack: Stack? = nil) {
        self.cache = cache
        self.preferredStack = preferredStack
        self.progress = progress
        self.profileName = profileName ?? Self.defaultProfile
        self.now = now
        self.calendar = calendar
        self.scheduler = scheduler
        self.random = random
    }
}
