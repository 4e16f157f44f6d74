import ArgumentParser

/// `lint`: every content file against docs/CONTENT.md.
public struct LintCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every content file against docs/CONTENT.md.",
        discussion: "Exits 0 when the curriculum is valid and 65 when any problem is found. Warnings (a fact past its review date, a fact no file uses) fail only with --strict."
    )
    public static let usage = "lint"

    @Flag(help: "Print the problems as JSON.")
    public var json = false

    @Flag(help: "Fail on warnings too, such as a fact past its review date.")
    public var strict = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { Needs(.folder, .none) }

    public struct Result: CommandResult {
        public var problems: [ContentProblem]
        public var skills: Int
        /// Whether warnings fail too.
        public var strict: Bool

        /// The problems that fail the run.
        public var failing: [ContentProblem] { strict ? problems : problems.filter { $0.severity == .error } }

        public var status: ExitStatus { failing.isEmpty ? .success : .dataError }

        public func encode(to encoder: any Encoder) throws { try problems.encode(to: encoder) }
    }

    public func run(in context: CommandContext) throws -> Result {
        Result(problems: Linter(root: context.catalog.root, today: context.now).run(), skills: ContentFiles.skillFolders(in: context.catalog.root).count, strict: strict)
    }
}
