import ArgumentParser

/// `skill [SLUG]`: every skill by area, or one skill in full.
public struct SkillCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "skill",
        abstract: "List the skills by area, or show one skill.",
        discussion: "With no SLUG, lists every skill grouped by area with its level and hours. With a SLUG, shows that skill: its summary, prerequisites, lessons, exercises and sources."
    )
    public static let usage = "skill [SLUG]"
    public static let completion: ArgumentCompletion? = .skill

    @Argument(help: "The skill to show, such as rest-api-design.", completion: .custom(ShellCompletion.skills))
    public var slug: String?

    @Flag(help: "Print the skill list or the skill's metadata as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public static func direct(_ arguments: [String]) -> Self? {
        guard let read = DirectArguments(arguments, grammar: .init(flags: ["json"], words: 0...1)) else { return nil }
        var command = Self()
        command.global = read.global
        command.slug = read.words.first
        command.json = read.flag("json") ?? false
        return command
    }

    public var looksOnly: Bool { true }

    public var needs: Needs {
        slug.map { Needs(.skill($0), .stack) } ?? Needs(.catalog, .preferred)
    }

    public enum Result: CommandResult {
        /// Every skill, with where the learner stands in each (empty without progress).
        case list([SkillMetadata], progress: [String: SkillProgress])
        /// One skill, the learner's mastery of its quiz (nil when unknown), and their stack.
        case one(Skill, mastery: Double?, examples: ExampleStacks)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .list(let skills, _): try skills.encode(to: encoder)
            case .one(let skill, _, _): try skill.metadata.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        guard let slug else {
            let statuses = (try? context.statuses()) ?? [:]
            return .list(context.catalog.skills, progress: Dictionary(uniqueKeysWithValues: context.catalog.skills.map { ($0.slug, SkillProgress($0, statuses)) }))
        }
        let skill = try context.skill(slug)
        var mastery: Double?
        if let store = context.store, let profile = try store.existingProfile(named: context.profileName) {
            mastery = try Mastery.of(skill.slug, store: store, profile: profile, catalog: context.catalog)
        }
        return .one(skill, mastery: mastery, examples: context.examples)
    }
}

/// Where a learner stands in one skill, for the skill list.
public struct SkillProgress: Hashable, Sendable {
    public var status: ItemStatus
    public var lessonsDone: Int
    public var lessons: Int

    init(_ skill: SkillMetadata, _ statuses: PathEngine.Statuses) {
        let states = (0..<skill.lessons.count).map { statuses[.lesson(skill: skill.slug, number: $0 + 1)] ?? .notStarted }
        lessons = skill.lessons.count
        lessonsDone = states.filter(\.isDone).count
        if let explicit = statuses[.skill(skill.slug)], explicit.isSettled {
            status = explicit
        } else if !states.isEmpty, states.allSatisfy(\.isSettled) {
            status = states.contains(.done) ? .done : states.allSatisfy { $0 == .known } ? .known : .skipped
        } else {
            status = states.contains { $0 != .notStarted } ? .inProgress : .notStarted
        }
    }
}
