import Foundation
import ArgumentParser

/// `review [--list]`: the cards FSRS-6 says are due.
public struct ReviewCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "review", abstract: "Review the cards that FSRS-6 says are due.")
    public static let usage = "review [--list]"

    @Flag(help: "List the due cards instead of reviewing them.")
    public var list = false

    @Flag(help: "With --list, print the cards as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        if json, !list { throw ValidationError("--json goes with --list: review --list --json") }
    }

    public var needs: Needs { .learner }

    /// A due card as `review --list --json` prints it.
    public struct DueCard: Codable, Hashable, Sendable {
        public var skill: String
        public var questionId: String
        public var prompt: String
        public var due: Date
        public var state: String
        public var stability: Double?
        public var difficulty: Double?
    }

    public enum Result: CommandResult {
        case due([DueCard])
        /// Nothing to review: how many cards there are, and how many due ones were left out
        /// because their questions are no longer in the curriculum.
        /// No card is due: how many there are, and when the next comes back.
        /// `exercises`: due exercises that are done at their own prompt (`exercise SLUG N`).
        case nothingDue(cards: Int, leftOut: Int, next: Date?, now: Date, exercises: [String] = [])
        case session(QuizReply, leftOut: Int, exercises: [String] = [])

        public var question: Question? {
            if case .session(let reply, _, _) = self { return reply.question }
            return nil
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .due(let cards): try cards.encode(to: encoder)
            case .nothingDue: try [DueCard]().encode(to: encoder)
            case .session(let reply, _, _): try reply.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let (store, profile) = try context.learner()
        let due = try store.dueCards(for: profile, at: context.now)
        // Each skill's quiz is read once; a card whose question has left the curriculum is
        // kept in the store (the question may come back) and left out here.
        var quizzes: [String: Quiz?] = [:]
        var exerciseSets: [String: ExerciseSet?] = [:]
        func exercise(_ card: StoredCard) -> Exercise? {
            guard card.questionId.hasPrefix(ExercisePractice.cardPrefix) else { return nil }
            if exerciseSets[card.skill] == nil { exerciseSets[card.skill] = .some(try? context.catalog.loadExercises(card.skill)) }
            let id = card.questionId.dropFirst(ExercisePractice.cardPrefix.count)
            return exerciseSets[card.skill]??.exercises.first { $0.id == id }
        }
        // An answer exercise comes back as a question; the others are done at their own prompt.
        func question(_ card: StoredCard) -> QuizQuestion? {
            if card.questionId.hasPrefix(ExercisePractice.cardPrefix) { return exercise(card)?.question }
            if quizzes[card.skill] == nil { quizzes[card.skill] = .some(try? context.catalog.loadQuiz(card.skill)) }
            return quizzes[card.skill]??.questions.first { $0.id == card.questionId }
        }
        let practical = due.compactMap { card in exercise(card).flatMap { $0.kind == .answer ? nil : "\(context.prefix)exercise \($0.skill) \($0.number)" } }
        if list {
            let cards = due.map { card in
                DueCard(skill: card.skill, questionId: card.questionId, prompt: question(card)?.prompt ?? "",
                        due: card.due, state: "\(card.state)", stability: card.stability, difficulty: card.difficulty)
            }
            return cards.isEmpty && !json ? .nothingDue(cards: try store.cardCount(for: profile), leftOut: 0, next: try store.nextDue(for: profile), now: context.now) : .due(cards)
        }
        let entries = due.compactMap { card in
            question(card).map { QuizSession.Entry(item: card.item, question: $0, skillTitle: context.catalog.metadata(card.skill)?.title ?? card.skill) }
        }
        guard !entries.isEmpty else {
            return .nothingDue(cards: try store.cardCount(for: profile), leftOut: due.count - practical.count, next: try store.nextDue(for: profile), now: context.now,
                               exercises: practical)
        }
        let session = QuizSession(source: .review, title: "Review", questions: entries)
        let step = try context.quizRunner().begin(session)
        return .session(QuizReply(intro: .review(count: entries.count), step: step), leftOut: due.count - entries.count - practical.count, exercises: practical)
    }
}
