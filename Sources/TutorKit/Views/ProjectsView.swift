import Foundation

extension ProjectsCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        switch self {
        case .list(let summaries, let level, let current):
            let levels = level.map { [$0] } ?? ([current] + Level.allCases.filter { $0 != current })
            var blocks: [Block] = [.heading(level: 1, content: [.text(level.map { "\($0.title) projects" } ?? "Projects")])]
            for level in levels {
                let inLevel = summaries.filter { $0.level == level }
                guard !inLevel.isEmpty else { continue }
                blocks.append(.heading(level: 2, content: [.text("\(level.title) (\(level.months))" + (level == current ? " · your level" : ""))]))
                blocks.append(.list(ordered: false, start: 1, tight: true, items: inLevel.map { s in
                    ListItem(checked: s.status.isDone ? true : nil, blocks: [.paragraph([
                        .strong([.text(s.slug)]), .text(" — \(s.title), about \(s.hours) h · "), .emphasis([.text(s.statusText)]),
                    ])])
                }))
            }
            return [.document(blocks), .notice(.info, "\(p)projects SLUG shows one; \(p)projects start SLUG begins it.")]
        case .detail(let detail):
            return detail.blocks(in: view)
        case .started(let detail):
            let project = detail.project
            return [.notice(.success, "Started \(project.title): \(project.milestones.count) milestones. \(p)projects check \(project.slug) 1 ticks the first.")]
                + detail.blocks(in: view)
        case .message(let message):
            return message.blocks(in: view)
        case .solution(let project, let files, let question):
            guard question == nil else { return [] }
            var blocks: [Block] = [.heading(level: 1, content: [.text("Reference solution: \(project)")]),
                                   .paragraph([.text("One way to meet every criterion, in Python's standard library. Yours may differ and still pass.")])]
            for file in files {
                blocks.append(.heading(level: 2, content: [.text(file.name)]))
                blocks.append(.code(language: file.name.hasSuffix(".py") ? "python" : "", text: file.text))
            }
            return [.document(blocks)]
        }
    }
}

extension ProjectsCommand.ProjectDetail {
    func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var output: [OutputBlock] = [.document([.heading(level: 1, content: [.text("Project: \(project.title)")]), .paragraph([.emphasis([.text(project.summary)])])])]
        output.append(.fields([
            Field("Project", project.slug),
            Field("Level", "\(project.level.title) (\(project.level.months))"),
            Field("Estimate", "about \(project.hours) hours"),
            Field("Status", progress.statusText),
        ]))
        var blocks: [Block] = [.heading(level: 2, content: [.text("Skills it uses")])]
        blocks.append(.list(ordered: false, start: 1, tight: true, items: skillStates.map { slug, title, state in
            let note: [Inline] = state.isSettled
                ? [.text(" — \(state.rawValue)")]
                : [.text(" — not done yet: "), .code("\(p)learn \(slug)"), .text(" teaches it")]
            return ListItem(checked: state.isDone, blocks: [.paragraph([.strong([.text(title)])] + note)])
        }))
        blocks += MarkdownParser.parse(project.brief).blocks
        blocks.append(.heading(level: 2, content: [.text("Milestones")]))
        blocks.append(.list(ordered: true, start: 1, tight: true, items: project.milestones.enumerated().map { index, milestone in
            var how: [Inline] = []
            if let date = verified[index + 1] {
                how = [.emphasis([.text(" — verified \(Self.day(date))")])]
            } else if milestonesDone.contains(index + 1) {
                how = [.emphasis([.text(" — ticked by hand")])]
            }
            return ListItem(checked: milestonesDone.contains(index + 1), blocks: [.paragraph([.strong([.text(milestone.title)]), .text(": \(milestone.doneWhen)")] + how)])
        }))
        if !project.criteria.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Acceptance criteria")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: project.criteria.map { ListItem(blocks: [.paragraph($0.inlines)]) }))
        }
        if !project.stretch.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Stretch goals")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: project.stretch.map { ListItem(blocks: [.paragraph([.text($0)])]) }))
        }
        output.append(.document(blocks))
        let next = progress.status == .notStarted ? "\(p)projects start \(project.slug) begins it; \(p)verify \(project.slug) checks your server"
            : "\(p)verify \(project.slug) checks your running server against the criteria; \(p)projects check \(project.slug) N ticks milestone N by hand"
        output.append(.notice(.info, next + "."))
        return output
    }
}

extension ProjectsCommand.Summary {
    /// `in progress, 2 of 5 milestones`.
    var statusText: String {
        switch status {
        case .done: "done"
        case .known: "known"
        case .skipped: "skipped"
        case .inProgress: "in progress, \(milestonesDone) of \(milestones) milestones"
        case .notStarted: milestonesDone > 0 ? "\(milestonesDone) of \(milestones) milestones" : "not started"
        }
    }
}

extension AcceptanceCriterion {
    /// `POST /todos` with `{"title": ""}` → 400, Content-Type: application/problem+json; body {type: string, …}
    var inlines: [Inline] {
        var parts: [Inline] = [.code(request)]
        if !requestHeaders.isEmpty {
            parts.append(.text(" with "))
            parts.append(.code(requestHeaders.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))
        }
        if let body { parts += [.text(" sending "), .code(body)] }
        if let rawBody { parts += [.text(" sending exactly "), .code(rawBody)] }
        if restart { parts.insert(.text("after a restart, "), at: 0) }
        if let concurrent { parts += [.text(" \(concurrent.count) times at once")] }
        parts += [.text(" → "), .strong([.text(status.map(String.init).joined(separator: " or "))])]
        if let concurrent {
            parts.append(.text(" for exactly \(concurrent.succeed)" + (concurrent.others.isEmpty ? "" : ", the others \(concurrent.others.map(String.init).joined(separator: " or "))")))
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { parts += [.text(", "), .code("\(name): \(value)")] }
        if !absentHeaders.isEmpty { parts += [.text(", no "), .code(absentHeaders.joined(separator: ", "))] }
        if !shape.isEmpty {
            parts += [.text("; body "), .code("{" + shape.map { "\($0[0]): \($0[1])" }.joined(separator: ", ") + "}")]
        }
        for check in json { parts += [.text("; "), .code(check.pointer.isEmpty ? "body" : check.pointer), .text(" \(check.op.rawValue.replacingOccurrences(of: "_", with: " ")) "), .code(check.value.text)] }
        if !absent.isEmpty { parts += [.text("; without "), .code(absent.joined(separator: ", "))] }
        if let until { parts.append(.text(" (polled up to \(until.times) times)")) }
        if let note { parts.append(.text(". \(note)")) }
        return parts
    }
}

extension ProjectsCommand.ProjectDetail {
    /// `2026-12-03`, in the learner's time zone.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
