import ArgumentParser

/// `reset SLUG|--all`: back to not started; the event log keeps the history.
public struct ResetCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Set a skill, a project or --all back to not started.",
        discussion: "The event log keeps the history; only the statuses go back. --all asks for confirmation (in the shell, pass --yes)."
    )
    public static let usage = "reset SLUG|--all"
    public static let completion: ArgumentCompletion? = .item

    @Argument(help: "A skill or project slug.", completion: .custom(ShellCompletion.items))
    public var item: String?

    @Flag(help: "Reset every lesson, skill and project of this profile.")
    public var all = false

    @Flag(help: "Do not ask for confirmation.")
    public var yes = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        if all, item != nil { throw ValidationError("give a SLUG or --all, not both") }
        if !all, item == nil { throw ValidationError("name what to reset: reset SLUG, or reset --all") }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> Message {
        let (store, profile) = try context.learner()
        guard let item else {
            guard yes else {
                if context.mode == .shell { throw CommandError.usage("reset --all sets every lesson, skill and project back to not started; add --yes to confirm") }
                var confirmed = self
                confirmed.yes = true
                return Message([], question: .confirm("Set every lesson, skill and project of profile '\(profile.name)' back to not started? The history stays. Type yes to confirm.",
                                                      then: confirmed))
            }
            let keys = try store.statuses(for: profile).filter { $0.value != .notStarted }.keys.sorted()
            try store.set(keys, to: .notStarted, event: .reset, for: profile, now: context.now)
            try store.clearVerified(project: nil, for: profile)
            return Message(.success, "Reset \(keys.count) items; the event history is kept.")
        }
        var keys = try Settling(context: context).keys(for: item)
        if case .project(let slug)? = keys.last, let project = context.catalog.project(slug) {
            // A project's milestones and what verify proved go back with it.
            keys = (1...project.milestones.count).map { ItemKey.milestone(project: slug, number: $0) } + keys
            try store.clearVerified(project: slug, for: profile)
        }
        try store.set(keys, to: .notStarted, event: .reset, for: profile, now: context.now)
        return Message(.success, "Reset \(context.catalog.describe(keys.last!)) to not started.")
    }
}
