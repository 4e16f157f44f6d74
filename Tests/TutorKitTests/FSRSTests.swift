import Foundation
import Testing
@testable import TutorKit

/// FSRS-6 against the published py-fsrs 6.x test vectors, with fuzzing off.
@Suite("FSRS-6 scheduling")
struct FSRSTests {
    let scheduler = FSRSScheduler(fuzzing: false)
    let start = ISO8601DateFormatter().date(from: "2022-11-29T12:30:00Z")!

    @Test("test_review_card: Good×6, Again×2, Good×5, each at the due time")
    func reviewCard() {
        let ratings: [Rating] = [.good, .good, .good, .good, .good, .good, .again, .again, .good, .good, .good, .good, .good]
        var card = ReviewCard(due: start)
        var at = start
        var intervals: [Int] = []
        for rating in ratings {
            card = scheduler.review(card, rating: rating, at: at)
            intervals.append(FSRSScheduler.wholeDays(from: card.lastReview!, to: card.due))
            at = card.due
        }
        #expect(intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21])
    }

    @Test("test_memo_state: Again then Good×5 at day offsets 0, 0, 1, 3, 8, 21")
    func memoState() throws {
        let ratings: [Rating] = [.again, .good, .good, .good, .good, .good]
        var card = ReviewCard(due: start)
        var at = start
        for (rating, offset) in zip(ratings, [0.0, 0, 1, 3, 8, 21]) {
            at = at.addingTimeInterval(offset * 86_400)
            card = scheduler.review(card, rating: rating, at: at)
        }
        #expect(abs(try #require(card.stability) - 53.62691) < 1e-4)
        #expect(abs(try #require(card.difficulty) - 6.3574867) < 1e-4)
    }

    @Test("ten Easy ratings in a row bring difficulty to exactly 1.0")
    func easyFloor() {
        var card = ReviewCard(due: start)
        for i in 0..<10 {
            card = scheduler.review(card, rating: .easy, at: start.addingTimeInterval(Double(i) * 0.000001))
        }
        #expect(card.difficulty == 1.0)
    }

    @Test("first reviews take the initial stability and difficulty of their rating")
    func initialState() throws {
        let expected: [(Rating, Double, Double)] = [(.again, 0.212, 6.4133), (.hard, 1.2931, 5.11217071), (.good, 2.3065, 2.11810397), (.easy, 8.2956, 1.0)]
        for (rating, stability, difficulty) in expected {
            let card = scheduler.review(ReviewCard(due: start), rating: rating, at: start)
            #expect(abs(try #require(card.stability) - stability) < 1e-6)
            #expect(abs(try #require(card.difficulty) - difficulty) < 1e-6)
        }
    }

    @Test("the forgetting curve gives R = 0.9 at t = S", arguments: [0.5, 1.0, 10.0, 365.0])
    func forgettingCurve(stability: Double) {
        #expect(abs(scheduler.retrievability(elapsedDays: stability, stability: stability) - 0.9) < 1e-12)
        #expect(scheduler.retrievability(elapsedDays: 0, stability: stability) == 1)
    }

    @Test("learning steps are 1 and 10 minutes; a lapse relearns after 10 minutes")
    func steps() {
        var card = scheduler.review(ReviewCard(due: start), rating: .again, at: start)
        #expect(card.due.timeIntervalSince(start) == 60)
        card = scheduler.review(card, rating: .good, at: start)
        #expect(card.due.timeIntervalSince(start) == 600)
        #expect(card.state == .learning)
        card = scheduler.review(card, rating: .good, at: card.due)
        #expect(card.state == .review)
        let reviewed = card.due
        card = scheduler.review(card, rating: .again, at: reviewed)
        #expect(card.state == .relearning)
        #expect(card.due.timeIntervalSince(reviewed) == 600)
    }

    @Test("intervals never pass the maximum of 36,500 days")
    func maximum() {
        var card = ReviewCard(due: start)
        var at = start
        for _ in 0..<30 {
            card = scheduler.review(card, rating: .easy, at: at)
            at = card.due
        }
        #expect(FSRSScheduler.wholeDays(from: card.lastReview!, to: card.due) == 36_500)
    }

    @Test("fuzzing keeps an interval inside py-fsrs's range and leaves short ones alone")
    func fuzz() {
        let fuzzy = FSRSScheduler(fuzzing: true)
        // delta = 1 + 0.15 * 4.5 + 0.1 * 13 + 0.05 * 80 = 6.975
        #expect(fuzzy.fuzzRange(days: 100) == 93...107)
        #expect(fuzzy.fuzzRange(days: 3) == 2...4)
        for random in [0.0, 0.3, 0.999] {
            let days = fuzzy.fuzzed(100 * 86_400, random: random) / 86_400
            // Like py-fsrs, rounding the draw can land one day past the range's top.
            #expect((93...108).contains(Int(days)))
        }
        #expect(fuzzy.fuzzed(2 * 86_400, random: 0.9) == 2 * 86_400)
        #expect(fuzzy.fuzzed(100 * 86_400, random: 0) == 93 * 86_400)
    }
}
