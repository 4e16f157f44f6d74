import Foundation

/// What happened at one step of a quiz or review, and where it stands now.
public struct QuizStep: Hashable, Sendable {
    public enum Feedback: Hashable, Sendable {
        /// An answer was graded, rated and saved.
        case graded(correct: Bool, rightAnswer: String, explanation: String, rating: Rating, due: Date, at: Date)
        /// The input was not an answer; nothing was counted.
        case notAnAnswer(hint: String)
        /// The question was passed with `/skip`: nothing was rated; this was its answer.
        case skipped(rightAnswer: String, explanation: String)
        /// The last answer's rating was changed.
        case rerated(Rating, due: Date, at: Date)
    }

    /// How a finished quiz went.
    public struct Summary: Hashable, Sendable {
        public var stopped: Bool
        public var right: Int
        public var answered: Int
        public var skipped: Int
        public var notAsked: Int
        /// The lessons behind missed questions: skill, lesson number, lesson title.
        public var reread: [Reread]
        /// The quizzed skill's mastery now (quizzes only).
        public var mastery: Double?
        public var title: String
    }

    public struct Reread: Hashable, Sendable {
        public var skill: String
        public var lesson: Int
        public var title: String
    }

    public var feedback: Feedback?
    public var session: QuizSession
    /// nil once the quiz is over.
    public var summary: Summary?

    public init(feedback: Feedback?, session: QuizSession, summary: Summary?) {
        self.feedback = feedback
        self.session = session
        self.summary = summary
    }
}

/// What a quiz's answer line can also be: a command of the quiz itself.
public enum QuizError: Error, Equatable, Sendable {
    case nothingToRate
    case unknownRating(String)

    public var message: String {
        switch self {
        case .nothingToRate: "there is no answer to rate yet"
        case .unknownRating: "rate with again, hard, good or easy: /rate good"
        }
    }
}

/// Runs quizzes and reviews: grades an answer, rates it, schedules its card and saves both.
public struct QuizRunner: Sendable {
    public let store: ProgressStore
    public let profile: Profile
    public let catalog: Catalog
    public let scheduler: FSRSScheduler
    public let now: Date
    public let random: @Sendable () -> Double

    /// Right answers this fast (in seconds) are rated Easy; this slow, Hard.
    public static let fastChoice = 8.0, fastText = 20.0
    public static let slowChoice = 45.0, slowText = 90.0

    public init(store: ProgressStore, profile: Profile, catalog: Catalog, scheduler: FSRSScheduler, now: Date, random: @escaping @Sendable () -> Double) {
        self.store = store
        self.profile = profile
        self.catalog = catalog
        self.scheduler = scheduler
        self.now = now
        self.random = random
    }

    /// The first step: the session asks its first question, or is over at once when empty.
    public func begin(_ session: QuizSession) throws(StoreError) -> QuizStep {
        try step(session, feedback: nil)
    }

    /// Takes one line typed at a question: an answer, `/skip`, `/quit` or `/rate RATING`.
    /// The words that end a quiz, typed after a slash.
    static let quitWords: Set<String> = ["quit", "q", "exit"]
    /// Every word a quiz's answer line takes as its own, typed after a slash.
    static let words = quitWords.union(["skip", "rate"])

