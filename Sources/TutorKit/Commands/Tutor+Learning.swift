import Foundation

/// The learning path: /learn, /next, /back, /done, /skip, /goto, /reset, /stack.
extension Tutor {
    static let pathSlug = "backend"

    /// The store, or an error saying why progress commands cannot run.
    func store() throws(TutorError) -> ProgressStore {
        guard let store = context.progress else {
            throw .io(path: "progress", reason: "no progress database is open")
        }
        return store
    }

    func learner() throws(TutorError) -> (ProgressStore, Profile) {
        let store = try store()
        return (store, try store.profile(named: context.profileName, now: context.now()))
    }

    /// The path for the learner's stack (or `stack`, when it was just chosen).
    func engine(stack: Stack? = nil) throws(TutorError) -> PathEngine {
        guard let path = catalog.paths[Self.pathSlug] else {
            throw .io(path: catalog.root.appendingPathComponent("Content/paths/\(Self.pathSlug).md").path, reason: "the backend path is missing or broken; run 'backend-tutor lint'")
        }
        return PathEngine(path: path, catalog: catalog, stack: stack ?? context.stack)
    }

    // MARK: - /learn

    func learn(_ target: String?, stack: Stack?, from: Level?) throws(TutorError) -> Output {
        let target = target ?? Self.pathSlug
        if target != Self.pathSlug {
            let skill = try findSkill(target)
            var (store, profile) = try learner()
            if let stack { profile = try store.setStack(stack, for: profile, now: context.now()) }
            let statuses = try store.statuses(for: profile)
            let engine = try? engine()
            let first = engine?.lessonKeys(of: skill.slug).first { !(engine!.status($0, in: statuses).isSettled) } ?? .lesson(skill: skill.slug, number: 1)
            return try open(first, profile: profile, store: store, lead: [])
        }
        return try learnPath(stack: stack, from: from)
    }

    private func learnPath(stack: Stack?, from: Level?) throws(TutorError) -> Output {
        var (store, profile) = try learner()
        let now = context.now()
        if let stack, stack != profile.stack { profile = try store.setStack(stack, for: profile, now: now) }
        let engine = try engine(stack: profile.stack)
        guard profile.stack != nil else {
            let pending = Invocation(command: .learn(target: Self.pathSlug, stack: nil, from: from))
            if mode == .shell {
                throw .usage("choose the stack you will learn with: backend-tutor learn backend --stack \(Stack.allCases.map(\.rawValue).joined(separator: "|"))")
            }
            return Output([.document(Document([
                .heading(level: 1, content: [.text(engine.path.title)]),
                .paragraph([.text(engine.path.summary)]),
            ]))], question: Question(kind: .stack, prompt: "Which stack will you learn with? Examples in it come first.", choices: Stack.allCases.map(\.rawValue), defaultAnswer: nil, pending: pending))
        }
        let started = try store.events(for: profile).contains { $0.kind != .stack }
        var lead: [OutputBlock] = []
        if !started || from != nil {
            let start: Level
            if let from {
                start = from
            } else if mode == .repl {
                let pending = Invocation(command: .learn(target: Self.pathSlug, stack: nil, from: nil))
                return Output([.notice(.success, "Your stack: \(profile.stack!.rawValue).")], question: Question(
                    kind: .startLevel, prompt: "Start at beginner, or mark earlier levels as known by naming where to start?",
                    choices: Level.allCases.map(\.rawValue), defaultAnswer: Level.beginner.rawValue, pending: pending))
            } else {
                start = .beginner
            }
            let statuses = try store.statuses(for: profile)
            let known = engine.items.filter { $0.level < start && !engine.status($0.key, in: statuses).isSettled }.map(\.key)
            try store.start(profile, at: start, marking: known, now: now)
            lead.append(.notice(.success, start == .beginner ? "Starting at the beginning." : "Marked \(known.count) items of the levels before \(start.title) as known."))
        }
        return try pathOverview(engine: engine, store: store, profile: store.reload(profile), lead: lead)
    }

