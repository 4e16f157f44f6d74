import ArgumentParser

/// `progress`: a bar per level and area, the streak, time, what is next.
public struct ProgressCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "progress", abstract: "Bars per level and area, your streak, the next step.")
    public static let usage = "progress"

    @Flag(help: "Print the same data as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public static func direct(_ arguments: [String]) -> Self? {
        guard let read = DirectArguments(arguments, grammar: .init(flags: ["json"])) else { return nil }
        var command = Self()
        command.global = read.global
        command.json = read.flag("json") ?? false
        return command
    }

    public var looksOnly: Bool { true }

    public var needs: Needs { .learner }

    public struct Result: CommandResult {
        public var report: ProgressReport
        /// When the learner was last active, as they would say it.
        public var lastActive: String?

        public func encode(to encoder: any Encoder) throws { try report.encode(to: encoder) }
    }

    public func run(in context: CommandContext) throws -> Result {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        let mastery = try Mastery.all(store: store, profile: profile, catalog: context.catalog)
        let report = try ProgressReport(engine: try context.engine(), store: store, profile: profile, mastery: mastery,
                                        now: context.now, days: context.days)
        return Result(report: report, lastActive: report.lastActivity.map { RelativeDate.day($0, now: context.now, days: context.days) })
    }
}
