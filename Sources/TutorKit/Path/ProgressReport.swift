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
                now: Date, days: LocalDays) throws(StoreError) {
        let catalog = engine.catalog
        let statuses = try store.statuses(for: profile)
        let events = try store.events(for: profile)
        let standing = engine.standing(statuses)
        let exercises = try store.exerciseStates(for: profile).values
        // Each path skill's area by its place in the path, not by its slug: hashing the slugs of
        // 500 skills three times was 1.3 million instructions at 10,000 lessons.
        let areaOf = engine.skillPositions.map { catalog.skills[$0].area.ordinal }
        // Counts by area, at each area's place in `Area.allCases`: the first dictionary keyed by
        // areas cost the runtime a search of the binary's conformances, 0.5 million instructions.
        var tally = [(lessonsDone: Int, lessons: Int, skillsDone: Int, skills: Int)](repeating: (0, 0, 0, 0), count: Area.allCases.count)
        // A stretch of the path at a time: a skill's lessons are counted together, all at once
        // when none has a status of its own, and added to the skill's area.
        var lessonTotal = 0, projectTotal = 0, projectsDone = 0
        for (stretch, run) in zip(engine.stretches, standing.items.runs) {
            let done = run.count(of: stretch.count, where: \.isDone)
            switch stretch.kind {
            case .lessons(_, let pathSkill):
                lessonTotal += stretch.count
                tally[areaOf[pathSkill]].lessons += stretch.count
                tally[areaOf[pathSkill]].lessonsDone += done
            case .project:
                projectTotal += 1
                projectsDone += done
            }
        }
        // Pace counts lessons finished one by one; marking a whole skill done says nothing of
        // speed. The few finished lessons are found on the path, and their hours added in the
        // path's order, as a sum over the items gives it.
        var finishedAt: [Int] = []
        for case .item(let key) in Set(events.filter { $0.kind == .finished }.map(\.item)) {
            guard case .lesson(let slug, let number) = key else { continue }
            finishedAt += engine.stretches(holding: slug, lesson: number).filter { standing.items.runs[$0][number - 1] == .done }
        }
        var finishedHours = 0.0
        for at in finishedAt.sorted() { finishedHours += engine.stretches[at].hours }
        let finished = finishedAt.count
        var practisedLessons = 0
        for key in Set(exercises.filter(\.solved).map { ItemKey.lesson(skill: $0.skill, number: $0.lesson) }) {
            guard case .lesson(let slug, let number) = key else { continue }
            practisedLessons += engine.stretches(holding: slug, lesson: number).reduce(0) { count, _ in count + 1 }
        }
        let activity = ActivitySummary(events: events, answers: try store.reviewLog(for: profile).map(\.reviewedAt), now: now, days: days,
                                       finishedLessonHours: finishedHours, finishedLessons: finished)
        var skillsDone = 0
        for (position, area) in zip(engine.skillPositions, areaOf) {
            tally[area].skills += 1
            if standing.skills.byPosition[position]?.isDone == true {
                tally[area].skillsDone += 1
                skillsDone += 1
            }
        }
        areas = Area.allCases.map { area in
            let counts = tally[area.ordinal]
            return AreaProgress(area: area, title: area.title, lessonsDone: counts.lessonsDone, lessons: counts.lessons,
                                skillsDone: counts.skillsDone, skills: counts.skills)
        }
        let current = profile.currentItem
        let upcoming: ItemKey?
        switch PathNavigator.Position.of(profile, engine: engine, standing: standing) {
        case .on(let key), .next(let key): upcoming = key
        case .finished: upcoming = nil
        }
        self.profile = profile.name
        stack = profile.stack
        levels = engine.progress(in: standing)
        currentLevel = PathEngine.currentLevel(of: levels)
        skills = Count(done: skillsDone, total: engine.skills.count)
        projects = Count(done: projectsDone, total: projectTotal)
        milestonesVerified = try store.verifiedCounts(for: profile).values.reduce(0, +)
        lessonsPractised = Count(done: practisedLessons, total: lessonTotal)
        exercisesSolved = exercises.filter(\.solved).count
        exercisesGivenUp = exercises.filter { $0.gaveUp && !$0.solved }.count
        hintsUsed = exercises.reduce(0) { $0 + $1.hints }
        streakDays = activity.streakDays
        lastActivity = activity.lastActivity
        minutesLast7Days = activity.minutesLast7Days
        remainingHours = Int(engine.remainingHours(in: standing, pace: activity.pace).rounded())
        pace = activity.pace
        currentItem = current.map(catalog.describe)
        next = upcoming.map(catalog.describe)
        self.mastery = mastery
        reviewsDue = try store.dueCards(for: profile, at: now).count
    }
}
