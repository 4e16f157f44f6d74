import ArgumentParser

/// The one grammar: shell arguments and REPL lines are both parsed with these types.
public struct TutorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backend-tutor",
        abstract: "Learn backend development in your terminal, level by level, offline.",
        discussion: "With no command, starts the interactive tutor: type /help there for the commands.",
        version: TutorVersion.current,
        subcommands: [HelpVerb.self, SkillVerb.self, LintVerb.self, QuitVerb.self]
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}
}

public enum TutorVersion {
    public static let current = "0.1.0"
}

/// Options that every command takes.
public struct GlobalOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Never write colour or style codes (also: NO_COLOR, TERM=dumb).")
    public var noColor = false

    @Flag(name: .customLong("no-pager"), help: "Write long output straight to the terminal instead of through $PAGER.")
    public var noPager = false

    @Option(name: .customLong("content"), help: ArgumentHelp("The curriculum folder, holding Content/ and Skills/.", valueName: "dir"), completion: .directory)
    public var content: String?

    public init() {}

    var settings: GlobalSettings {
        GlobalSettings(noColor: noColor, noPager: noPager, contentDirectory: content)
    }
}

/// A subcommand that stands for one ``Command``.
protocol VerbCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func invocation() throws -> Invocation
}

/// The REPL's and the shell's view of one command, for help and completion.
public struct CommandInfo: Sendable, Hashable {
    public var name: String
    public var usage: String
    public var summary: String
    /// What the command's first argument completes to.
    public var argument: ArgumentKind?

    public enum ArgumentKind: Sendable, Hashable {
        case skill, command
    }
}

extension TutorCommand {
    /// Every command, in the order /help lists them.
    public static let commands: [CommandInfo] = [
        CommandInfo(name: "skill", usage: "skill [SLUG]", summary: SkillVerb.configuration.abstract, argument: .skill),
        CommandInfo(name: "lint", usage: "lint", summary: LintVerb.configuration.abstract),
        CommandInfo(name: "help", usage: "help [COMMAND]", summary: HelpVerb.configuration.abstract, argument: .command),
        CommandInfo(name: "quit", usage: "quit", summary: QuitVerb.configuration.abstract),
    ]

    static let verbs: [String: any VerbCommand.Type] = [
        "skill": SkillVerb.self, "lint": LintVerb.self, "help": HelpVerb.self, "quit": QuitVerb.self,
    ]

    /// The subcommand type for a name or alias.
    static func verb(named name: String) -> (any VerbCommand.Type)? {
        verbs[name] ?? verbs.values.first { $0.configuration.aliases.contains(name) }
    }
}

/// Completes skill slugs from the curriculum the tutor would load.
enum SkillCompletion {
    @Sendable static func candidates(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        let environment = TutorEnvironment.current()
        guard let root = try? ContentLocator(environment: environment).locate(explicit: nil) else { return [] }
        return ContentFiles.skillFolders(in: root).filter { $0.hasPrefix(prefix) }
    }
}
