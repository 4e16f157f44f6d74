import ArgumentParser

/// `next`: finish the open lesson and open the next item of the path.
public struct NextCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "next", abstract: "Finish the open lesson and open the next one.",
        discussion: "After a lesson with an exercise you have not done, next shows the exercise first; next again goes on without it. --skip-exercises stops offering them (remembered); --no-skip-exercises offers them again."
    )
    public static let usage = "next [--skip-exercises]"

    @Flag(inversion: .prefixedNo, help: "Go straight on without offering lessons' exercises (remembered).")
    public var skipExercises: Bool?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public static func direct(_ arguments: [String]) -> Self? {
        guard let read = DirectArguments(arguments, grammar: .init(invertible: ["skip-exercises"])) else { return nil }
        var command = Self()
        command.global = read.global
        command.skipExercises = read.flag("skip-exercises")
        return command
    }

    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case opened(OpenedItem)
        /// Nothing is left on the path.
        case finished(lead: [Notice])
        /// The open lesson's exercise, offered before moving on.
        case exercise(ExerciseCard, lead: [Notice])

        public var question: Question? {
            if case .exercise(let card, _) = self { return card.question }
            return nil
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .opened(let item): try item.encode(to: encoder)
            case .finished(let lead): try lead.encode(to: encoder)
            case .exercise(let card, _): try card.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let (store, profile) = try context.learner()
        if let skipExercises { try store.setSetting(.skipExercises, skipExercises ? "yes" : nil, for: profile) }
        if let offered = try Self.offerExercise(in: context) { return offered }
        return try Self.advance(in: context)
    }

    /// Whether `/next` after lesson `number` of `slug` offers its exercise: offers are on, the
    /// skill has exercises, none of the lesson's is solved or given up, and it was not offered
    /// yet. Decided from the store alone, so a lesson's footer can say it.
    static func offers(_ slug: String, lesson number: Int, store: ProgressStore, profile: Profile, catalog: Catalog) throws(StoreError) -> Bool {
        guard try store.setting(.skipExercises, for: profile) == nil, catalog.hasExercises(slug),
              try store.setting(.offeredExercise, for: profile) != "\(slug)/\(number)" else { return false }
        return try !store.finishedExercise(skill: slug, lesson: number, for: profile)
    }

    /// The open lesson's first exercise, once per lesson, when ``offers`` says so.
    static func offerExercise(in context: CommandContext) throws -> Result? {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        guard case .lesson(let slug, let number)? = profile.currentItem,
              try offers(slug, lesson: number, store: store, profile: profile, catalog: context.catalog),
              let first = try? context.exercise(skill: slug, number: nil, after: number) else { return nil }
        try store.setSetting(.offeredExercise, "\(slug)/\(number)", for: profile)
        let state = try first.practice.open(first.exercise)
        let lead = [Notice(.info, "Practise lesson \(number) before you go on; \(context.prefix)next again goes on without it.")]
        return .exercise(try ExerciseCard(first, state: state, context: context, ask: true), lead: lead)
    }

    /// Finishes the open lesson and opens what comes next: `/next`, and `/skip` after it skips.
    static func advance(in context: CommandContext) throws -> Result {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        let advance = try context.navigator().advance(profile)
        var lead: [Notice] = []
        if let slug = advance.finishedSkill {
            lead.append(Notice(.success, "You finished \(context.catalog.metadata(slug)?.title ?? slug)."))
            // Reading is not knowing: suggest a quiz while mastery is unknown or low.
            let mastery = try Mastery.of(slug, store: store, profile: profile, catalog: context.catalog)
            if mastery.map({ $0 < Mastery.goal }) ?? true {
                lead.append(Notice(.info, "Check what stuck: \(context.prefix)quiz \(slug)" + (mastery.map { " (mastery so far \(Mastery.percent($0)))" } ?? "") + "."))
            }
        }
        guard let next = advance.next else {
            return .finished(lead: lead + [Notice(.success, "You have finished every lesson and project on the path. \(context.prefix)progress shows it all.")])
        }
        return .opened(try ItemOpener(context: context).open(next, profile: profile, store: store, lead: lead))
    }
}
