import ArgumentParser

/// `practices [NAME]`: the best-practice checklists, each item with why and how.
public struct PracticesCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "practices", abstract: "Best-practice checklists, each item with why and how.")
    public static let usage = "practices [NAME]"
    public static let completion: ArgumentCompletion? = .checklist

    @Argument(help: "api-design, database, security, testing or performance.", completion: .custom(ShellCompletion.practices))
    public var checklist: String?

    @Flag(help: "Print the checklist (or the list) as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var looksOnly: Bool { true }

    public var needs: Needs { Needs(.catalog, .stack) }

    public enum Result: CommandResult {
        case list([Checklist])
        case one(Checklist, examples: ExampleStacks)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .list(let checklists): try checklists.encode(to: encoder)
            case .one(let checklist, _): try checklist.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let catalog = context.catalog
        guard let slug = checklist else { return .list(catalog.checklists) }
        guard let checklist = catalog.checklist(slug) else {
            let suggestions = Suggestions.nearest(to: slug, in: catalog.checklists.map(\.slug))
            throw CommandError.usage("no checklist called '\(Sanitizer.clean(slug))' — " + (suggestions.isEmpty ? "the checklists are \(catalog.checklists.map(\.slug).joined(separator: ", "))" : "did you mean \(suggestions.joined(separator: ", "))?"))
        }
        return .one(checklist, examples: context.examples)
    }
}
