import ArgumentParser

/// `stack [NAME|all]`: show or change the stack whose examples the lessons show.
public struct StackCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "Show or change your stack; lessons show its examples.",
        discussion: """
        stack          your stack, and whether you see the others' examples
        stack NAME     learn with NAME: node, python, java, go or rust; lessons show its examples
        stack all      show every stack's examples, yours first (stack NAME goes back to yours only)
        """
    )
    public static let usage = "stack [NAME|all]"
    public static let completion: ArgumentCompletion? = .stack

    @Argument(help: "node, python, java, go or rust; or all.", completion: .list(Stack.allCases.map(\.rawValue) + ["all"]))
    public var name: String?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var looksOnly: Bool { name == nil }

    public func validate() throws {
        guard let name, name != "all" else { return }
        if Stack(rawValue: name) == nil {
            throw ValidationError("'\(Sanitizer.clean(name))' is not a stack: node, python, java, go, rust, or all for every stack's examples")
        }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> Message {
        let (store, profile) = try context.learner()
        let names = Stack.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name else {
            guard let stack = profile.stack else { return Message(.info, "You have not chosen a stack yet: \(context.prefix)stack NAME, one of \(names).") }
            let shown = profile.allStacks ? "Lessons show every stack's examples, \(stack.rawValue)'s first." : "Lessons show its examples; \(context.prefix)stack all shows every stack's."
            return Message(.info, "Your stack is \(stack.rawValue). \(shown) Change it with \(context.prefix)stack NAME: \(names).")
        }
        if name == "all" {
            guard profile.stack != nil else {
                throw CommandError.usage("choose your stack first (\(context.prefix)stack NAME, one of \(names)); every stack's examples show until you do")
            }
            _ = try store.setAllStacks(true, for: profile)
            return Message(.success, "Lessons now show every stack's examples, yours first. \(context.prefix)stack \(profile.stack!.rawValue) goes back to yours only.")
        }
        guard let stack = Stack(rawValue: name) else { throw CommandError.usage("'\(Sanitizer.clean(name))' is not a stack: \(names), or all") }
        let updated = try store.setStack(stack, for: profile, now: context.now)
        if updated.allStacks { _ = try store.setAllStacks(false, for: updated) }
        return Message(.success, "Your stack is now \(stack.rawValue): lessons show its examples (\(context.prefix)stack all shows every stack's).")
    }
}
