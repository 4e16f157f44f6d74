import Foundation

/// How well the learner recalled an answer.
public enum Rating: Int, Codable, Sendable, CaseIterable, Comparable {
    case again = 1, hard, good, easy

    public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .again: "Again"
        case .hard: "Hard"
        case .good: "Good"
        case .easy: "Easy"
        }
    }
}

/// A review card's memory state, as FSRS-6 keeps it.
public struct ReviewCard: Hashable, Sendable, Codable {
    public enum State: Int, Codable, Sendable {
        case learning = 1, review, relearning
    }

    public var state: State = .learning
    /// The learning or relearning step; nil in review.
    public var step: Int? = 0
    public var stability: Double?
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public init(due: Date) { self.due = due }
}

/// The FSRS-6 scheduler, as the open-spaced-repetition project's py-fsrs 6.3.2 defines it
/// (`Scheduler` in fsrs/scheduler.py); FSRSReplayTests replays its histories.
public struct FSRSScheduler: Sendable {
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    static let stabilityMinimum = 0.001

    public let w: [Double]
    public let desiredRetention: Double
    public let learningSteps: [TimeInterval]
    public let relearningSteps: [TimeInterval]
    public let maximumInterval: Int
    /// Spreads review intervals a little so cards learned together do not fall due together.
    public let fuzzing: Bool

    let decay: Double
    let factor: Double

    public init(parameters: [Double] = defaultParameters, desiredRetention: Double = 0.9,
                learningSteps: [TimeInterval] = [60, 600], relearningSteps: [TimeInterval] = [600],
                maximumInterval: Int = 36_500, fuzzing: Bool = true) {
        precondition(parameters.count == 21, "FSRS-6 takes 21 parameters")
        w = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzzing = fuzzing
        decay = -parameters[20]
        factor = pow(0.9, 1 / decay) - 1
    }

    // MARK: - Memory

    /// R(t, S) = (1 + F·t/S)^(−w20): the probability of recall after `elapsedDays`.
    public func retrievability(elapsedDays: Double, stability: Double) -> Double {
        pow(1 + factor * elapsedDays / stability, decay)
    }

    public func retrievability(of card: ReviewCard, at date: Date) -> Double {
        guard let last = card.lastReview, let stability = card.stability else { return 0 }
        return retrievability(elapsedDays: Double(max(0, Self.wholeDays(from: last, to: date))), stability: stability)
    }

    /// Whole days between two instants, as Python's `timedelta.days` counts them (floor). The
    /// difference is taken in whole milliseconds first, as the database keeps times: two times a
    /// whole number of days apart must not come out a hair short of it.
    static func wholeDays(from start: Date, to end: Date) -> Int {
        let milliseconds = (end.timeIntervalSince(start) * 1_000).rounded()
        return Int((milliseconds / 86_400_000).rounded(.down))
    }

    func clampDifficulty(_ d: Double) -> Double { min(max(d, 1), 10) }
    func clampStability(_ s: Double) -> Double { max(s, Self.stabilityMinimum) }

    func initialStability(_ rating: Rating) -> Double { clampStability(w[rating.rawValue - 1]) }

    func initialDifficulty(_ rating: Rating, clamp: Bool = true) -> Double {
        let d = w[4] - exp(w[5] * Double(rating.rawValue - 1)) + 1
        return clamp ? clampDifficulty(d) : d
    }

