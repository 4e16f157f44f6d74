import ArgumentParser

extension Stack: ExpressibleByArgument {}
extension Level: ExpressibleByArgument {}

struct LearnVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Follow the backend path, or study one skill.",
        discussion: """
        'learn backend' shows the path: the four levels with a progress bar each, where you are and \
        the next step. The first time, it asks for your stack (or take --stack) and where to start \
        (--from marks earlier levels as known). 'learn SLUG' opens that skill's next lesson.
        """
    )

    @Argument(help: "backend (the path) or a skill slug; with none, the path.", completion: .custom(SkillCompletion.learnable))
    var target: String?

    @Option(help: "The stack to learn with: node, python, java, go or rust.")
    var stack: Stack?

    @Option(help: "Start at this level, marking the earlier ones as known.")
    var from: Level?

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: .learn(target: target, stack: stack, from: from), settings: global.settings)
    }
}

struct NextVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Finish the open lesson and open the next one."
    )
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .next, settings: global.settings) }
}

struct BackVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "back",
        abstract: "Open the lesson before the current one."
    )
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .back, settings: global.settings) }
}

struct DoneVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark the open lesson, a skill or a project done."
    )
    @Argument(help: "A skill or project slug; with none, what is open.", completion: .custom(SkillCompletion.items))
    var item: String?
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .done(item: item), settings: global.settings) }
}

struct SkipVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip the open lesson, a skill or a project."
    )
    @Argument(help: "A skill or project slug; with none, what is open.", completion: .custom(SkillCompletion.items))
    var item: String?
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .skip(item: item), settings: global.settings) }
}

struct GotoVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "goto",
        abstract: "Open one lesson of a skill, by number or by title."
    )
    @Argument(help: "The skill, such as rest-api-design.", completion: .custom(SkillCompletion.candidates))
    var skill: String
    @Argument(help: "The lesson's number (from 1) or the start of its title.")
    var lesson: [String] = []
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation {
        guard !lesson.isEmpty else { throw ValidationError("name the lesson too: goto \(skill) 2, or goto \(skill) TITLE") }
        return Invocation(command: .goto(skill: skill, lesson: lesson.joined(separator: " ")), settings: global.settings)
    }
}

struct ProgressVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Bars per level and area, your streak, the next step."
    )
    @Flag(help: "Print the same data as JSON.")
    var json = false
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .progress, json: json, settings: global.settings) }
}

struct StackVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "Show or change the stack whose examples come first."
    )
    @Argument(help: "node, python, java, go or rust.")
    var name: Stack?
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .stack(name), settings: global.settings) }
}

struct ResetVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Set a skill, a project or --all back to not started.",
        discussion: "The event log keeps the history; only the statuses go back. --all asks for confirmation (in the shell, pass --yes)."
    )
    @Argument(help: "A skill or project slug.", completion: .custom(SkillCompletion.items))
    var item: String?
    @Flag(help: "Reset every lesson, skill and project of this profile.")
    var all = false
    @Flag(help: "Do not ask for confirmation.")
    var yes = false
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation {
        if all, item != nil { throw ValidationError("give a SLUG or --all, not both") }
        if !all, item == nil { throw ValidationError("name what to reset: reset SLUG, or reset --all") }
        return Invocation(command: .reset(item: item, all: all, confirmed: yes), settings: global.settings)
    }
}

struct ExportVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write all progress as JSON, to move it elsewhere."
    )
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .export, json: true, settings: global.settings) }
}

struct ImportVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge an export; newer work always wins."
    )
    @Argument(help: "A file written by export.", completion: .file(extensions: ["json"]))
    var file: String
    @OptionGroup var global: GlobalOptions
    func invocation() throws -> Invocation { Invocation(command: .importProgress(path: file), settings: global.settings) }
}
