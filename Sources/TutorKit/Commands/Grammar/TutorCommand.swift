import ArgumentParser
import Foundation

/// The one grammar: shell arguments and REPL lines are both parsed with these types.
public struct TutorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backend-tutor",
        abstract: "Learn backend development in your terminal, level by level, offline.",
        discussion: "With no command, starts the interactive tutor: type /help there for the commands.",
        version: TutorVersion.current,
        subcommands: [
            HelpVerb.self, LearnVerb.self, NextVerb.self, BackVerb.self, DoneVerb.self, SkipVerb.self, GotoVerb.self,
            ProgressVerb.self, SkillVerb.self, SearchVerb.self, OpenVerb.self, QuizVerb.self, ReviewVerb.self, ProjectsVerb.self, CompareVerb.self, PracticesVerb.self,
            StackVerb.self, ResetVerb.self, ExportVerb.self, ImportVerb.self,
            LintVerb.self, QuitVerb.self, BenchCorpusVerb.self,
        ]
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

    @Option(name: .customLong("db"), help: ArgumentHelp("The progress database (default: $XDG_DATA_HOME/backend-tutor/progress.sqlite).", valueName: "path"), completion: .file(extensions: ["sqlite"]))
    public var database: String?

    @Option(name: .customLong("profile"), help: ArgumentHelp("The learner's profile: each has its own stack and progress.", valueName: "name"))
    public var profile: String?

    public init() {}

    var settings: GlobalSettings {
        GlobalSettings(noColor: noColor, noPager: noPager, contentDirectory: content, database: database, profile: profile)
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
        /// Skill slugs.
        case skill
        /// Command names.
        case command
        /// `backend` or a skill slug.
        case learnable
        /// Skill or project slugs.
        case item
        /// Stack names.
        case stack
        /// Levels, project slugs, `start` and `check`.
        case project
        /// Stacks and technologies.
        case comparable
        /// Checklist slugs.
        case checklist
    }
}

extension TutorCommand {
    /// Every command, in the order /help lists them.
    public static let commands: [CommandInfo] = [
        CommandInfo(name: "learn", usage: "learn [backend|SLUG]", summary: LearnVerb.configuration.abstract, argument: .learnable),
        CommandInfo(name: "next", usage: "next", summary: NextVerb.configuration.abstract),
        CommandInfo(name: "back", usage: "back", summary: BackVerb.configuration.abstract),
        CommandInfo(name: "done", usage: "done [SLUG]", summary: DoneVerb.configuration.abstract, argument: .item),
        CommandInfo(name: "skip", usage: "skip [SLUG]", summary: SkipVerb.configuration.abstract, argument: .item),
        CommandInfo(name: "goto", usage: "goto SLUG LESSON", summary: GotoVerb.configuration.abstract, argument: .skill),
        CommandInfo(name: "progress", usage: "progress", summary: ProgressVerb.configuration.abstract),
        CommandInfo(name: "skill", usage: "skill [SLUG]", summary: SkillVerb.configuration.abstract, argument: .skill),
        CommandInfo(name: "search", usage: "search TERMS", summary: SearchVerb.configuration.abstract),
        CommandInfo(name: "open", usage: "open N", summary: OpenVerb.configuration.abstract),
        CommandInfo(name: "quiz", usage: "quiz [SLUG]", summary: QuizVerb.configuration.abstract, argument: .skill),
        CommandInfo(name: "review", usage: "review [--list]", summary: ReviewVerb.configuration.abstract),
        CommandInfo(name: "projects", usage: "projects [LEVEL|SLUG]", summary: ProjectsVerb.configuration.abstract, argument: .project),
        CommandInfo(name: "compare", usage: "compare A B [C D]", summary: CompareVerb.configuration.abstract, argument: .comparable),
        CommandInfo(name: "practices", usage: "practices [NAME]", summary: PracticesVerb.configuration.abstract, argument: .checklist),
        CommandInfo(name: "stack", usage: "stack [NAME]", summary: StackVerb.configuration.abstract, argument: .stack),
        CommandInfo(name: "reset", usage: "reset SLUG|--all", summary: ResetVerb.configuration.abstract, argument: .item),
        CommandInfo(name: "export", usage: "export", summary: ExportVerb.configuration.abstract),
        CommandInfo(name: "import", usage: "import FILE", summary: ImportVerb.configuration.abstract),
        CommandInfo(name: "lint", usage: "lint", summary: LintVerb.configuration.abstract),
        CommandInfo(name: "help", usage: "help [COMMAND]", summary: HelpVerb.configuration.abstract, argument: .command),
        CommandInfo(name: "quit", usage: "quit", summary: QuitVerb.configuration.abstract),
    ]

    static let verbs: [String: any VerbCommand.Type] = [
        "learn": LearnVerb.self, "next": NextVerb.self, "back": BackVerb.self, "done": DoneVerb.self,
        "skip": SkipVerb.self, "goto": GotoVerb.self, "progress": ProgressVerb.self, "skill": SkillVerb.self,
        "search": SearchVerb.self, "open": OpenVerb.self, "quiz": QuizVerb.self, "review": ReviewVerb.self, "projects": ProjectsVerb.self, "compare": CompareVerb.self, "practices": PracticesVerb.self,
        "stack": StackVerb.self, "reset": ResetVerb.self, "export": ExportVerb.self, "import": ImportVerb.self,
        "lint": LintVerb.self, "help": HelpVerb.self, "quit": QuitVerb.self, "bench-corpus": BenchCorpusVerb.self,
    ]

    /// The subcommand type for a name or alias.
    static func verb(named name: String) -> (any VerbCommand.Type)? {
        verbs[name] ?? verbs.values.first { $0.configuration.aliases.contains(name) }
    }
}

/// Completes slugs from the curriculum the tutor would load, for the shells' completion scripts.
enum SkillCompletion {
    private static var root: URL? {
        try? ContentLocator(environment: TutorEnvironment.current()).locate(explicit: nil)
    }

    @Sendable static func candidates(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        return ContentFiles.skillFolders(in: root).filter { $0.hasPrefix(prefix) }
    }

    /// `backend` and every skill.
    @Sendable static func learnable(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        let paths = ContentFiles.markdownFiles(in: root, folder: "Content/paths").map { String($0.dropLast(3)) }
        return (paths + ContentFiles.skillFolders(in: root)).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func projects(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        let projects = ContentFiles.markdownFiles(in: root, folder: "Content/projects").map { String($0.dropLast(3)) }
        return (Level.allCases.map(\.rawValue) + ["start", "check"] + projects).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func comparables(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        let names = ["Content/stacks", "Content/technologies"].flatMap { ContentFiles.markdownFiles(in: root, folder: $0) }.map { String($0.dropLast(3)) }
        return names.filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func practices(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        return ContentFiles.markdownFiles(in: root, folder: "Content/practices").map { String($0.dropLast(3)) }.filter { $0.hasPrefix(prefix) }
    }

    /// Every skill and project.
    @Sendable static func items(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        let projects = ContentFiles.markdownFiles(in: root, folder: "Content/projects").map { String($0.dropLast(3)) }
        return (ContentFiles.skillFolders(in: root) + projects).filter { $0.hasPrefix(prefix) }
    }
}
