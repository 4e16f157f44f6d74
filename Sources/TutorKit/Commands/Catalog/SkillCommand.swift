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

    public var needs: Needs {
        slug.map { Needs(.skill($0), .stack) } ?? Needs(.catalog, .none)
    }

    public enum Result: CommandResult {
        case list([SkillMetadata])
        /// One skill, the learner's mastery of its quiz (nil when unknown), and their stack.
        case one(Skill, mastery: Double?, stack: Stack?)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .list(let skills): try skills.encode(to: encoder)
            case .one(let skill, _, _): try skill.metadata.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        guard let slug else { return .list(context.catalog.skills) }
        let skill = try context.skill(slug)
        var mastery: Double?
        if let store = context.store, let profile = try store.existingProfile(named: context.profileName) {
            mastery = try Mastery.of(skill.slug, store: store, profile: profile, catalog: context.catalog)
        }
        return .one(skill, mastery: mastery, stack: context.stack)
    }
}
