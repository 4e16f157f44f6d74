import Foundation

/// /projects: list, show, start, check.
extension Tutor {
    /// A project with the learner's state, as `--json` prints it.
    public struct ProjectSummary: Codable, Hashable, Sendable {
        public var slug: String
        public var title: String
        public var level: Level
        public var hours: Int
        public var status: ItemStatus
        public var milestonesDone: Int
        public var milestones: Int
    }

    func projects(_ action: ProjectsAction, json: Bool) throws(TutorError) -> Output {
        switch action {
        case .list(let level): return try projectList(level, json: json)
        case .show(let slug): return try projectDetail(slug, json: json)
        case .start(let slug): return try startProject(slug)
        case .check(let slug, let number, let undo): return try checkMilestone(slug, number: number, undo: undo)
        }
    }

    func findProject(_ slug: String) throws(TutorError) -> Project {
        if let project = catalog.project(slug) { return project }
        let suggestions = Suggestions.nearest(to: slug, in: catalog.projects.map(\.slug))
        throw .usage("unknown project '\(Sanitizer.clean(slug))'" + (suggestions.isEmpty ? " — \(commandPrefix)projects lists them" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    /// The learner's statuses, or none when no progress database is open.
    func learnerStatuses() throws(TutorError) -> PathEngine.Statuses {
        guard context.progress != nil else { return [:] }
        let (store, profile) = try learner()
        return try store.statuses(for: profile)
    }

    func summary(_ project: Project, _ statuses: PathEngine.Statuses) -> ProjectSummary {
        let done = (1...project.milestones.count).filter { statuses[ItemKey.milestone(project: project.slug, number: $0).text] == .done }.count
        return ProjectSummary(slug: project.slug, title: project.title, level: project.level, hours: project.hours,
                              status: statuses[ItemKey.project(project.slug).text] ?? .notStarted, milestonesDone: done, milestones: project.milestones.count)
    }

    func statusText(_ summary: ProjectSummary) -> String {
        switch summary.status {
        case .done: "done"
        case .skipped: "skipped"
        case .inProgress: "in progress, \(summary.milestonesDone) of \(summary.milestones) milestones"
        case .notStarted: summary.milestonesDone > 0 ? "\(summary.milestonesDone) of \(summary.milestones) milestones" : "not started"
        }
    }

    private func projectList(_ level: Level?, json: Bool) throws(TutorError) -> Output {
        let statuses = try learnerStatuses()
        let projects = catalog.projects.filter { level == nil || $0.level == level }
        if json { return Output(json: Output.json(projects.map { summary($0, statuses) })) }
        let current = (try? engine())?.currentLevel(in: statuses) ?? .beginner
        let levels = level.map { [$0] } ?? ([current] + Level.allCases.filter { $0 != current })
        var blocks: [Block] = [.heading(level: 1, content: [.text(level.map { "\($0.title) projects" } ?? "Projects")])]
        for level in levels {
            let inLevel = projects.filter { $0.level == level }
            guard !inLevel.isEmpty else { continue }
            blocks.append(.heading(level: 2, content: [.text("\(level.title) (\(level.months))" + (level == current ? " · your level" : ""))]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: inLevel.map { project in
                let s = summary(project, statuses)
                return ListItem(checked: s.status == .done ? true : nil, blocks: [.paragraph([
                    .strong([.text(project.slug)]), .text(" — \(project.title), about \(project.hours) h · "), .emphasis([.text(statusText(s))]),
                ])])
            }))
        }
        return Output([.document(Document(blocks)), .notice(.info, "\(commandPrefix)projects SLUG shows one; \(commandPrefix)projects start SLUG begins it.")])
    }

    private func projectDetail(_ slug: String, json: Bool) throws(TutorError) -> Output {
        let project = try findProject(slug)
        let statuses = try learnerStatuses()
        let s = summary(project, statuses)
        if json {
            struct Detail: Encodable {
                var project: Project
                var progress: ProjectSummary
                var milestonesDone: [Int]
            }
            let done = (1...project.milestones.count).filter { statuses[ItemKey.milestone(project: project.slug, number: $0).text] == .done }
            return Output(json: Output.json(Detail(project: project, progress: s, milestonesDone: done)))
        }
        let engine = try? engine()
        var blocks: [Block] = [.heading(level: 1, content: [.text("Project: \(project.title)")])]
        blocks.append(.paragraph([.emphasis([.text(project.summary)])]))
        var output = Output([.document(Document(blocks))])
        output.blocks.append(.fields([
            Field("Project", project.slug),
            Field("Level", "\(project.level.title) (\(project.level.months))"),
            Field("Estimate", "about \(project.hours) hours"),
            Field("Status", statusText(s)),
        ]))
        blocks = [.heading(level: 2, content: [.text("Skills it uses")])]
        blocks.append(.list(ordered: false, start: 1, tight: true, items: project.skills.map { slug in
            let title = catalog.metadata(slug)?.title ?? slug
            let state = engine?.status(.skill(slug), in: statuses) ?? .notStarted
            let note: [Inline] = state.isSettled
                ? [.text(" — \(state == .done ? "done" : "skipped")")]
                : [.text(" — not done yet: "), .code("\(commandPrefix)learn \(slug)"), .text(" teaches it")]
            return ListItem(checked: state == .done ? true : false, blocks: [.paragraph([.strong([.text(title)])] + note)])
        }))
        blocks += MarkdownParser.parse(project.brief).blocks
        blocks.append(.heading(level: 2, content: [.text("Milestones")]))
        blocks.append(.list(ordered: true, start: 1, tight: true, items: project.milestones.enumerated().map { index, milestone in
            let done = statuses[ItemKey.milestone(project: project.slug, number: index + 1).text] == .done
            return ListItem(checked: done, blocks: [.paragraph([.strong([.text(milestone.title)]), .text(": \(milestone.doneWhen)")])])
        }))
        if !project.criteria.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Acceptance criteria")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: project.criteria.map { ListItem(blocks: [.paragraph(describe($0))]) }))
        }
        if !project.stretch.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Stretch goals")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: project.stretch.map { ListItem(blocks: [.paragraph([.text($0)])]) }))
        }
        output.blocks.append(.document(Document(blocks)))
        let next = s.status == .notStarted ? "\(commandPrefix)projects start \(project.slug) begins it" : "\(commandPrefix)projects check \(project.slug) N ticks milestone N"
        output.blocks.append(.notice(.info, next + "."))
        return output
    }

    /// `POST /todos` with `{"title": ""}` → 400, Content-Type: application/problem+json; body {type: string, …}
    func describe(_ criterion: AcceptanceCriterion) -> [Inline] {
        var parts: [Inline] = [.code(criterion.request)]
        if !criterion.requestHeaders.isEmpty {
            parts.append(.text(" with "))
            parts.append(.code(criterion.requestHeaders.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))
        }
        if let body = criterion.body { parts += [.text(" sending "), .code(body)] }
        parts += [.text(" → "), .strong([.text(String(criterion.status))])]
        for (name, value) in criterion.headers.sorted(by: { $0.key < $1.key }) { parts += [.text(", "), .code("\(name): \(value)")] }
        if !criterion.shape.isEmpty {
            parts += [.text("; body "), .code("{" + criterion.shape.map { "\($0[0]): \($0[1])" }.joined(separator: ", ") + "}")]
        }
        if let note = criterion.note { parts.append(.text(". \(note)")) }
        return parts
    }

    private func startProject(_ slug: String) throws(TutorError) -> Output {
        let project = try findProject(slug)
        let (store, profile) = try learner()
        try store.open(.project(project.slug), for: profile, now: context.now())
        return Output([.notice(.success, "Started \(project.title): \(project.milestones.count) milestones. \(commandPrefix)projects check \(project.slug) 1 ticks the first.")])
            + (try projectDetail(project.slug, json: false))
    }

    private func checkMilestone(_ slug: String, number: Int, undo: Bool) throws(TutorError) -> Output {
        let project = try findProject(slug)
        guard number >= 1, number <= project.milestones.count else {
            throw .usage("\(project.slug) has milestones 1 to \(project.milestones.count)")
        }
        let (store, profile) = try learner()
        let now = context.now()
        let key = ItemKey.milestone(project: project.slug, number: number)
        let milestone = project.milestones[number - 1]
        if undo {
            try store.set([key], to: .notStarted, event: .reset, for: profile, now: now)
            if try store.statuses(for: profile)[ItemKey.project(project.slug).text] == .done {
                try store.set([.project(project.slug)], to: .inProgress, event: .reset, for: profile, now: now)
            }
            return Output([.notice(.success, "Unticked milestone \(number): \(milestone.title).")])
        }
        try store.set([key], to: .done, event: .finished, for: profile, now: now)
        let statuses = try store.statuses(for: profile)
        let done = summary(project, statuses)
        if done.milestonesDone == done.milestones {
            if statuses[ItemKey.project(project.slug).text] != .done {
                try store.set([.project(project.slug)], to: .done, event: .finished, for: profile, now: now)
            }
            return Output([.notice(.success, "Milestone \(number) done, and with it \(project.title): every milestone works. \(commandPrefix)progress counts it.")])
        }
        if statuses[ItemKey.project(project.slug).text] == nil {
            try store.set([.project(project.slug)], to: .inProgress, event: .opened, for: profile, now: now)
        }
        return Output([.notice(.success, "Milestone \(number) done: \(milestone.title). \(done.milestonesDone) of \(done.milestones) milestones of \(project.title).")])
    }
}

extension Output {
    static func + (lhs: Output, rhs: Output) -> Output {
        Output(lhs.blocks + rhs.blocks, json: lhs.json ?? rhs.json, status: max(lhs.status, rhs.status), question: lhs.question ?? rhs.question)
    }
}
