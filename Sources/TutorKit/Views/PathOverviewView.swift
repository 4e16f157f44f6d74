extension PathOverview: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var blocks = lead.map(\.block)
        blocks.append(.document([
            .heading(level: 1, content: [.text(title)]),
            .paragraph([.text(summary + " Your stack: "), .strong([.text(stack?.rawValue ?? "not chosen")]), .text(".")]),
        ]))
        blocks.append(.bars(levels.map { bar in
            Bar(label: "\(bar.title) (\(bar.months) months)", done: bar.progress.done, total: bar.progress.total, known: bar.progress.known, skipped: bar.progress.skipped,
                note: bar.level == current ? "← you are here" : nil)
        }))
        if let level = currentLevel {
            blocks.append(.fields([
                Field("Level", "\(level.title): \(level.goal)"),
                Field("Time frame", "\(weeks.lowerBound == weeks.upperBound ? "\(weeks.lowerBound)" : "\(weeks.lowerBound)-\(weeks.upperBound)") weeks at \(PathEngine.hoursPerWeek.lowerBound)-\(PathEngine.hoursPerWeek.upperBound) hours a week (\(level.months) months full time)"),
                Field("Topics", level.topics.joined(separator: ", ")),
            ]))
        }
        blocks.append(nextStep.block(in: view))
        return blocks
    }
}
