import ArgumentParser

/// `stack [NAME]`: show or change the stack whose examples come first.
public struct StackCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "stack", abstract: "Show or change the stack whose examples come first.")
    public static let usage = "stack [NAME]"
    public static let completion: ArgumentCompletion? = .stack

    @Argument(help: "node, python, java, go or rust.")
    public var name: Stack?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> Message {
        let (store, profile) = try context.learner()
        guard let name else {
            let current = profile.stack.map { "Your stack is \($0.rawValue)." } ?? "You have not chosen a stack yet."
            return Message(.info, "\(current) Change it with \(context.prefix)stack NAME: \(Stack.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        _ = try store.setStack(name, for: profile, now: context.now)
        return Message(.success, "Your stack is now \(name.rawValue): its examples come first.")
    }
}