    func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        var increase = exp(w[17] * (Double(rating.rawValue) - 3 + w[18])) * pow(stability, -w[19])
        // py-fsrs 6.3.2 floors the increase at 1 for every rating but Again ("Fix same-day Hard
        // stability floor"): a same-day Hard never lowers stability.
        if rating != .again { increase = max(increase, 1) }
        return clampStability(stability * increase)
    }

    func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let delta = -(w[6] * (Double(rating.rawValue) - 3))
        let damped = difficulty + (10 - difficulty) * delta / 9
        let reverted = w[7] * initialDifficulty(.easy, clamp: false) + (1 - w[7]) * damped
        return clampDifficulty(reverted)
    }

    func nextStability(_ difficulty: Double, _ stability: Double, _ retrievability: Double, _ rating: Rating) -> Double {
        if rating == .again {
            let longTerm = w[11] * pow(difficulty, -w[12]) * (pow(stability + 1, w[13]) - 1) * exp((1 - retrievability) * w[14])
            let shortTerm = stability / exp(w[17] * w[18])
            return clampStability(min(longTerm, shortTerm))
        }
        let hardPenalty = rating == .hard ? w[15] : 1
        let easyBonus = rating == .easy ? w[16] : 1
        return clampStability(stability * (1 + exp(w[8]) * (11 - difficulty) * pow(stability, -w[9])
            * (exp((1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus))
    }

    /// Days until recall falls to the desired retention: whole days, at least 1, at most the maximum.
    func nextInterval(_ stability: Double) -> Int {
        let days = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
        // Python's round() rounds half to even.
        let rounded = Int(days.rounded(.toNearestOrEven))
        return min(max(rounded, 1), maximumInterval)
    }

    // MARK: - Reviews

    /// The card after a review with `rating` at `date`. `random` (in 0..<1) chooses within the
    /// fuzz range; it is used only when fuzzing is on.
    public func review(_ card: ReviewCard, rating: Rating, at date: Date, random: () -> Double = { Double.random(in: 0..<1) }) -> ReviewCard {
        var card = card
        let daysSinceLast = card.lastReview.map { Self.wholeDays(from: $0, to: date) }
        let retrievability = retrievability(of: card, at: date)
        var interval: TimeInterval

        func updateMemory(shortTermWhenSameDay: Bool) {
            if let stability = card.stability, let difficulty = card.difficulty {
                if shortTermWhenSameDay, let days = daysSinceLast, days < 1 {
                    card.stability = shortTermStability(stability, rating)
                } else {
                    card.stability = nextStability(difficulty, stability, retrievability, rating)
                }
                card.difficulty = nextDifficulty(difficulty, rating)
            } else {
                card.stability = initialStability(rating)
                card.difficulty = initialDifficulty(rating)
            }
        }
        func toReview() -> TimeInterval {
            card.state = .review
            card.step = nil
            return TimeInterval(nextInterval(card.stability!)) * 86_400
        }
        func stepped(_ steps: [TimeInterval]) -> TimeInterval {
            let step = card.step ?? 0
            if steps.isEmpty || (step >= steps.count && rating != .again) { return toReview() }
            switch rating {
            case .again:
                card.step = 0
                return steps[0]
            case .hard:
                if step == 0 { return steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2 }
                return steps[step]
            case .good:
                if step + 1 == steps.count { return toReview() }
                card.step = step + 1
                return steps[step + 1]
            case .easy:
                return toReview()
            }
        }

        switch card.state {
        case .learning:
            updateMemory(shortTermWhenSameDay: true)
            interval = stepped(learningSteps)
        case .review:
            updateMemory(shortTermWhenSameDay: true)
            if rating == .again, !relearningSteps.isEmpty {
                card.state = .relearning
                card.step = 0
                interval = relearningSteps[0]
            } else {
                interval = TimeInterval(nextInterval(card.stability!)) * 86_400
            }
        case .relearning:
            updateMemory(shortTermWhenSameDay: true)
            interval = stepped(relearningSteps)
        }
        if fuzzing, card.state == .review {
            interval = fuzzed(interval, random: random())
        }
        card.due = date.addingTimeInterval(interval)
        card.lastReview = date
        return card
    }

    static let fuzzRanges: [(start: Double, end: Double, factor: Double)] = [(2.5, 7, 0.15), (7, 20, 0.1), (20, .infinity, 0.05)]

    /// The fuzz range py-fsrs uses: intervals of 3 days or more move by a few percent.
    public func fuzzRange(days: Int) -> ClosedRange<Int> {
        let interval = Double(days)
        var delta = 1.0
        for range in Self.fuzzRanges {
            delta += range.factor * max(min(interval, range.end) - range.start, 0)
        }
        var low = Int((interval - delta).rounded(.toNearestOrEven))
        var high = Int((interval + delta).rounded(.toNearestOrEven))
        low = max(2, low)
        high = min(high, maximumInterval)
        low = min(low, high)
        return low...high
    }

    func fuzzed(_ interval: TimeInterval, random: Double) -> TimeInterval {
        let days = Int((interval / 86_400).rounded(.down))
        guard Double(days) >= 2.5 else { return interval }
        let range = fuzzRange(days: days)
        let chosen = random * Double(range.upperBound - range.lowerBound + 1) + Double(range.lowerBound)
        return TimeInterval(min(Int(chosen.rounded(.toNearestOrEven)), maximumInterval)) * 86_400
    }
}