    func pathOverview(engine: PathEngine, store: ProgressStore, profile: Profile, lead: [OutputBlock]) throws(TutorError) -> Output {
        let statuses = try store.statuses(for: profile)
        let current = engine.currentLevel(in: statuses)
        var blocks = lead
        blocks.append(.document(Document([
            .heading(level: 1, content: [.text(engine.path.title)]),
            .paragraph([.text(engine.path.summary + " Your stack: "), .strong([.text(profile.stack?.rawValue ?? "not chosen")]), .text(".")]),
        ])))
        blocks.append(.bars(engine.path.levels.map { level in
            let p = engine.progress(of: level.level, in: statuses)
            return Bar(label: "\(level.title) (\(level.months) months)", done: p.done, total: p.total, skipped: p.skipped,
                       note: level.level == current ? "← you are here" : nil)
        }))
        if let level = engine.path.level(current) {
            blocks.append(.fields([
                Field("Level", "\(level.title): \(level.goal)"),
                Field("Time frame", "\(level.months) months, \(level.weeks) weeks"),
                Field("Topics", level.topics.joined(separator: ", ")),
            ]))
        }
        blocks += try nextStep(engine: engine, profile: profile, statuses: statuses)
        return Output(blocks)
    }

    /// One line that says what to do next.
    func nextStep(engine: PathEngine, profile: Profile, statuses: PathEngine.Statuses) throws(TutorError) -> [OutputBlock] {
        let current = profile.currentItem.flatMap(ItemKey.init)
        if let current, !engine.status(current, in: statuses).isSettled {
            var reopen = ""
            if case .lesson(let slug, let number) = current { reopen = "\(commandPrefix)goto \(slug) \(number) shows it again; " }
            return [.notice(.info, "You are on \(describe(current)). \(reopen)\(commandPrefix)next finishes it and goes on.")]
        }
        guard let next = engine.next(after: current, in: statuses) else {
            return [.notice(.success, "You have finished every lesson and project on the path.")]
        }
        return [.notice(.info, "Next: \(describe(next.key)). Type \(commandPrefix)next to open it.")]
    }

    /// `REST API design › 2. Resources and URIs`, or `project Todo API`.
    func describe(_ key: ItemKey) -> String {
        switch key {
        case .lesson(let slug, let number):
            guard let skill = catalog.metadata(slug), number <= skill.lessons.count else { return key.text }
            return "\(skill.title) › \(number). \(skill.lessons[number - 1])"
        case .skill(let slug):
            return catalog.metadata(slug)?.title ?? slug
        case .project(let slug):
            return "project \(catalog.project(slug)?.title ?? slug)"
        case .milestone(let slug, let number):
            let project = catalog.project(slug)
            let title = project.flatMap { number <= $0.milestones.count ? $0.milestones[number - 1].title : nil } ?? "\(number)"
            return "\(project?.title ?? slug) › milestone \(number): \(title)"
        }
    }

    // MARK: - Opening items

