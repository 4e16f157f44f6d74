import Foundation
import ArgumentParser

/// A quiz or review in progress: what the last step did and the question it asks now.
public struct QuizReply: CommandResult {
    public enum Intro: Sendable {
        case quiz(title: String, count: Int)
        case review(count: Int)
    }

    /// How the quiz began, on its first step only.
    public var intro: Intro?
    public var step: QuizStep

    public init(intro: Intro?, step: QuizStep) {
        self.intro = intro
        self.step = step
    }

    public var question: Question? {
        guard step.summary == nil, let current = step.session.currentQuestion else { return nil }
        let session = step.session
        var prompt = Grader.hint(current)
        if session.last != nil { prompt += "; /rate again|hard|good|easy changes the last rating" }
        return Question(kind: .quiz(session), prompt: prompt) { line, elapsed, context in
            .reply(Reply(result: QuizReply(intro: nil, step: try context.quizRunner().respond(session, line: line, elapsed: elapsed))))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(step.session.items)
    }
}
