import Foundation
import Testing
@testable import TutorKit

/// Replays review histories that py-fsrs 6.3.2 scheduled (fuzzing off), written by
/// Fixtures/fsrs/generate.py, through the Swift scheduler: after every review the state, step,
/// stability, difficulty and due time must be py-fsrs's.
@Suite("FSRS-6 against py-fsrs 6.3.2")
struct FSRSReplayTests {
    struct Replay: Decodable {
        struct Review: Decodable {
            var at: String
            var rating: Int
            var state: Int
            var step: Int?
            var stability: Double
            var difficulty: Double
            var due: String
        }
        var fsrs: String
        var fuzzing: Bool
        var histories: [[Review]]
    }

    static func load() throws -> Replay {
        let url = Golden.fixtures.appendingPathComponent("fsrs/fsrs-6.3.2-histories.json")
        return try JSONDecoder().decode(Replay.self, from: Data(contentsOf: url))
    }

    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(formatter.date(from: text), "\(text) is not a date")
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    @Test("every review of 200 histories matches: state, step, stability, difficulty, due")
    func replay() throws {
        let replay = try Self.load()
        #expect(replay.fsrs == "6.3.2")
        #expect(!replay.fuzzing)
        let scheduler = FSRSScheduler(fuzzing: false)
        var reviews = 0, mismatched: [String] = []
        for (index, history) in replay.histories.enumerated() {
            var card = ReviewCard(due: try Self.date(history[0].at))
            for (number, expected) in history.enumerated() {
                reviews += 1
                let rating = try #require(Rating(rawValue: expected.rating))
                card = scheduler.review(card, rating: rating, at: try Self.date(expected.at))
                let due = try Self.date(expected.due)
                let same = card.state.rawValue == expected.state && card.step == expected.step
                    && Self.close(card.stability, expected.stability) && Self.close(card.difficulty, expected.difficulty)
                    && abs(card.due.timeIntervalSince(due)) < 0.001
                if !same {
                    mismatched.append("history \(index + 1), review \(number + 1) (\(rating.name) at \(expected.at)): got \(card.state) step \(card.step.map(String.init) ?? "nil") S \(card.stability ?? -1) D \(card.difficulty ?? -1) due \(card.due); py-fsrs \(expected.state) step \(expected.step.map(String.init) ?? "nil") S \(expected.stability) D \(expected.difficulty) due \(expected.due)")
                    break
                }
            }
        }
        #expect(reviews == 2_712)
        #expect(mismatched.isEmpty, "\(mismatched.count) histories differ; the first: \(mismatched.first ?? "")")
    }
}
