import ArgumentParser

/// `skip [SLUG]`: leave the open item, a skill or a project for later; skipping what is open
/// opens the next item.
public struct SkipCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "skip", abstract: "Skip the open lesson, a skill or a project.")
    public static let usage = "skip [SLUG]"
    public static let completion: ArgumentCompletion? = .item

    @Argument(help: "A skill or project slug; with none, what is open.", completion: .custom(ShellCompletion.items))
    public var item: String?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case skipped(ItemKey, description: String)
        /// The open item was skipped and the next one opened.
        case moved(NextCommand.Result)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .skipped(let key, _):
                var container = encoder.singleValueContainer()
                try container.encode(key)
            case .moved(let next): try next.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let marked = try Settling(context: context).mark(item, as: .skipped, verb: "skip")
        if marked.wasOpen { return .moved(try NextCommand.advance(in: context)) }
        return .skipped(marked.key, description: context.catalog.describe(marked.key))
    }
}
