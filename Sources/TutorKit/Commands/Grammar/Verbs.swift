import ArgumentParser

struct SkillVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "skill",
        abstract: "List the skills by area, or show one skill.",
        discussion: "With no SLUG, lists every skill grouped by area with its level and hours. With a SLUG, shows that skill: its summary, prerequisites, lessons, exercises and sources."
    )

    @Argument(help: "The skill to show, such as rest-api-design.", completion: .custom(SkillCompletion.candidates))
    var slug: String?

    @Flag(help: "Print the skill list or the skill's metadata as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: slug.map { .skill(slug: $0) } ?? .skills, json: json, settings: global.settings)
    }
}

struct LintVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every content file against docs/CONTENT.md.",
        discussion: "Exits 0 when the curriculum is valid and 65 when any problem is found."
    )

    @Flag(help: "Print the problems as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: .lint, json: json, settings: global.settings)
    }
}

struct HelpVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "List the commands, or show one command's full help."
    )

    @Argument(help: "A command to explain, such as skill.", completion: .list(TutorCommand.commands.map(\.name)))
    var command: String?

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: .help(topic: command), settings: global.settings)
    }
}

struct QuitVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "quit",
        abstract: "Leave the tutor (or Ctrl-D); progress is saved.",
        aliases: ["exit"]
    )

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        Invocation(command: .quit, settings: global.settings)
    }
}
