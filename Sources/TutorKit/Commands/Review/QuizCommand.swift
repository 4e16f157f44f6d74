import Foundation
import ArgumentParser

/// `quiz [SLUG]`: questions of a skill, each answer a review card.
public struct QuizCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Quiz a skill; each answer becomes a review card.",
        discussion: "Answer by letter (several for multiple choice, in any order), t or f, or a short text. /skip passes a question, /quit ends the quiz and keeps what you answered, /rate again|hard|good|easy changes the last rating."
    )
    public static let usage = "quiz [SLUG]"
    public static let completion: ArgumentCompletion? = .skill

    @Argument(help: "The skill; with none, the one you are studying.", completion: .custom(ShellCompletion.skills))
    public var skill: String?

    @Option(help: "How many questions.")
    public var count = 5

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        guard (1...50).contains(count) else { throw ValidationError("--count takes 1 to 50") }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> QuizReply {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        guard let slug = skill ?? profile.currentItem?.skillSlug else {
            throw CommandError.usage("name the skill to quiz: \(context.prefix)quiz SLUG, such as \(context.prefix)quiz http-fundamentals")
        }
        let skill = try context.metadata(slug)
        var questions = try context.catalog.loadQuiz(skill.slug).questions
        // Fisher-Yates with the context's random source, so tests can fix the order.
        for i in stride(from: questions.count - 1, to: 0, by: -1) {
            questions.swapAt(i, Int(context.random() * Double(i + 1)) % (i + 1))
        }
        let entries = questions.prefix(count).map { QuizSession.Entry(item: QuizItem(skill: skill.slug, questionId: $0.id), question: $0, skillTitle: skill.title) }
        let session = QuizSession(source: .quiz, title: skill.title, questions: entries)
        return QuizReply(intro: .quiz(title: skill.title, count: entries.count), step: try context.quizRunner().begin(session))
    }
}
