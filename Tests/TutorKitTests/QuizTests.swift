import Foundation
import Testing
@testable import TutorKit

@Suite("Grading")
struct GraderTests {
    func question(_ kind: QuizQuestion.Kind, _ answer: QuizQuestion.Answer, choices: [String] = []) -> QuizQuestion {
        QuizQuestion(id: "q", kind: kind, lesson: "L", prompt: "P", choices: choices, answer: answer, explanation: "E")
    }

    @Test("single choice by letter or number; other input asks again")
    func single() {
        let q = question(.single, .choice(1), choices: ["200 OK", "201 Created", "202 Accepted", "204 No Content"])
        #expect(Grader.grade(q, "b") == .correct)
        #expect(Grader.grade(q, " B ") == .correct)
        #expect(Grader.grade(q, "2") == .correct)
        #expect(Grader.grade(q, "a") == .wrong)
        for invalid in ["", "?", "e", "5", "0", "ab", "created"] {
            guard case .invalid = Grader.grade(q, invalid) else { Issue.record("'\(invalid)' should ask again"); continue }
        }
    }

    @Test("multiple choice takes letters in any order and spacing")
    func multiple() {
        let q = question(.multiple, .choices([0, 2, 3]), choices: ["GET", "POST", "HEAD", "OPTIONS", "DELETE"])
        for right in ["a c d", "dca", "a,c,d", "A C  D", "1 3 4", "c, a d"] { #expect(Grader.grade(q, right) == .correct, "\(right)") }
        #expect(Grader.grade(q, "a c") == .wrong)
        #expect(Grader.grade(q, "a c d e") == .wrong)
        guard case .invalid = Grader.grade(q, "a z") else { Issue.record("z is no choice"); return }
    }

    @Test("true/false takes t, f, true, false")
    func truth() {
        let q = question(.truefalse, .truth(true))
        for right in ["t", "T", "true", "True "] { #expect(Grader.grade(q, right) == .correct) }
        for wrong in ["f", "false"] { #expect(Grader.grade(q, wrong) == .wrong) }
        guard case .invalid = Grader.grade(q, "maybe") else { Issue.record("maybe is no answer"); return }
    }

    @Test("short answers ignore case, spaces and punctuation")
    func short() {
        let q = question(.short, .accepted(["application/problem+json", "Idempotency-Key"]))
        for right in ["application/problem+json", "Application / Problem + JSON", "applicationproblemjson", "idempotency key", "IDEMPOTENCY_KEY."] {
            #expect(Grader.grade(q, right) == .correct, "\(right)")
        }
        #expect(Grader.grade(q, "application/json") == .wrong)
        guard case .invalid = Grader.grade(q, "  ") else { Issue.record("blank asks again"); return }
    }
}

@Suite("Quiz and review through the commands")
struct QuizFlowTests {
    let fixture: ContentFixture
    let clock = TestClock()
    let tutor: TestTutor

    init() throws {
        fixture = try ContentFixture.smallPath()
        tutor = try TestTutor(Catalog.load(from: fixture.root), clock: clock)
    }

    func session(_ reply: Reply) throws -> (QuizSession, Question) {
        let question = try #require(reply.question)
        guard case .quiz(let session) = question.kind else { throw CommandError.usage("not a quiz question") }
        return (session, question)
    }

    /// The right answer to the session's current question, as a learner would type it.
    func rightAnswer(_ session: QuizSession) throws -> String {
        let q = try #require(session.currentQuestion)
        switch q.answer {
        case .choice(let i): return String(Character(Unicode.Scalar(UInt8(97 + i))))
        case .choices(let set): return set.sorted().map { String(Character(Unicode.Scalar(UInt8(97 + $0)))) }.joined(separator: " ")
        case .truth(let value): return value ? "t" : "f"
        case .accepted(let answers): return answers[0].uppercased()
        }
    }

    func wrongAnswer(_ session: QuizSession) throws -> String {
        let q = try #require(session.currentQuestion)
        switch q.answer {
        case .choice(let i): return i == 0 ? "b" : "a"
        case .choices: return "a"
        case .truth(let value): return value ? "f" : "t"
        case .accepted: return "something else entirely"
        }
    }

    func ratings() throws -> [Rating] {
        try tutor.store.reviewLog(for: try tutor.profile).map(\.rating)
    }

    func mastery() throws -> Double? {
        try Mastery.of("skill-a", store: tutor.store, profile: try tutor.profile, catalog: tutor.catalog)
    }

    @Test("a quiz asks --count questions; each answer is rated, saved as a card, and explained")
    func quiz() throws {
        var (session, question) = try session(try tutor.run("/quiz skill-a --count 4"))
        #expect(session.count == 4)
        // Wrong → Again; right → Good; right and fast → Easy; right and slow → Hard. An input
        // that is not an answer counts nothing: the right answer after it is rated on its own.
        var reply = try #require(try tutor.answer(question, try wrongAnswer(session), elapsed: 30))
        #expect(tutor.text(reply).contains("Not quite. The answer:"))
        (session, question) = try self.session(reply)
        reply = try #require(try tutor.answer(question, try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(reply)
        reply = try #require(try tutor.answer(question, try rightAnswer(session), elapsed: 2))
        (session, question) = try self.session(reply)
        reply = try #require(try tutor.answer(question, "?", elapsed: 2))
        #expect(tutor.text(reply).contains("Not an answer"))
        (session, question) = try self.session(reply)
        #expect(session.index == 3 && session.answered == 3, "nothing was counted")
        reply = try #require(try tutor.answer(question, try rightAnswer(session), elapsed: 120))
        #expect(reply.question == nil)
        let summary = tutor.text(reply)
        #expect(summary.contains("3 of 4 right"))
        #expect(summary.contains("Reread:"))
        #expect(summary.contains("/goto skill-a 1"))
        #expect(try ratings() == [.again, .good, .easy, .hard])
        #expect(try mastery() == 0.3, "3 of the quiz's 10 questions")
    }

    @Test("/skip passes a question; /quit ends the quiz and keeps what was answered")
    func leaving() throws {
        var (session, question) = try session(try tutor.run("/quiz skill-a --count 5"))
        var reply = try #require(try tutor.answer(question, try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(reply)
        let skipped = try #require(session.currentQuestion)
        reply = try #require(try tutor.answer(question, "/skip"))
        #expect(tutor.text(reply).contains("Skipped, not rated. The answer: \(Grader.rightAnswer(skipped))"))
        (session, question) = try self.session(reply)
        #expect(session.index == 2)
        reply = try #require(try tutor.answer(question, "/quit"))
        #expect(reply.question == nil)
        #expect(tutor.text(reply).contains("1 of 1 right, 1 skipped, 3 not asked"))
        #expect(try ratings().count == 1)
    }

    @Test("the learner may change the last rating")
    func override() throws {
        var (session, question) = try session(try tutor.run("/quiz skill-a --count 3"))
        let first = try #require(session.current)
        let reply = try #require(try tutor.answer(question, try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(reply)
        _ = try tutor.answer(question, "/rate easy")
        #expect(try ratings() == [.good, .easy])
        let card = try #require(try tutor.store.card(first, for: try tutor.profile))
        let easy = FSRSScheduler(fuzzing: false).review(ReviewCard(due: clock.now), rating: .easy, at: clock.now)
        #expect(card == easy, "the card is scheduled as if rated Easy")
        #expect(throws: QuizError.self) { try tutor.answer(question, "/rate brilliant") }
    }

    @Test("reviews come back on the days FSRS-6 gives, and /review goes through them")
    func review() throws {
        var (session, question) = try session(try tutor.run("/quiz skill-a --count 1"))
        _ = try tutor.answer(question, try rightAnswer(session), elapsed: 30)
        // Good on a new card: the 10-minute learning step.
        #expect(Welcome.dueCount(in: tutor.context) == 0)
        clock.advance(minutes: 10)
        #expect(Welcome.dueCount(in: tutor.context) == 1)
        let list = try tutor.run("/review --list --json")
        #expect(list.json)
        let cards = try JSONSerialization.jsonObject(with: try tutor.json(list)) as? [[String: Any]]
        #expect(cards?.count == 1)
        #expect(cards?.first?["skill"] as? String == "skill-a")
        (session, question) = try self.session(try tutor.run("/review"))
        #expect(session.source == .review)
        _ = try tutor.answer(question, try rightAnswer(session), elapsed: 30)
        // Good on the last learning step: into review, due after the interval FSRS-6 computes.
        let card = try #require(try tutor.store.dueCards(for: try tutor.profile, at: clock.now.addingTimeInterval(400 * 86_400)).first)
        #expect(card.state == .review)
        #expect(FSRSScheduler.wholeDays(from: clock.now, to: card.due) == 2)
        #expect(Welcome.dueCount(in: tutor.context) == 0)
        #expect(tutor.text(try tutor.run("/review")).contains("Nothing is due now"))
    }

    @Test("a due card whose question left the curriculum is left out with a note, and kept")
    func orphanCard() throws {
        let (session, question) = try session(try tutor.run("/quiz skill-a --count 1"))
        let item = try #require(session.current)
        _ = try tutor.answer(question, try rightAnswer(session), elapsed: 30)
        try fixture.writeSkill("skill-a", title: "Skill A", quiz: ContentFixture.quiz(lesson: "Requests").replacingOccurrences(of: "id: \(item.questionId)\n", with: "id: renamed\n"))
        clock.advance(minutes: 10)
        let text = tutor.text(try tutor.run("/review"))
        #expect(text.contains("1 due card was left out: its question is no longer in the curriculum"))
        #expect(text.contains("Nothing is due now"))
        #expect(try tutor.store.cardCount(for: try tutor.profile) == 1, "the card is kept")
    }

    @Test("export carries cards and answers, and import merges them")
    func exportCards() throws {
        let (session, question) = try session(try tutor.run("/quiz skill-a --count 1"))
        _ = try tutor.answer(question, try rightAnswer(session), elapsed: 30)
        let data = try ProgressExport.encoder().encode(try tutor.store.export(now: clock.now))
        let other = try ProgressStore.inMemory()
        _ = try other.merge(try ProgressExport.decode(data))
        let profile = try other.profile(named: "default", now: clock.now)
        #expect(try other.cardCount(for: profile) == 1)
        #expect(try other.reviewLog(for: profile).count == 1)
        _ = try other.merge(try ProgressExport.decode(data))
        #expect(try other.reviewLog(for: profile).count == 1, "importing twice adds nothing")
    }

    @Test("finishing a skill with unknown mastery suggests its quiz; /skill and /progress show mastery")
    func suggestion() throws {
        _ = try tutor.run("/learn skill-a --stack go")
        var last = ""
        for _ in 0..<4 { last = tutor.text(try tutor.run("/next"), width: 120) }
        #expect(last.contains("You finished Skill A."))
        #expect(last.contains("Check what stuck: /quiz skill-a."))
        let skill = tutor.text(try tutor.run("/skill skill-a"), width: 120)
        #expect(skill.contains("Mastery        unknown: /quiz skill-a"))
        let (session, question) = try session(try tutor.run("/quiz skill-a --count 1"))
        _ = try tutor.answer(question, try rightAnswer(session), elapsed: 30)
        #expect(try tutor.progressReport().mastery == ["skill-a": 0.1])
    }
}
