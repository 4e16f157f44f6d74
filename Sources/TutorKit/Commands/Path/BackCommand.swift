import ArgumentParser

/// `back`: the item before the open one.
public struct BackCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "back", abstract: "Open the lesson before the current one.")
    public static let usage = "back"

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> OpenedItem {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        guard let current = profile.currentItem else {
            throw CommandError.usage("nothing is open yet: \(context.prefix)learn backend starts the path")
        }
        guard let previous = try context.navigator().previous(current) else {
            throw CommandError.usage("this is the first lesson; there is nothing before it")
        }
        return try ItemOpener(context: context).open(previous, profile: profile, store: store, lead: [])
    }
}
