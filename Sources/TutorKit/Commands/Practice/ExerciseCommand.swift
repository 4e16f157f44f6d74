import ArgumentParser
import Foundation

/// `exercise [SLUG [N]]`: shows the exercise after a lesson; in the REPL an sql or answer
/// exercise asks for the answer at once.
public struct ExerciseCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Do the exercise after a lesson; the tutor checks your answer.",
        discussion: """
        exercise                 the exercise in hand, or the first one after the open lesson
        exercise SLUG            the skill's first exercise you have not solved
        exercise SLUG N          exercise N of the skill
        exercise SLUG --list     every exercise of the skill, with where you stand
        Then: check grades your answer (or runs an http exercise's check on your server), hint shows
        one more hint, solution shows the reference once solved, giveup shows it before that.
        """
    )
    public static let usage = "exercise [SLUG [N]] [--list]"
    public static let completion: ArgumentCompletion? = .skill

    @OptionGroup public var target: ExerciseTarget

    @Flag(help: "List the skill's exercises instead.")
    public var list = false

    @Flag(help: "Print the result as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
                if list, target.number != nil { throw ValidationError("--list shows every exercise of the skill: leave out N") }
    }

    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case shown(ExerciseCard)
        case list(ExerciseListing)

        public var question: Question? {
            if case .shown(let card) = self { return card.question }
            return nil
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .shown(let card): try card.encode(to: encoder)
            case .list(let listing): try listing.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let found = try context.exercise(skill: target.skill, number: target.number)
        if list {
            let states = try found.practice.store.exerciseStates(skill: found.set.skill, for: found.practice.profile)
            return .list(ExerciseListing(skill: found.set.skill, title: found.skillTitle, exercises: found.set.exercises.map {
                ExerciseListing.Row(number: $0.number, lesson: $0.lessonNumber, lessonTitle: $0.lesson, kind: $0.kind, status: ExerciseCard.status(states[$0.key]))
            }))
        }
        let state = try found.practice.open(found.exercise)
        return .shown(try ExerciseCard(found, state: state, context: context, ask: !json))
    }
}

/// An exercise as `exercise` shows it.
public struct ExerciseCard: Encodable, Sendable {
    public var skill: String
    public var skillTitle: String
    public var number: Int
    public var count: Int
    public var id: String
    public var lesson: Int
    public var lessonTitle: String
    public var kind: Exercise.Kind
    public var prompt: String
    public var choices: [String]
    public var dataset: String?
    public var tables: [String]
    /// The hints shown so far.
    public var hints: [String]
    public var hintCount: Int
    public var status: String
    public var attempts: Int
    /// An http exercise's requests, as its check sends them.
    public var requests: [String]
    /// Where an http exercise's check goes, or the command that starts the server.
    public var server: String?
    var question: Question?

    private enum CodingKeys: String, CodingKey {
        case skill, number, count, id, lesson, lessonTitle, kind, prompt, choices, dataset, tables, hints, hintCount, status, attempts, requests, server
    }

    init(_ found: ExerciseInHand, state: ExerciseState, context: CommandContext, ask: Bool) throws {
        let exercise = found.exercise
        skill = exercise.skill
        skillTitle = found.skillTitle
        number = exercise.number
        count = found.set.exercises.count
        id = exercise.id
        lesson = exercise.lessonNumber
        lessonTitle = exercise.lesson
        kind = exercise.kind
        prompt = exercise.prompt
        choices = exercise.question?.choices ?? []
        dataset = exercise.kind == .sql ? found.set.dataset : nil
        let schema = dataset.flatMap { try? context.catalog.loadDataset($0).schema() }
        tables = schema?.tables ?? []
        hints = Array(exercise.hints.prefix(state.hints))
        hintCount = exercise.hints.count
        status = Self.status(state)
        attempts = state.attempts
        requests = exercise.check.map(\.request)
        if exercise.kind == .http {
            let (store, profile) = (found.practice.store, found.practice.profile)
            server = try store.setting(.exerciseCommand, for: profile).map { "--run \($0)" }
                ?? store.setting(.exerciseURL, for: profile) ?? ServerOptions.defaultURL
        }
        question = ask && context.mode == .repl ? ExercisePrompt.question(for: exercise, in: found.set, catalog: context.catalog, words: schema?.words) : nil
    }

    static func status(_ state: ExerciseState?) -> String {
        guard let state else { return "new" }
        if state.solved { return "solved" }
        if state.gaveUp { return "given up" }
        return state.attempts > 0 ? "tried" : "new"
    }
}

/// A skill's exercises, for `exercise SLUG --list`.
public struct ExerciseListing: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        public var number: Int
        public var lesson: Int
        public var lessonTitle: String
        public var kind: Exercise.Kind
        public var status: String
    }
    public var skill: String
    public var title: String
    public var exercises: [Row]
}
