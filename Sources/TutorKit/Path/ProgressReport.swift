import Foundation

/// Where a learner stands on the path: what `/progress` shows and `progress --json` prints.
public struct ProgressReport: Codable, Hashable, Sendable {
    public struct Count: Codable, Hashable, Sendable {
        public var done: Int
        public var total: Int
    }

    public struct AreaProgress: Codable, Hashable, Sendable {
        public var area: Area
        public var title: String
        public var lessonsDone: Int
        public var lessons: Int
        public var skillsDone: Int
        public var skills: Int
    }

    public var profile: String
    public var stack: Stack?
    public var currentLevel: Level
    public var levels: [PathEngine.LevelProgress]
    public var areas: [AreaProgress]
    public var skills: Count
    public var projects: Count
    /// Milestones `verify` proved, over every project.
    public var milestonesVerified: Int
    /// Lessons with an exercise solved, over the path's lessons.
    public var lessonsPractised: Count
    public var exercisesSolved: Int
    public var exercisesGivenUp: Int
    public var hintsUsed: Int
    public var streakDays: Int
    public var lastActivity: Date?
    public var minutesLast7Days: Int
    public var remainingHours: Int
    /// Actual study time per estimated hour, once there is enough history.
    public var pace: Double?
    public var currentItem: String?
    public var next: String?
    /// Per quizzed skill, the share of its questions answered right at the latest try.
    public var mastery: [String: Double]
    public var reviewsDue: Int

    /// The report for `profile` as the store holds it now.
    public init(engine: PathEngine, store: ProgressStore, profile: Profile, mastery: [String: Double],
                now: Date, calendar: Calendar) throws(StoreError) {
        let catalog = engine.catalog
        let statuses = try store.statuses(for: profile)
        let events = try store.events(for: profile)
        // Pace counts lessons finished one by one; marking a whole skill done says nothing of speed.
        let finishedOneByOne = Set(events.filter { $0.kind == .finished }.map(\.item))
        let finishedLessons = engine.items.filter { item in
            if case .lesson = item.key { return finishedOneByOne.contains(.item(item.key)) && engine.status(item.key, in: statuses) == .done }
            return false
        }
        let activity = ActivitySummary(events: events, answers: try store.reviewLog(for: profile).map(\.reviewedAt), now: now, calendar: calendar,
                                       finishedLessonHours: finishedLessons.reduce(0) { $0 + $1.hours }, finishedLessons: finishedLessons.count)
        areas = Area.allCases.map { area in
            let skills = engine.skills.filter { catalog.metadata($0)?.area == area }
            let lessons = skills.flatMap { engine.lessonKeys(of: $0) }
            return AreaProgress(
                area: area, title: area.title,
                lessonsDone: lessons.filter { engine.status($0, in: statuses).isDone }.count, lessons: lessons.count,
                skillsDone: skills.filter { engine.status(.skill($0), in: statuses).isDone }.count, skills: skills.count)
        }
        let projectItems = engine.items.filter { if case .project = $0.key { return true }; return false }
        let current = profile.currentItem
        let upcoming = current.flatMap { engine.status($0, in: statuses).isSettled ? nil : $0 } ?? engine.next(after: current, in: statuses)?.key
        self.profile = profile.name
        stack = profile.stack
        currentLevel = engine.currentLevel(in: statuses)
        levels = Level.allCases.map { engine.progress(of: $0, in: statuses) }
        skills = Count(done: engine.skills.filter { engine.status(.skill($0), in: statuses).isDone }.count, total: engine.skills.count)
        projects = Count(done: projectItems.filter { engine.status($0.key, in: statuses).isDone }.count, total: projectItems.count)
        milestonesVerified = try store.verifiedCounts(for: profile).values.reduce(0, +)
        let exercises = try store.exerciseStates(for: profile).values
        let practised = Set(exercises.filter(\.solved).map { ItemKey.lesson(skill: $0.skill, number: $0.lesson) })
        let lessonKeys = engine.skills.flatMap { engine.lessonKeys(of: $0) }
        lessonsPractised = Count(done: lessonKeys.filter(practised.contains).count, total: lessonKeys.count)
        exercisesSolved = exercises.filter(\.solved).count
        exercisesGivenUp = exercises.filter { $0.gaveUp && !$0.solved }.count
        hintsUsed = exercises.reduce(0) { $0 + $1.hints }
        streakDays = activity.streakDays
        lastActivity = activity.lastActivity
        minutesLast7Days = activity.minutesLast7Days
        remainingHours = Int(engine.remainingHours(in: statuses, pace: activity.pace).rounded())
        pace = activity.pace
        currentItem = current.map(catalog.describe)
        next = upcoming.map(catalog.describe)
        self.mastery = mastery
        reviewsDue = try store.dueCards(for: profile, at: now).count
    }
}
