import ArgumentParser

/// `lint`: every content file against docs/CONTENT.md.
public struct LintCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every content file against docs/CONTENT.md.",
        discussion: "Exits 0 when the curriculum is valid and 65 when any problem is found."
    )
    public static let usage = "lint"

    @Flag(help: "Print the problems as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { Needs(.folder, .none) }

    public struct Result: CommandResult {
        public var problems: [ContentProblem]
        public var skills: Int

        public var status: ExitStatus { problems.isEmpty ? .success : .dataError }

        public func encode(to encoder: any Encoder) throws { try problems.encode(to: encoder) }
    }

    public func run(in context: CommandContext) throws -> Result {
        Result(problems: Linter(root: context.catalog.root).run(), skills: ContentFiles.skillFolders(in: context.catalog.root).count)
    }
}