    /// Opens an item in the store and shows it.
    func open(_ key: ItemKey, profile: Profile, store: ProgressStore, lead: [OutputBlock]) throws(TutorError) -> Output {
        try store.open(key, for: profile, now: context.now())
        let statuses = try store.statuses(for: profile)
        let engine = try? engine()
        var blocks = lead
        switch key {
        case .lesson(let slug, let number):
            let skill = try findSkill(slug)
            guard number >= 1, number <= skill.lessons.count else {
                throw .usage("\(skill.slug) has lessons 1 to \(skill.lessons.count)")
            }
            if let engine {
                let missing = engine.missingPrerequisites(key, in: statuses)
                if number == 1, !missing.isEmpty {
                    blocks.append(.notice(.warning, "\(skill.metadata.title) builds on \(missing.joined(separator: ", ")), not done yet. You can go on; \(commandPrefix)learn \(missing[0]) covers it."))
                }
            }
            let lesson = skill.lessons[number - 1]
            var document: [Block] = [.heading(level: 1, content: [.text("\(number). \(lesson.title)")])]
            document.append(.paragraph([.emphasis([.text("\(skill.metadata.title) · lesson \(number) of \(skill.lessons.count) · \(skill.metadata.level.title)")])]))
            document += MarkdownParser.parse(lesson.markdown).preferring(profile.stack).blocks
            if number == skill.lessons.count {
                for section in [skill.exercises, skill.sources].compactMap({ $0 }) {
                    document.append(.heading(level: 2, content: [.text(section.title)]))
                    document += MarkdownParser.parse(section.markdown).preferring(profile.stack).blocks
                }
            }
            blocks.append(.document(Document(document)))
            let following = number < skill.lessons.count ? "\(number + 1). \(skill.lessons[number].title)" : "finishes \(skill.metadata.title) and moves on"
            blocks.append(.notice(.info, "\(commandPrefix)next: \(following) · \(commandPrefix)back · \(commandPrefix)skip · \(commandPrefix)progress"))
        case .project(let slug):
            guard let project = catalog.project(slug) else { throw .usage("unknown project '\(slug)'") }
            var document: [Block] = [.heading(level: 1, content: [.text("Project: \(project.title)")])]
            document.append(.paragraph([.emphasis([.text("\(project.level.title) project · about \(project.hours) hours · skills: \(project.skills.joined(separator: ", "))")])]))
            document += MarkdownParser.parse(project.brief).preferring(profile.stack).blocks
            document.append(.heading(level: 2, content: [.text("Milestones")]))
            document.append(.list(ordered: true, start: 1, tight: true, items: project.milestones.map {
                ListItem(blocks: [.paragraph([.strong([.text($0.title)]), .text(": \($0.doneWhen)")])])
            }))
            if !project.stretch.isEmpty {
                document.append(.heading(level: 2, content: [.text("Stretch goals")]))
                document.append(.list(ordered: false, start: 1, tight: true, items: project.stretch.map { ListItem(blocks: [.paragraph([.text($0)])]) }))
            }
            blocks.append(.document(Document(document)))
            blocks.append(.notice(.info, "Build it on your machine; \(commandPrefix)done when every milestone works, \(commandPrefix)skip to leave it for later."))
        case .skill(let slug):
            return try learn(slug, stack: nil, from: nil)
        case .milestone(let slug, _):
            return try open(.project(slug), profile: profile, store: store, lead: lead)
        }
        return Output(blocks)
    }

    // MARK: - /next, /back

    func next() throws(TutorError) -> Output {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        let engine = try engine()
        let now = context.now()
        let current = profile.currentItem.flatMap(ItemKey.init)
        var lead: [OutputBlock] = []
        if let current, case .lesson(let slug, _) = current {
            var statuses = try store.statuses(for: profile)
            if !engine.status(current, in: statuses).isSettled {
                try store.set([current], to: .done, event: .finished, for: profile, now: now)
                statuses = try store.statuses(for: profile)
                if engine.status(.skill(slug), in: statuses) == .done {
                    try store.log(.finished, item: .skill(slug), for: profile, now: now)
                    lead.append(.notice(.success, "You finished \(catalog.metadata(slug)?.title ?? slug)."))
                    // Reading is not knowing: suggest a quiz while mastery is unknown or low.
                    let mastery = try self.mastery(of: slug)
                    if mastery.map({ $0 < Self.masteryGoal }) ?? true {
                        lead.append(.notice(.info, "Check what stuck: \(commandPrefix)quiz \(slug)" + (mastery.map { " (mastery so far \(Int(($0 * 100).rounded()))%)" } ?? "") + "."))
                    }
                }
            }
        }
        let statuses = try store.statuses(for: profile)
        guard let next = engine.next(after: current, in: statuses) else {
            return Output(lead + [.notice(.success, "You have finished every lesson and project on the path. \(commandPrefix)progress shows it all.")])
        }
        return try open(next.key, profile: profile, store: store, lead: lead)
    }

