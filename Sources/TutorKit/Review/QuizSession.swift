import Foundation

/// One question of a quiz or review: a skill's question by id.
public struct QuizItem: Hashable, Sendable, Codable {
    public var skill: String
    public var questionId: String

    public init(skill: String, questionId: String) {
        self.skill = skill
        self.questionId = questionId
    }
}

/// Where a quiz or review stands between two answers. A value: the REPL, a one-shot `quiz` and
/// the tests carry it from one answer to the next.
public struct QuizSession: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable { case quiz, review }

    /// The last answer, kept so its rating can be changed.
    public struct LastAnswer: Hashable, Sendable {
        public var item: QuizItem
        public var before: ReviewCard?
        public var at: Date
        public var rating: Rating
        public var correct: Bool
        public var elapsed: Double?
    }

    /// A question to ask, with the title of its skill.
    public struct Entry: Hashable, Sendable {
        public var item: QuizItem
        public var question: QuizQuestion
        public var skillTitle: String

        public init(item: QuizItem, question: QuizQuestion, skillTitle: String) {
            self.item = item
            self.question = question
            self.skillTitle = skillTitle
        }
    }

    public var source: Source
    public var title: String
    /// The questions to ask, in order.
    public var questions: [Entry]
    public var index = 0
    public var right = 0
    public var answered = 0
    public var skipped = 0
    public var missed: [QuizItem] = []
    public var last: LastAnswer?

    public init(source: Source, title: String, questions: [Entry]) {
        self.source = source
        self.title = title
        self.questions = questions
    }

    public var items: [QuizItem] { questions.map(\.item) }
    public var count: Int { questions.count }
    public var current: QuizItem? { index < questions.count ? questions[index].item : nil }
    public var currentQuestion: QuizQuestion? { index < questions.count ? questions[index].question : nil }
}
