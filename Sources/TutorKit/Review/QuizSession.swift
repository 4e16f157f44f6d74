import Foundation

/// One question of a quiz or review: a skill's question by id.
public struct QuizItem: Hashable, Sendable, Codable {
    public var skill: String
    public var questionId: String
}

/// Where a quiz or review stands between two answers.
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

    public var source: Source
    public var title: String
    public var items: [QuizItem]
    public var index = 0
    public var right = 0
    public var answered = 0
    public var skipped = 0
    public var missed: [QuizItem] = []
    /// Invalid attempts at the current question.
    public var retries = 0
    public var last: LastAnswer?

    public var current: QuizItem? { index < items.count ? items[index] : nil }
}