    func back() throws(TutorError) -> Output {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        guard let current = profile.currentItem.flatMap(ItemKey.init) else {
            throw .usage("nothing is open yet: \(commandPrefix)learn backend starts the path")
        }
        let engine = try engine()
        if case .lesson(let slug, let number) = current, number > 1 {
            return try open(.lesson(skill: slug, number: number - 1), profile: profile, store: store, lead: [])
        }
        guard let index = engine.items.firstIndex(where: { $0.key == current }), index > 0 else {
            throw .usage("this is the first lesson; there is nothing before it")
        }
        return try open(engine.items[index - 1].key, profile: profile, store: store, lead: [])
    }

    func goto(_ slug: String, _ lesson: String) throws(TutorError) -> Output {
        let skill = try findSkill(slug)
        let (store, profile) = try learner()
        if let number = Int(lesson) {
            guard number >= 1, number <= skill.lessons.count else {
                throw .usage("\(skill.slug) has lessons 1 to \(skill.lessons.count)")
            }
            return try open(.lesson(skill: skill.slug, number: number), profile: profile, store: store, lead: [])
        }
        let titles: [String] = skill.lessons.map { $0.title }
        let wanted = lesson.lowercased()
        if let index = titles.firstIndex(where: { $0.lowercased().hasPrefix(wanted) }) ?? titles.firstIndex(where: { $0.lowercased().contains(wanted) }) {
            return try open(.lesson(skill: skill.slug, number: index + 1), profile: profile, store: store, lead: [])
        }
        let list = titles.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ")
        throw .usage("no lesson of \(skill.slug) matches '\(lesson)'; its lessons: \(list)")
    }

    // MARK: - /done, /skip, /reset