    public func respond(_ session: QuizSession, line: String, elapsed: Double?) throws -> QuizStep {
        var session = session
        let text = line.trimmedWhitespace
        if text.hasPrefix("/"), Self.quitWords.contains(text.dropFirst().lowercased()) {
            return try finish(session, stopped: true, feedback: nil)
        }
        switch text.lowercased() {
        case "/skip":
            guard let question = session.currentQuestion else { return try finish(session, stopped: false, feedback: nil) }
            session.skipped += 1
            session.index += 1
            return try step(session, feedback: .skipped(rightAnswer: Grader.rightAnswer(question), explanation: question.explanation))
        default:
            break
        }
        if text.lowercased().hasPrefix("/rate") {
            return try rerate(session, text.dropFirst(5).trimmingCharacters(in: .whitespaces).lowercased())
        }
        guard let item = session.current, let question = session.currentQuestion else { return try finish(session, stopped: false, feedback: nil) }
        let result = Grader.grade(question, text)
        if case .invalid(let hint) = result {
            return QuizStep(feedback: .notAnAnswer(hint: hint), session: session, summary: nil)
        }
        let correct = result == .correct
        let rating = Self.rating(correct: correct, kind: question.kind, elapsed: elapsed)
        let before = try store.card(item, for: profile)
        let card = scheduler.review(before ?? ReviewCard(due: now), rating: rating, at: now, random: random)
        try store.record(card, for: item, rating: rating, correct: correct, elapsed: elapsed, source: session.source.rawValue, for: profile, now: now)
        session.answered += 1
        if correct { session.right += 1 } else { session.missed.append(item) }
        session.last = .init(item: item, before: before, at: now, rating: rating, correct: correct, elapsed: elapsed)
        session.index += 1
        let feedback = QuizStep.Feedback.graded(correct: correct, rightAnswer: Grader.rightAnswer(question), explanation: question.explanation,
                                                rating: rating, due: card.due, at: now)
        return try step(session, feedback: feedback)
    }

    /// Wrong is Again; right is Easy when fast, Hard when slow, Good otherwise. Without a time
    /// (answers piped in) right is Good.
    static func rating(correct: Bool, kind: QuizQuestion.Kind, elapsed: Double?) -> Rating {
        guard correct else { return .again }
        guard let elapsed else { return .good }
        let (fast, slow) = kind == .short ? (fastText, slowText) : (fastChoice, slowChoice)
        return elapsed < fast ? .easy : elapsed >= slow ? .hard : .good
    }

    private func rerate(_ session: QuizSession, _ name: String) throws -> QuizStep {
        guard let last = session.last else { throw QuizError.nothingToRate }
        guard let rating = Rating.allCases.first(where: { $0.name.lowercased() == name }) else { throw QuizError.unknownRating(name) }
        var session = session
        let card = scheduler.review(last.before ?? ReviewCard(due: last.at), rating: rating, at: last.at, random: random)
        try store.record(card, for: last.item, rating: rating, correct: last.correct, elapsed: last.elapsed, source: session.source.rawValue, for: profile, now: last.at)
        session.last?.rating = rating
        return QuizStep(feedback: .rerated(rating, due: card.due, at: last.at), session: session, summary: nil)
    }

    private func step(_ session: QuizSession, feedback: QuizStep.Feedback?) throws(StoreError) -> QuizStep {
        guard session.current != nil else { return try finish(session, stopped: false, feedback: feedback) }
        return QuizStep(feedback: feedback, session: session, summary: nil)
    }

    private func finish(_ session: QuizSession, stopped: Bool, feedback: QuizStep.Feedback?) throws(StoreError) -> QuizStep {
        var reread: [QuizStep.Reread] = []
        let questions = Dictionary(session.questions.map { ($0.item, $0.question) }, uniquingKeysWith: { first, _ in first })
        for item in session.missed {
            guard let question = questions[item], let skill = catalog.metadata(item.skill),
                  let number = skill.lessons.firstIndex(of: question.lesson) else { continue }
            if !reread.contains(where: { $0.skill == item.skill && $0.lesson == number + 1 }) {
                reread.append(.init(skill: item.skill, lesson: number + 1, title: question.lesson))
            }
        }
        var mastery: Double?
        if session.source == .quiz, let slug = session.items.first?.skill {
            mastery = try Mastery.of(slug, store: store, profile: profile, catalog: catalog)
        }
        let summary = QuizStep.Summary(stopped: stopped, right: session.right, answered: session.answered, skipped: session.skipped,
                                       notAsked: stopped ? max(session.count - session.index, 0) : 0, reread: reread, mastery: mastery, title: session.title)
        return QuizStep(feedback: feedback, session: session, summary: summary)
    }
}
