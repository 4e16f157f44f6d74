import Foundation

/// /progress, /export and /import.
extension Tutor {
    /// The data /progress shows, and prints with --json.
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
    }

    func progressReport() throws(TutorError) -> ProgressReport {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        let engine = try engine()
        let statuses = try store.statuses(for: profile)
        let events = try store.events(for: profile)
        // Pace counts lessons finished one by one; marking a whole skill done says nothing of speed.
        let finishedOneByOne = Set(events.filter { $0.kind == .finished }.map(\.item))
        let finishedLessons = engine.items.filter { item in
            if case .lesson = item.key { return finishedOneByOne.contains(item.key.text) && engine.status(item.key, in: statuses) == .done }
            return false
        }
        let activity = ActivitySummary(events: events, now: context.now(), calendar: context.calendar,
                                       finishedLessonHours: finishedLessons.reduce(0) { $0 + $1.hours }, finishedLessons: finishedLessons.count)
        let areas = Area.allCases.map { area -> ProgressReport.AreaProgress in
            let skills = engine.skills.filter { catalog.metadata($0)?.area == area }
            let lessons = skills.flatMap { engine.lessonKeys(of: $0) }
            return ProgressReport.AreaProgress(
                area: area, title: area.title,
                lessonsDone: lessons.filter { engine.status($0, in: statuses) == .done }.count, lessons: lessons.count,
                skillsDone: skills.filter { engine.status(.skill($0), in: statuses) == .done }.count, skills: skills.count)
        }
        let projects = engine.items.filter { if case .project = $0.key { return true }; return false }
        let current = profile.currentItem.flatMap(ItemKey.init)
        let upcoming = current.flatMap { engine.status($0, in: statuses).isSettled ? nil : $0 } ?? engine.next(after: current, in: statuses)?.key
        return ProgressReport(
            profile: profile.name, stack: profile.stack, currentLevel: engine.currentLevel(in: statuses),
            levels: Level.allCases.map { engine.progress(of: $0, in: statuses) },
            areas: areas,
            skills: .init(done: engine.skills.filter { engine.status(.skill($0), in: statuses) == .done }.count, total: engine.skills.count),
            projects: .init(done: projects.filter { engine.status($0.key, in: statuses) == .done }.count, total: projects.count),
            streakDays: activity.streakDays, lastActivity: activity.lastActivity, minutesLast7Days: activity.minutesLast7Days,
            remainingHours: Int(engine.remainingHours(in: statuses, pace: activity.pace).rounded()), pace: activity.pace,
            currentItem: current.map(describe), next: upcoming.map(describe),
            mastery: try masteries(store: store, profile: profile), reviewsDue: try store.dueCards(for: profile, at: context.now()).count)
    }

    func masteries(store: ProgressStore, profile: Profile) throws(TutorError) -> [String: Double] {
        var result: [String: Double] = [:]
        for (slug, answers) in try store.latestAnswers(for: profile) where !answers.answered.isEmpty {
            let total = catalog.quiz(for: slug)?.questions.count ?? answers.answered.count
            result[slug] = Double(answers.right.count) / Double(max(total, 1))
        }
        return result
    }

    func progress(json: Bool) throws(TutorError) -> Output {
        let report = try progressReport()
        if json {
            let encoder = ProgressExport.encoder()
            return Output(json: try? encoder.encode(report))
        }
        var blocks: [OutputBlock] = [.document(Document([.heading(level: 1, content: [.text("Your progress")])]))]
        blocks.append(.bars(report.levels.map { level in
            Bar(label: level.level.title, done: level.done, total: level.total, skipped: level.skipped,
                note: level.level == report.currentLevel ? "← you are here" : nil)
        }))
        blocks.append(.document(Document([.heading(level: 2, content: [.text("By area (lessons)")])])))
        blocks.append(.bars(report.areas.map { Bar(label: $0.area.shortTitle, done: $0.lessonsDone, total: $0.lessons) }))
        var fields = [
            Field("Skills done", "\(report.skills.done) of \(report.skills.total)"),
            Field("Projects done", "\(report.projects.done) of \(report.projects.total)"),
            Field("Streak", report.streakDays == 1 ? "1 day" : "\(report.streakDays) days"),
            Field("Last activity", report.lastActivity.map { relative($0) } ?? "none yet"),
            Field("Last 7 days", "\(report.minutesLast7Days / 60) h \(report.minutesLast7Days % 60) min of study"),
            Field("Left on the path", "about \(report.remainingHours) hours" + (report.pace.map { String(format: " at your pace (%.1f× the estimates)", $0) } ?? " (estimates; your own pace shows after 5 lessons)")),
            Field("Quizzes", report.mastery.isEmpty ? "none yet: \(commandPrefix)quiz SLUG checks a skill"
                  : report.mastery.sorted { $0.key < $1.key }.map { "\($0.key) \(Int(($0.value * 100).rounded()))%" }.joined(separator: ", ")),
            Field("Reviews due", report.reviewsDue == 0 ? "none" : "\(report.reviewsDue): \(commandPrefix)review"),
            Field("Stack", report.stack?.rawValue ?? "not chosen (\(commandPrefix)stack NAME)"),
        ]
        if report.profile != TutorContext.defaultProfile { fields.insert(Field("Profile", report.profile), at: 0) }
        blocks.append(.fields(fields))
        if let current = report.currentItem, report.next == current {
            blocks.append(.notice(.info, "You are on \(current). \(commandPrefix)next continues."))
        } else if let next = report.next {
            blocks.append(.notice(.info, "Next: \(next). \(commandPrefix)next opens it."))
        } else {
            blocks.append(.notice(.success, "Everything on the path is done."))
        }
        return Output(blocks)
    }

    /// `today`, `yesterday`, `3 days ago`.
    func relative(_ date: Date) -> String {
        let calendar = context.calendar
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: date), to: calendar.startOfDay(for: context.now())).day ?? 0
        switch days {
        case ...0: return "today"
        case 1: return "yesterday"
        default: return "\(days) days ago"
        }
    }

    // MARK: - export / import

    func exportProgress() throws(TutorError) -> Output {
        let export = try store().export(now: context.now())
        guard let data = try? ProgressExport.encoder().encode(export) else {
            throw .io(path: "export", reason: "could not encode the progress")
        }
        return Output(json: data)
    }

    func importProgress(_ path: String) throws(TutorError) -> Output {
        let store = try store()
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot be read (missing, or no permission)")
        }
        let export: ProgressExport
        do {
            export = try ProgressExport.decode(data)
        } catch {
            throw .invalidImport(path: path, reason: error.reason)
        }
        let summary = try store.merge(export)
        return Output([.notice(.success, "Imported \(summary.profiles) profile\(summary.profiles == 1 ? "" : "s"): \(summary.newerItems) newer item statuses taken, \(summary.keptItems) kept because yours were as new or newer, \(summary.newEvents) events added.")])
    }
}
