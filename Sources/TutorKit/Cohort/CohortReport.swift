import Foundation

/// A teacher's view of a cohort, computed the way each learner's own `progress` is: every
/// learner's records are folded into a store in memory with the import's merge, then the same
/// summaries run on it.
public struct CohortReport: CommandResult {
    public var cohort: String
    public var code: String
    public var teacher: String
    public var generatedAt: Date
    public var learners: [Learner]
    /// Lessons where learners stopped or gave up, the most first.
    public var lessons: [Lesson]

    public struct Learner: Codable, Hashable, Sendable {
        public var learner: String
        public var stack: Stack?
        public var level: Level
        /// Done or known, of every lesson, skill and project on the path, 0 to 1.
        public var shareDone: Double
        public var lessonsRead: Int
        public var lessonsPractised: Int
        public var lessons: Int
        public var projectsDone: Int
        public var milestonesVerified: Int
        /// Per area with quizzes answered, the mean mastery of its quizzed skills, 0 to 1.
        public var mastery: [String: Double]
        public var lastActive: Date?
        public var streakDays: Int
        /// The last lesson opened and not finished: where the learner is, or stopped.
        public var openLesson: String?
        public var exercisesGivenUp: Int
    }

    public struct Lesson: Codable, Hashable, Sendable {
        public var lesson: String
        public var title: String
        /// Learners whose last opened lesson this is, not finished.
        public var learnersHere: Int
        /// Of those, the ones with nothing done for a week or more.
        public var stalled: Int
        /// Exercises of this lesson given up without solving them.
        public var gaveUp: Int
    }

    /// The report for learners' records as the server sends them: each learner's as one JSON
    /// array of canonical records in server order, decoded in that learner's fold. A record this
    /// build cannot read (a kind a newer tutor syncs) is left out, as a sync leaves it on the server.
    public init(cohort: String, code: String, teacher: String, encoded: [(learner: String, records: String)],
                catalog: Catalog, now: Date, days: LocalDays) throws {
        self.cohort = cohort
        self.code = code
        self.teacher = teacher
        generatedAt = now
        let rules = ProgressExport.Rules(catalog: catalog, now: now)
        guard let path = catalog.paths[CommandContext.pathSlug] else {
            throw ContentError.missing(file: "Content/paths/\(CommandContext.pathSlug).md", what: "the backend path is missing or broken")
        }
        // Each learner's fold is independent of the others': one per core at a time, each in a
        // store of its own copied from an empty one.
        let empty = try ProgressStore.inMemory()
        let folded = Folded(count: encoded.count)
        DispatchQueue.concurrentPerform(iterations: encoded.count) { index in
            folded.set(index, Result {
                try Self.fold(encoded[index].learner, CohortRecord.decodeArray(encoded[index].records), into: try ProgressStore.inMemory(copying: empty),
                              path: path, catalog: catalog, rules: rules, days: days)
            })
        }
        var lessonsByKey: [String: Lesson] = [:]
        var learners: [Learner] = []
        for result in folded.results {
            let (learner, open, gaveUp) = try result.get()
            learners.append(learner)
            let stalled = learner.lastActive.map { now.timeIntervalSince($0) >= 7 * 86_400 } ?? true
            if let open {
                lessonsByKey[open.text, default: Lesson(lesson: open.text, title: catalog.describe(open), learnersHere: 0, stalled: 0, gaveUp: 0)].learnersHere += 1
                if stalled { lessonsByKey[open.text]?.stalled += 1 }
            }
            for key in gaveUp {
                lessonsByKey[key.text, default: Lesson(lesson: key.text, title: catalog.describe(key), learnersHere: 0, stalled: 0, gaveUp: 0)].gaveUp += 1
            }
        }
        self.learners = learners.sorted { $0.learner < $1.learner }
        lessons = lessonsByKey.values.sorted {
            ($0.learnersHere + $0.gaveUp, $0.stalled, $1.lesson) > ($1.learnersHere + $1.gaveUp, $1.stalled, $0.lesson)
        }
    }

