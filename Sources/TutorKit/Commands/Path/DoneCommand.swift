import ArgumentParser

/// `done [SLUG]`: the open item, a skill or a project is done.
public struct DoneCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark the open lesson, a skill or a project done.")
    public static let usage = "done [SLUG]"
    public static let completion: ArgumentCompletion? = .item

    @Argument(help: "A skill or project slug; with none, what is open.", completion: .custom(ShellCompletion.items))
    public var item: String?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public struct Result: CommandResult {
        public var marked: ItemKey
        public var description: String
        /// What comes next, when the open item was marked.
        public var nextStep: NextStep?
    }

    public func run(in context: CommandContext) throws -> Result {
        let marked = try Settling(context: context).mark(item, as: .done, verb: "done")
        var nextStep: NextStep?
        if marked.wasOpen {
            let store = marked.store
            let position = try context.navigator().position(of: try store.reload(marked.profile), in: try store.statuses(for: marked.profile))
            nextStep = NextStep(position, catalog: context.catalog)
        }
        return Result(marked: marked.key, description: context.catalog.describe(marked.key), nextStep: nextStep)
    }
}