    /// The keys a slug stands for: a skill's lessons and the skill, or a project.
    func keys(for slug: String) throws(TutorError) -> [ItemKey] {
        if let skill = catalog.metadata(slug) {
            return (0..<skill.lessons.count).map { ItemKey.lesson(skill: skill.slug, number: $0 + 1) } + [.skill(skill.slug)]
        }
        if catalog.project(slug) != nil { return [.project(slug)] }
        let known = catalog.skillSlugs + catalog.projects.map(\.slug)
        let suggestions = Suggestions.nearest(to: slug, in: known)
        throw .usage("'\(Sanitizer.clean(slug))' is neither a skill nor a project" + (suggestions.isEmpty ? "" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    func settle(_ slug: String?, as status: ItemStatus) throws(TutorError) -> Output {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        let event: ProgressEvent.Kind = status == .done ? .finished : .skipped
        let verb = status == .done ? "done" : "skipped"
        let now = context.now()
        if let slug {
            let keys = try keys(for: slug)
            // A whole skill marked done is known, not studied here: it does not count toward pace.
            try store.set(keys, to: status, event: status == .done && keys.count > 1 ? .known : event, for: profile, now: now)
            return Output([.notice(.success, "Marked \(describe(keys.last!)) \(verb).")])
        }
        guard let current = profile.currentItem.flatMap(ItemKey.init) else {
            throw .usage("nothing is open: name a skill or project (\(commandPrefix)\(status == .done ? "done" : "skip") SLUG), or start with \(commandPrefix)learn backend")
        }
        try store.set([current], to: status, event: event, for: profile, now: now)
        if status == .skipped {
            return try next()
        }
        let engine = try engine()
        let statuses = try store.statuses(for: profile)
        return Output([.notice(.success, "Marked \(describe(current)) done.")] + (try nextStep(engine: engine, profile: store.reload(profile), statuses: statuses)))
    }

    func reset(_ slug: String?, all: Bool, confirmed: Bool) throws(TutorError) -> Output {
        let (store, profile) = try learner()
        let now = context.now()
        if all {
            guard confirmed else {
                if mode == .shell { throw .usage("reset --all sets every lesson, skill and project back to not started; add --yes to confirm") }
                return Output(question: Question(kind: .confirm, prompt: "Set every lesson, skill and project of profile '\(profile.name)' back to not started? The history stays. Type yes to confirm.", choices: ["yes", "no"], defaultAnswer: nil,
                                                 pending: Invocation(command: .reset(item: nil, all: true, confirmed: true))))
            }
            let keys = try store.statuses(for: profile).filter { $0.value != .notStarted }.keys.compactMap(ItemKey.init).sorted()
            try store.set(keys, to: .notStarted, event: .reset, for: profile, now: now)
            return Output([.notice(.success, "Reset \(keys.count) items; the event history is kept.")])
        }
        guard let slug else { throw .usage("name what to reset: \(commandPrefix)reset SLUG, or \(commandPrefix)reset --all") }
        let keys = try keys(for: slug)
        try store.set(keys, to: .notStarted, event: .reset, for: profile, now: now)
        return Output([.notice(.success, "Reset \(describe(keys.last!)) to not started.")])
    }

    // MARK: - /stack

    func showOrSetStack(_ stack: Stack?) throws(TutorError) -> Output {
        let (store, profile) = try learner()
        guard let stack else {
            let current = profile.stack.map { "Your stack is \($0.rawValue)." } ?? "You have not chosen a stack yet."
            return Output([.notice(.info, "\(current) Change it with \(commandPrefix)stack NAME: \(Stack.allCases.map(\.rawValue).joined(separator: ", ")).")])
        }
        _ = try store.setStack(stack, for: profile, now: context.now())
        return Output([.notice(.success, "Your stack is now \(stack.rawValue): its examples come first.")])
    }

    // MARK: - Questions

    /// Turns the learner's answer into the command to run; nil when the answer cancels it.
    public func answer(_ question: Question, with line: String) throws(TutorError) -> Invocation? {
        var text = line.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("/") { text.removeFirst() }
        if text.isEmpty {
            guard let fallback = question.defaultAnswer else { return nil }
            text = fallback
        }
        var invocation = question.pending
        switch question.kind {
        case .stack:
            guard let stack = Stack(rawValue: text) ?? Stack.allCases.first(where: { $0.rawValue.hasPrefix(text) }) else {
                throw .usage("'\(Sanitizer.clean(text))' is not a stack; answer one of: \(question.choices.joined(separator: ", "))")
            }
            if case .learn(let target, _, let from) = invocation.command { invocation.command = .learn(target: target, stack: stack, from: from) }
        case .startLevel:
            guard let level = Level(rawValue: text) ?? Level.allCases.first(where: { $0.rawValue.hasPrefix(text) }) else {
                throw .usage("'\(Sanitizer.clean(text))' is not a level; answer one of: \(question.choices.joined(separator: ", "))")
            }
            if case .learn(let target, let stack, _) = invocation.command { invocation.command = .learn(target: target, stack: stack, from: level) }
        case .confirm:
            guard text == "yes" || text == "y" else { return nil }
        case .quiz:
            // Quiz answers are graded by respond(to:with:), not turned into commands.
            return nil
        }
        return invocation
    }
}

extension Tutor {
    /// A line for the REPL's welcome when the learner comes back: where they were and when.
    public func resumeLine() -> String? {
        guard let store = context.progress, let profile = try? store.existingProfile(named: context.profileName),
              let item = profile.currentItem.flatMap(ItemKey.init),
              let last = try? store.lastActivity(for: profile)
        else { return nil }
        return "Welcome back. You were last here \(relative(last)), on \(describe(item))."
    }
}
