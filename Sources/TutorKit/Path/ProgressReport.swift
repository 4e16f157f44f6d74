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
        let finishedOneByOne = Set(events.filter { $0.kind == .finished }.map(\.item))
        let standing = engine.standing(statuses)
        let exercises = try store.exerciseStates(for: profile).values
        let practised = Set(exercises.filter(\.solved).map { ItemKey.lesson(skill: $0.skill, number: $0.lesson) })
        var areaOf: [String: Area] = [:]
        for slug in engine.skills { areaOf[slug] = catalog.metadata(slug)?.area }
        // One pass over the items, none copied. Lessons are counted by skill (a skill's lessons
        // follow one another in the items), then added to the skill's area: an area's hash is its
        // raw value's, and hashing it for each of 10,000 lessons was 6.5 million instructions.
        var finishedHours = 0.0, finished = 0, lessonTotal = 0, practisedLessons = 0, projectTotal = 0, projectsDone = 0
        var lessonsDone: [Area: Int] = [:], lessonCount: [Area: Int] = [:]
        var run: (slug: String, lessons: Int, done: Int)?
        func closeRun() {
            guard let run, let area = areaOf[run.slug] else { return }
            lessonCount[area, default: 0] += run.lessons
            lessonsDone[area, default: 0] += run.done
        }
        for index in engine.items.indices {
            let state = standing.items[index]
            switch engine.items[index].key {
            case .lesson(let slug, let number):
                lessonTotal += 1
                // Pace counts lessons finished one by one; marking a whole skill done says nothing of speed.
                if state == .done, !finishedOneByOne.isEmpty, finishedOneByOne.contains(.item(engine.items[index].key)) {
                    finishedHours += engine.items[index].hours
                    finished += 1
                }
                if !practised.isEmpty, practised.contains(.lesson(skill: slug, number: number)) { practisedLessons += 1 }
                if run?.slug != slug {
                    closeRun()
                    run = (slug, 0, 0)
                }
                run!.lessons += 1
                if state.isDone { run!.done += 1 }
            case .project:
                projectTotal += 1
                if state.isDone { projectsDone += 1 }
            case .skill, .milestone:
                break
            }
        }
        closeRun()
        let activity = ActivitySummary(events: events, answers: try store.reviewLog(for: profile).map(\.reviewedAt), now: now, calendar: calendar,
                                       finishedLessonHours: finishedHours, finishedLessons: finished)
        var skillCount: [Area: Int] = [:], skillsDone: [Area: Int] = [:]
        for slug in engine.skills {
            guard let area = areaOf[slug] else { continue }
            skillCount[area, default: 0] += 1
            if standing.skills[slug]?.isDone == true { skillsDone[area, default: 0] += 1 }
        }
        areas = Area.allCases.map { area in
            AreaProgress(area: area, title: area.title, lessonsDone: lessonsDone[area] ?? 0, lessons: lessonCount[area] ?? 0,
                         skillsDone: skillsDone[area] ?? 0, skills: skillCount[area] ?? 0)
        }
        let current = profile.currentItem
        let upcoming = current.flatMap { engine.status($0, in: statuses).isSettled ? nil : $0 } ?? engine.next(after: current, in: standing)?.key
        self.profile = profile.name
        stack = profile.stack
        levels = engine.progress(in: standing)
        currentLevel = PathEngine.currentLevel(of: levels)
        skills = Count(done: engine.skills.filter { standing.skills[$0]?.isDone == true }.count, total: engine.skills.count)
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
