import ArgumentParser

/// `goto SLUG LESSON`: one lesson, by number or title.
public struct GotoCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "goto", abstract: "Open one lesson of a skill, by number or by title.")
    public static let usage = "goto SLUG LESSON"
    public static let completion: ArgumentCompletion? = .skill

    @Argument(help: "The skill, such as rest-api-design.", completion: .custom(ShellCompletion.skills))
    public var skill: String

    @Argument(help: "The lesson's number (from 1) or the start of its title.")
    public var lesson: [String] = []

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        guard !lesson.isEmpty else { throw ValidationError("name the lesson too: goto \(skill) 2, or goto \(skill) TITLE") }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> OpenedItem {
        let skill = try context.metadata(self.skill)
        let (store, profile) = try context.learner()
        let wanted = lesson.joined(separator: " ")
        if let number = Int(wanted) {
            guard number >= 1, number <= skill.lessons.count else {
                throw CommandError.usage("\(skill.slug) has lessons 1 to \(skill.lessons.count)")
            }
            return try ItemOpener(context: context).open(.lesson(skill: skill.slug, number: number), profile: profile, store: store, lead: [])
        }
        let titles = skill.lessons.map { $0.lowercased() }
        let lower = wanted.lowercased()
        if let index = titles.firstIndex(where: { $0.hasPrefix(lower) }) ?? titles.firstIndex(where: { $0.contains(lower) }) {
            return try ItemOpener(context: context).open(.lesson(skill: skill.slug, number: index + 1), profile: profile, store: store, lead: [])
        }
        let list = skill.lessons.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ")
        throw CommandError.usage("no lesson of \(skill.slug) matches '\(wanted)'; its lessons: \(list)")
    }
}
