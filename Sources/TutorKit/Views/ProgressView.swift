import Foundation

extension ProgressCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var blocks: [OutputBlock] = [.document([.heading(level: 1, content: [.text("Your progress")])])]
        blocks.append(.bars(report.levels.map { level in
            Bar(label: level.level.title, done: level.done, total: level.total, known: level.known, skipped: level.skipped,
                note: level.level == report.currentLevel ? "← you are here" : nil)
        }))
        blocks.append(.document([.heading(level: 2, content: [.text("By area (lessons)")])]))
        blocks.append(.bars(report.areas.map { Bar(label: $0.area.shortTitle, done: $0.lessonsDone, total: $0.lessons) }))
        var fields = [
            Field("Skills done", "\(report.skills.done) of \(report.skills.total)"),
            Field("Projects done", "\(report.projects.done) of \(report.projects.total)"
                  + (report.milestonesVerified > 0 ? "; \(report.milestonesVerified) milestone\(report.milestonesVerified == 1 ? "" : "s") verified against your server" : "")),
            Field("Lessons practised", report.exercisesSolved + report.exercisesGivenUp == 0
                  ? "none yet: \(p)exercise checks what a lesson taught"
                  : "\(report.lessonsPractised.done) of \(report.lessonsPractised.total) (\(report.exercisesSolved) exercise\(report.exercisesSolved == 1 ? "" : "s") solved"
                    + (report.hintsUsed > 0 ? ", \(report.hintsUsed) hint\(report.hintsUsed == 1 ? "" : "s") used" : "")
                    + (report.exercisesGivenUp > 0 ? ", \(report.exercisesGivenUp) given up" : "") + ")"),
            Field("Streak", report.streakDays == 1 ? "1 day" : "\(report.streakDays) days"),
            Field("Last activity", lastActive ?? "none yet"),
            Field("Last 7 days", "\(report.minutesLast7Days / 60) h \(report.minutesLast7Days % 60) min of study"),
            Field("Left on the path", "about \(report.remainingHours) hours" + (report.pace.map { String(format: " at your pace (%.1f× the estimates)", $0) } ?? " (estimates; your own pace shows after 5 lessons)")),
            Field("Quizzes", report.mastery.isEmpty ? "none yet: \(p)quiz SLUG checks a skill"
                  : report.mastery.sorted { $0.key < $1.key }.map { "\($0.key) \(Mastery.percent($0.value))" }.joined(separator: ", ")),
            Field("Reviews due", report.reviewsDue == 0 ? "none" : "\(report.reviewsDue): \(p)review"),
            Field("Stack", report.stack?.rawValue ?? "not chosen (\(p)stack NAME)"),
        ]
        if report.profile != GlobalSettings.defaultProfile { fields.insert(Field("Profile", report.profile), at: 0) }
        blocks.append(.fields(fields))
        if let current = report.currentItem, report.next == current {
            blocks.append(.notice(.info, "You are on \(current). \(p)next continues."))
        } else if let next = report.next {
            blocks.append(.notice(.info, "Next: \(next). \(p)next opens it."))
        } else {
            blocks.append(.notice(.success, "Everything on the path is done."))
        }
        return blocks
    }
}