    /// One learner's row: their records folded into an empty store in memory with the import's merge,
    /// then the summaries `/progress` shows; with the lesson they have open and the lessons of
    /// exercises they gave up.
    static func fold(_ name: String, _ all: [CohortRecord], into store: ProgressStore, path: LearningPath, catalog: Catalog,
                     rules: ProgressExport.Rules, days: LocalDays) throws -> (Learner, open: ItemKey?, gaveUp: [ItemKey]) {
        let now = rules.now
        let accepted = CohortRecords.accepted(all, rules: rules).accepted
        _ = try store.merge(CohortRecords.export(name: name, createdAt: now, records: accepted, now: now))
        let profile = try store.profile(named: name, now: now)
        let engine = PathEngine(path: path, catalog: catalog, stack: profile.stack)
        let mastery = try Mastery.all(store: store, profile: profile, catalog: catalog)
        let report = try ProgressReport(engine: engine, store: store, profile: profile, mastery: mastery, now: now, days: days)
        let statuses = try store.statuses(for: profile)
        let open = try store.events(for: profile).last { event in
            guard event.kind == .opened, case .item(let key) = event.item, case .lesson = key else { return false }
            return true
        }.flatMap { event -> ItemKey? in
            guard case .item(let key) = event.item, !engine.status(key, in: statuses).isSettled else { return nil }
            return key
        }
        var areaMastery: [String: Double] = [:]
        for area in Area.allCases {
            let values = catalog.skills.filter { $0.area == area }.compactMap { mastery[$0.slug] }
            if !values.isEmpty { areaMastery[area.rawValue] = values.reduce(0, +) / Double(values.count) }
        }
        let total = report.levels.reduce(0) { $0 + $1.total }
        let done = report.levels.reduce(0) { $0 + $1.done + $1.known }
        let gaveUp = try store.exerciseStates(for: profile).values.filter { $0.gaveUp && !$0.solved }.map { ItemKey.lesson(skill: $0.skill, number: $0.lesson) }
        let learner = Learner(
            learner: name, stack: profile.stack, level: report.currentLevel, shareDone: total == 0 ? 0 : Double(done) / Double(total),
            lessonsRead: report.areas.reduce(0) { $0 + $1.lessonsDone }, lessonsPractised: report.lessonsPractised.done,
            lessons: report.lessonsPractised.total, projectsDone: report.projects.done, milestonesVerified: report.milestonesVerified,
            mastery: areaMastery, lastActive: report.lastActivity, streakDays: report.streakDays, openLesson: open?.text,
            exercisesGivenUp: report.exercisesGivenUp)
        return (learner, open, gaveUp)
    }

    /// Results filled in from several threads, each index once.
    private final class Folded: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Result<(Learner, open: ItemKey?, gaveUp: [ItemKey]), any Error>?]

        init(count: Int) { stored = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result<(Learner, open: ItemKey?, gaveUp: [ItemKey]), any Error>) {
            lock.withLock { stored[index] = result }
        }

        var results: [Result<(Learner, open: ItemKey?, gaveUp: [ItemKey]), any Error>] { lock.withLock { stored.compactMap { $0 } } }
    }

    /// The per-learner table as CSV (RFC 4180), one line per learner.
    public var csv: String {
        func cell(_ text: String) -> String {
            // A cell a spreadsheet would run as a formula starts with a quote mark instead.
            let safe = ["=", "+", "-", "@"].contains(where: text.hasPrefix) ? "'" + text : text
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        let areas = Area.allCases.map(\.rawValue)
        var lines = [(["learner", "stack", "level", "share_done", "lessons_read", "lessons_practised", "lessons", "projects_done",
                       "milestones_verified", "last_active", "streak_days", "open_lesson", "exercises_given_up"] + areas.map { "mastery_\($0)" })
            .joined(separator: ",")]
        for learner in learners {
            let fields = [learner.learner, learner.stack?.rawValue ?? "", learner.level.rawValue, String(format: "%.3f", learner.shareDone),
                          String(learner.lessonsRead), String(learner.lessonsPractised), String(learner.lessons), String(learner.projectsDone),
                          String(learner.milestonesVerified), learner.lastActive.map(RFC3339.string(from:)) ?? "", String(learner.streakDays),
                          learner.openLesson ?? "", String(learner.exercisesGivenUp)]
                + areas.map { area in learner.mastery[area].map { String(format: "%.3f", $0) } ?? "" }
            lines.append(fields.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
