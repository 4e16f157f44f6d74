import ArgumentParser

/// `backend-tutor` itself: with no command it starts the interactive tutor. Its subcommands are
/// ``CommandList/all``.
public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backend-tutor",
        abstract: "Learn backend development in your terminal, level by level, offline.",
        discussion: "With no command, starts the interactive tutor: type /help there for the commands.",
        version: TutorVersion.current,
        subcommands: CommandList.all.map { $0 as any ParsableCommand.Type }
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}
}

/// Options that every command takes.
public struct GlobalOptions: ParsableArguments, Sendable {
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

    @Flag(name: .customLong("all-stacks"), help: "Show every stack's examples, not only your stack's (also: stack all).")
    public var allStacks = false

    public init() {}

    public var settings: GlobalSettings {
        GlobalSettings(noColor: noColor, noPager: noPager, contentDirectory: content, database: database, profile: profile, allStacks: allStacks)
    }
}

/// The global options' values.
public struct GlobalSettings: Hashable, Sendable {
    public var noColor = false
    public var noPager = false
    public var contentDirectory: String?
    /// The progress database; nil means `$XDG_DATA_HOME/backend-tutor/progress.sqlite`.
    public var database: String?
    /// The learner's profile; nil means the default one.
    public var profile: String?
    /// Every stack's examples for this command, whatever the profile says.
    public var allStacks = false

    public init(noColor: Bool = false, noPager: Bool = false, contentDirectory: String? = nil, database: String? = nil, profile: String? = nil,
                allStacks: Bool = false) {
        self.allStacks = allStacks
        self.noColor = noColor
        self.noPager = noPager
        self.contentDirectory = contentDirectory
        self.database = database
        self.profile = profile
    }

    public static let defaultProfile = "default"

    /// The profile's name, `default` when none was given.
    public var profileName: String { profile ?? Self.defaultProfile }
}
