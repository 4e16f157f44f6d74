import ArgumentParser
import Foundation

/// Runs commands against the curriculum. The REPL and the shell both call ``execute(_:)``.
public struct Tutor: Sendable {
    public enum Mode: Sendable {
        /// Commands are typed as `/skill` in the interactive tutor.
        case repl
        /// Commands are typed as `backend-tutor skill`.
        case shell
    }

    public let catalog: Catalog
    public let mode: Mode
    public let context: TutorContext

    public init(catalog: Catalog, mode: Mode, context: TutorContext = TutorContext()) {
        self.catalog = catalog
        self.mode = mode
        self.context = context
    }

    /// How the mode writes a command name.
    public var commandPrefix: String { mode == .repl ? "/" : "backend-tutor " }

    public func execute(_ invocation: Invocation) throws(TutorError) -> Output {
        switch invocation.command {
        case .help(let topic): return try help(topic)
        case .skills: return skillList(json: invocation.json)
        case .skill(let slug): return try skill(slug, json: invocation.json)
        case .lint: return lint(json: invocation.json)
        case .quit: return Output()
        case .learn(let target, let stack, let from): return try learn(target, stack: stack, from: from)
        case .next: return try next()
        case .back: return try back()
        case .done(let item): return try settle(item, as: .done)
        case .skip(let item): return try settle(item, as: .skipped)
        case .goto(let skill, let lesson): return try goto(skill, lesson)
        case .reset(let item, let all, let confirmed): return try reset(item, all: all, confirmed: confirmed)
        case .progress: return try progress(json: invocation.json)
        case .stack(let stack): return try showOrSetStack(stack)
        case .export: return try exportProgress()
        case .importProgress(let path): return try importProgress(path)
        case .projects(let action): return try projects(action, json: invocation.json)
        case .compare(let names, let diff): return try compare(names, diff: diff, json: invocation.json)
        case .practices(let slug): return try practices(slug, json: invocation.json)
        case .quiz(let skill, let count): return try quiz(skill, count: count)
        case .review(let list): return try review(list: list, json: invocation.json)
        case .search(let terms): return try search(terms, json: invocation.json)
        case .open(let rank): return try openResult(rank)
        case .benchCorpus(let directory, let skills, let lessons):
            let url = URL(fileURLWithPath: directory)
            do {
                let count = try SyntheticCurriculum.write(to: url, skills: skills, lessons: lessons)
                return Output([.notice(.success, "Wrote \(skills) skills, \(count) lessons, to \(url.path).")])
            } catch {
                throw .io(path: url.path, reason: "could not write the corpus: \(error.localizedDescription)")
            }
        }
    }

    // MARK: - help

    private func help(_ topic: String?) throws(TutorError) -> Output {
        if let topic {
            let name = topic.hasPrefix("/") ? String(topic.dropFirst()) : topic
            guard let verb = TutorCommand.verb(named: name) else {
                throw .unknownCommand(name, suggestion: Suggestions.nearest(to: name, in: CommandParser.commandNames, limit: 1).first)
            }
            return Output([.preformatted(TutorCommand.helpMessage(for: verb).trimmingCharacters(in: .newlines))])
        }
        // One line each: the usage, then what the command does.
        let prefix = mode == .repl ? "/" : ""
        var blocks: [OutputBlock] = [
            .document(Document([.heading(level: 1, content: [.text(mode == .repl ? "Commands" : "Commands (after backend-tutor)")])])),
            .fields(TutorCommand.commands.map { Field(prefix + $0.usage, $0.summary) }),
        ]
        let detail = mode == .repl
            ? "Type /help COMMAND for a command's options, such as /help skill. Tab completes commands and skill names; Ctrl-D or /quit leaves."
            : "Run backend-tutor COMMAND --help for a command's options. With no command, backend-tutor starts the interactive tutor."
        blocks.append(.notice(.info, detail))
        return Output(blocks)
    }

    // MARK: - skill

    private func skillList(json: Bool) -> Output {
        if json { return Output(json: Output.json(catalog.skills)) }
        var blocks: [Block] = [.heading(level: 1, content: [.text("Skills")])]
        for area in Area.allCases {
            let skills = catalog.skills.filter { $0.area == area }
            blocks.append(.heading(level: 2, content: [.text(area.title)]))
            if skills.isEmpty {
                blocks.append(.paragraph([.emphasis([.text("No skills in this area yet.")])]))
                continue
            }
            blocks.append(.list(ordered: false, start: 1, tight: true, items: skills.map { m in
                return ListItem(blocks: [.paragraph([.strong([.text(m.slug)]), .text(" — \(m.title) (\(m.level.rawValue), \(m.hours) h)")])])
            }))
        }
        var output = Output.blocks(blocks)
        output.blocks.append(.notice(.info, "\(catalog.skills.count) skills. Open one with \(commandPrefix)skill SLUG, such as \(commandPrefix)skill \(catalog.skills.first?.slug ?? "rest-api-design")."))
        return output
    }

    func findSkill(_ slug: String) throws(TutorError) -> Skill {
        if let skill = catalog.skill(slug) { return skill }
        throw .unknownSkill(slug, suggestions: Suggestions.nearest(to: slug, in: catalog.skillSlugs))
    }

    private func skill(_ slug: String, json: Bool) throws(TutorError) -> Output {
        let skill = try findSkill(slug)
        let m = skill.metadata
        if json { return Output(json: Output.json(m)) }
        var blocks: [OutputBlock] = [.document(Document([.heading(level: 1, content: [.text(m.title)])]))]
        blocks.append(.fields([
            Field("Skill", m.slug),
            Field("Area", m.area.title),
            Field("Level", "\(m.level.title) (\(m.level.months))"),
            Field("Study time", "about \(m.hours) hours, \(skill.lessons.count) lessons"),
            Field("Prerequisites", m.prerequisites.isEmpty ? "none" : m.prerequisites.joined(separator: ", ")),
            Field("Tags", m.tags.joined(separator: ", ")),
            Field("Mastery", (try? mastery(of: m.slug)).flatMap { $0 }.map { "\(Int(($0 * 100).rounded()))% of its quiz answered right at your latest try" }
                ?? "unknown: \(commandPrefix)quiz \(m.slug) checks what you know"),
        ]))
        let stack = context.stack
        var document: [Block] = [.paragraph([.emphasis([.text(m.summary)])])]
        if !skill.introduction.isEmpty { document += MarkdownParser.parse(skill.introduction).blocks }
        for (index, lesson) in skill.lessons.enumerated() {
            document.append(.heading(level: 2, content: [.text("\(index + 1). \(lesson.title)")]))
            document += MarkdownParser.parse(lesson.markdown).blocks
        }
        for section in [skill.exercises, skill.sources].compactMap({ $0 }) {
            document.append(.heading(level: 2, content: [.text(section.title)]))
            document += MarkdownParser.parse(section.markdown).blocks
        }
        blocks.append(.document(Document(document).preferring(stack)))
        return Output(blocks)
    }

    // MARK: - lint

    private func lint(json: Bool) -> Output {
        let problems = Linter(root: catalog.root).run()
        let status: Int32 = problems.isEmpty ? 0 : TutorError.invalidContent(problems).exitCode
        if json { return Output(json: Output.json(problems), status: status) }
        if problems.isEmpty {
            return Output([.notice(.success, "the curriculum is valid: \(ContentFiles.skillFolders(in: catalog.root).count) skills checked")])
        }
        return Output([
            .preformatted(problems.map(\.description).joined(separator: "\n")),
            .notice(.error, "\(problems.count) problem\(problems.count == 1 ? "" : "s") found"),
        ], status: status)
    }
}
