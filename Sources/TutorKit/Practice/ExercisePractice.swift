import Foundation

/// What solving, hinting and giving up do to the learner's record: the exercise's state, its
/// review card (solved without hints Good, Easy when fast; with hints Hard; given up Again).
public struct ExercisePractice: Sendable {
    public let store: ProgressStore
    public let profile: Profile
    public let scheduler: FSRSScheduler
    public let now: Date
    public let random: @Sendable () -> Double

    /// Solved this fast after opening (seconds) is Easy, unless hints were used.
    public static let fastAnswer = 20.0, fastQuery = 90.0, fastServer = 300.0

    public init(store: ProgressStore, profile: Profile, scheduler: FSRSScheduler, now: Date, random: @escaping @Sendable () -> Double) {
        self.store = store
        self.profile = profile
        self.scheduler = scheduler
        self.now = now
        self.random = random
    }

    /// An exercise's review card, beside the quiz's cards of its skill.
    public static func item(_ exercise: Exercise) -> QuizItem { QuizItem(skill: exercise.skill, questionId: cardPrefix + exercise.id) }
    /// Exercise ids are slugs, so a card id with a slash is never a quiz question's.
    public static let cardPrefix = "exercise/"

    /// Makes it the exercise in hand and starts its clock.
    @discardableResult
    public func open(_ exercise: Exercise) throws(StoreError) -> ExerciseState {
        try store.setSetting(.currentExercise, exercise.key, for: profile)
        let now = self.now
        return try store.updateExercise(exercise, for: profile) { state in
            if !state.solved { state.openedAt = now }
        }
    }

    /// What a graded attempt did to the record.
    public struct Recorded: Hashable, Sendable {
        public var state: ExerciseState
        /// The rating given, when the attempt was rated (a first solve, or a solve of a due card).
        public var rating: Rating?
        public var due: Date?
        /// Solved before this attempt.
        public var solvedBefore: Bool
    }

    /// Records an attempt. A right answer solves the exercise (rated once, or again when its card
    /// is due); a wrong one only counts.
    public func attempt(_ exercise: Exercise, correct: Bool, answer: String?) throws(StoreError) -> Recorded {
        let before = try store.exerciseState(exercise, for: profile)
        let now = self.now
        let state = try store.updateExercise(exercise, for: profile) { state in
            state.attempts += 1
            if let answer { state.lastAnswer = answer }
            if correct, state.solvedAt == nil { state.solvedAt = now }
        }
        guard correct else { return Recorded(state: state, rating: nil, due: nil, solvedBefore: before.solved) }
        let item = Self.item(exercise)
        let card = try store.card(item, for: profile)
        if before.solved, let card, card.due > now {
            return Recorded(state: state, rating: nil, due: card.due, solvedBefore: true)
        }
        let rating = rating(exercise, state: before)
        let next = scheduler.review(card ?? ReviewCard(due: now), rating: rating, at: now, random: random)
        let elapsed = before.openedAt.map { now.timeIntervalSince($0) }
        try store.record(next, for: item, rating: rating, correct: true, elapsed: elapsed, source: "exercise", for: profile, now: now)
        return Recorded(state: state, rating: rating, due: next.due, solvedBefore: before.solved)
    }

    /// With hints Hard; fast Easy; otherwise Good.
    func rating(_ exercise: Exercise, state: ExerciseState) -> Rating {
        if state.hints > 0 { return .hard }
        guard let opened = state.openedAt else { return .good }
        let fast = switch exercise.kind {
        case .answer: Self.fastAnswer
        case .sql: Self.fastQuery
        case .http: Self.fastServer
        }
        return now.timeIntervalSince(opened) < fast ? .easy : .good
    }

    /// Shows one more hint: its number (from 1) and the state after.
    public func hint(_ exercise: Exercise) throws(StoreError) -> (number: Int, state: ExerciseState) {
        let total = exercise.hints.count
        let state = try store.updateExercise(exercise, for: profile) { state in
            if state.hints < total { state.hints += 1 }
        }
        return (state.hints, state)
    }

    /// Gives up: the solution may be shown, and the card is rated Again.
    public func giveUp(_ exercise: Exercise) throws(StoreError) -> Recorded {
        let now = self.now
        let state = try store.updateExercise(exercise, for: profile) { state in
            if state.gaveUpAt == nil { state.gaveUpAt = now }
        }
        let item = Self.item(exercise)
        let next = scheduler.review(try store.card(item, for: profile) ?? ReviewCard(due: now), rating: .again, at: now, random: random)
        try store.record(next, for: item, rating: .again, correct: false, elapsed: nil, source: "exercise", for: profile, now: now)
        return Recorded(state: state, rating: .again, due: next.due, solvedBefore: state.solved)
    }
}
