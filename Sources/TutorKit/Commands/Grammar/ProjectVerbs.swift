import ArgumentParser

struct ProjectsVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "Graded projects: list, show, start, tick milestones.",
        discussion: """
        projects                     every project, your level first
        projects intermediate        one level's projects
        projects SLUG                the brief, skills, milestones, acceptance criteria
        projects start SLUG          mark it in progress
        projects check SLUG N        tick milestone N (--undo unticks it); the last one done finishes the project
        """
    )

    @Argument(help: "A level, a project slug, or start/check followed by a slug (and a milestone number).", completion: .custom(SkillCompletion.projects))
    var words: [String] = []

    @Flag(help: "Untick the milestone instead (with check).")
    var undo = false

    @Flag(help: "Print the list or the project as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        let action: ProjectsAction
        switch words.first {
        case nil:
            action = .list(nil)
        case "start":
            guard words.count == 2 else { throw ValidationError("usage: projects start SLUG") }
            action = .start(words[1])
        case "check":
            guard words.count == 3, let number = Int(words[2]) else { throw ValidationError("usage: projects check SLUG N, where N is the milestone's number") }
            action = .check(words[1], number: number, undo: undo)
        case let word?:
            guard words.count == 1 else { throw ValidationError("usage: projects [LEVEL | SLUG | start SLUG | check SLUG N]") }
            action = Level(rawValue: word).map { .list($0) } ?? .show(word)
        }
        if undo, case .check = action {} else if undo { throw ValidationError("--undo goes with check: projects check SLUG N --undo") }
        return Invocation(command: .projects(action), json: json, settings: global.settings)
    }
}

struct CompareVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Lay 2 to 4 stacks or technologies side by side.",
        discussion: "compare node python · compare rest graphql grpc · compare kafka rabbitmq nats. With no names, lists what can be compared."
    )

    @Argument(help: "2 to 4 names of the same category.", completion: .custom(SkillCompletion.comparables))
    var names: [String] = []

    @Flag(help: "Hide the rows where every column says the same.")
    var diff = false

    @Flag(help: "Print the table as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        if names.count == 1 { throw ValidationError("name 2 to 4 things to compare, such as: compare \(names[0]) ...") }
        if names.count > 4 { throw ValidationError("compare takes at most 4 names; it got \(names.count)") }
        return Invocation(command: .compare(names, diff: diff), json: json, settings: global.settings)
    }
}

struct PracticesVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "practices",
        abstract: "Best-practice checklists, each item with why and how."
    )

    @Argument(help: "api-design, database, security, testing or performance.", completion: .custom(SkillCompletion.practices))
    var checklist: String?

    @Flag(help: "Print the checklist (or the list) as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: .practices(checklist), json: json, settings: global.settings)
    }
}
