import Foundation
import GRDB

/// A stored review card: one quiz question for one profile.
public struct StoredCard: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "card"
    public var profileId: Int64
    public var skill: String
    public var questionId: String
    public var state: ReviewCard.State
    public var step: Int?
    public var stability: Double?
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public enum Columns {
        public static let profileId = Column(CodingKeys.profileId)
        public static let skill = Column(CodingKeys.skill)
        public static let questionId = Column(CodingKeys.questionId)
        public static let due = Column(CodingKeys.due)
    }

    /// The quiz question the card is for.
    public var item: QuizItem { QuizItem(skill: skill, questionId: questionId) }

    public var card: ReviewCard {
        var card = ReviewCard(due: due)
        card.state = state
        card.step = step
        card.stability = stability
        card.difficulty = difficulty
        card.lastReview = lastReview
        return card
    }

    init(profileId: Int64, skill: String, questionId: String, card: ReviewCard) {
        self.profileId = profileId
        self.skill = skill
        self.questionId = questionId
        state = card.state
        step = card.step
        stability = card.stability
        difficulty = card.difficulty
        due = card.due
        lastReview = card.lastReview
    }
}

/// One answer, kept forever: mastery is computed from these.
public struct ReviewLogEntry: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "reviewLog"
    public var id: Int64?
    public var profileId: Int64
    public var skill: String
    public var questionId: String
    public var rating: Rating
    public var correct: Bool
    public var reviewedAt: Date
    public var elapsedSeconds: Double?
    /// `quiz` or `review`.
    public var source: String

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let profileId = Column(CodingKeys.profileId)
        public static let skill = Column(CodingKeys.skill)
        public static let questionId = Column(CodingKeys.questionId)
    }
}

extension DerivableRequest<StoredCard> {
    /// The cards of one profile.
    func filter(_ profile: Profile) -> Self { filter(StoredCard.Columns.profileId == profile.id) }
}

extension DerivableRequest<ReviewLogEntry> {
    /// The answers of one profile, oldest first.
    func filter(_ profile: Profile) -> Self { filter(ReviewLogEntry.Columns.profileId == profile.id).order(ReviewLogEntry.Columns.id) }
}

extension ProgressStore {
    public func card(_ item: QuizItem, for profile: Profile) throws(StoreError) -> ReviewCard? {
        try read { db in
            try StoredCard.fetchOne(db, key: ["profileId": profile.id, "skill": item.skill, "questionId": item.questionId])?.card
        }
    }

    /// Saves a card's new state and logs the answer, in one transaction. `replacing` removes
    /// nothing: a changed rating is logged as a new entry.
    public func record(_ card: ReviewCard, for item: QuizItem, rating: Rating, correct: Bool,
                       elapsed: Double?, source: String, for profile: Profile, now: Date) throws(StoreError) {
        try write { db in
            try StoredCard(profileId: profile.id, skill: item.skill, questionId: item.questionId, card: card).save(db)
            try ReviewLogEntry(id: nil, profileId: profile.id, skill: item.skill, questionId: item.questionId, rating: rating,
                               correct: correct, reviewedAt: now, elapsedSeconds: elapsed, source: source).insert(db)
        }
    }

    /// Cards due at `date`, most overdue first.
    public func dueCards(for profile: Profile, at date: Date) throws(StoreError) -> [StoredCard] {
        try fetchAll("SELECT * FROM card WHERE profileId = ? AND due <= ? ORDER BY due", [.integer(profile.id), .date(date)]) { try StoredCard(stored: $0) }
    }

    /// When the next card falls due, if there is any card at all.
    public func nextDue(for profile: Profile) throws(StoreError) -> Date? {
        try read { db in try Date.fetchOne(db, sql: "SELECT min(due) FROM card WHERE profileId = ?", arguments: [profile.id]) }
    }

    public func cardCount(for profile: Profile) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM card WHERE profileId = ?", arguments: [profile.id]) ?? 0 }
    }

    /// For each skill, the quiz questions whose latest answer was right, and those answered at all
    /// (exercises' cards are not quiz questions).
    public func latestAnswers(for profile: Profile) throws(StoreError) -> [String: (right: Set<String>, answered: Set<String>)] {
        let answers = try fetchAll("""
            SELECT skill, questionId, correct FROM reviewLog AS r
            WHERE profileId = ? AND questionId NOT LIKE 'exercise/%' AND id = (SELECT max(id) FROM reviewLog
                WHERE profileId = r.profileId AND skill = r.skill AND questionId = r.questionId)
            """, [.integer(profile.id)]) { row in
            (skill: try row.required("skill") as String, question: try row.required("questionId") as String, correct: try row.required("correct") as Bool)
        }
        var result: [String: (right: Set<String>, answered: Set<String>)] = [:]
        for answer in answers {
            result[answer.skill, default: ([], [])].answered.insert(answer.question)
            if answer.correct { result[answer.skill, default: ([], [])].right.insert(answer.question) }
        }
        return result
    }

    public func reviewLog(for profile: Profile) throws(StoreError) -> [ReviewLogEntry] {
        try fetchAll("SELECT * FROM reviewLog WHERE profileId = ? ORDER BY id", [.integer(profile.id)]) { try ReviewLogEntry(stored: $0) }
    }
}
