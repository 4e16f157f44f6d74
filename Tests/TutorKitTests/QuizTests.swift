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

@Suite("Quiz and review through Tutor.execute")
struct QuizFlowTests {
    let fixture: ContentFixture
    let clock = TestClock()
    let tutor: Tutor

    init() throws {
        fixture = try ContentFixture.smallPath()
        tutor = try Tutor.forTests(Catalog.load(from: fixture.root), clock: clock)
    }

    func session(_ output: Output) throws -> (QuizSession, Question) {
        let question = try #require(output.question)
        guard case .quiz(let session) = question.kind else { throw TutorError.usage("not a quiz question") }
        return (session, question)
    }

    /// The right answer to the session's current question, as a learner would type it.
    func rightAnswer(_ session: QuizSession) throws -> String {
        let q = try tutor.question(try #require(session.current))
        switch q.answer {
        case .choice(let i): return String(Character(Unicode.Scalar(UInt8(97 + i))))
        case .choices(let set): return set.sorted().map { String(Character(Unicode.Scalar(UInt8(97 + $0)))) }.joined(separator: " ")
        case .truth(let value): return value ? "t" : "f"
        case .accepted(let answers): return answers[0].uppercased()
        }
    }

    func wrongAnswer(_ session: QuizSession) throws -> String {
        let q = try tutor.question(try #require(session.current))
        switch q.answer {
        case .choice(let i): return i == 0 ? "b" : "a"
        case .choices: return "a"
        case .truth(let value): return value ? "f" : "t"
        case .accepted: return "something else entirely"
        }
    }

    func ratings() throws -> [Rating] {
        try tutor.store().reviewLog(for: try tutor.learner().1).map(\.rating)
    }

    @Test("a quiz asks --count questions; each answer is rated, saved as a card, and explained")
    func quiz() throws {
        var (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 4))))
        #expect(session.items.count == 4)
        // Wrong → Again; right and slow → Good; right and fast → Easy; right after an invalid try → Hard.
        var output = try #require(try tutor.respond(to: question, with: try wrongAnswer(session), elapsed: 30))
        #expect(TerminalRenderer(options: RenderOptions()).render(output).contains("Not quite. The answer:"))
        (session, question) = try self.session(output)
        output = try #require(try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(output)
        output = try #require(try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 2))
        (session, question) = try self.session(output)
        output = try #require(try tutor.respond(to: question, with: "?", elapsed: 2))
        #expect(TerminalRenderer(options: RenderOptions()).render(output).contains("Not an answer"))
        (session, question) = try self.session(output)
        #expect(session.retries == 1)
        output = try #require(try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 2))
        #expect(output.question == nil)
        let summary = TerminalRenderer(options: RenderOptions()).render(output)
        #expect(summary.contains("3 of 4 right"))
        #expect(summary.contains("Reread:"))
        #expect(summary.contains("/goto skill-a 1"))
        #expect(try ratings() == [.again, .good, .easy, .hard])
        #expect(try tutor.mastery(of: "skill-a") == 0.3, "3 of the quiz's 10 questions")
    }

    @Test("/skip passes a question; /quit ends the quiz and keeps what was answered")
    func leaving() throws {
        var (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 5))))
        var output = try #require(try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(output)
        output = try #require(try tutor.respond(to: question, with: "/skip"))
        (session, question) = try self.session(output)
        #expect(session.index == 2)
        output = try #require(try tutor.respond(to: question, with: "/quit"))
        #expect(output.question == nil)
        #expect(TerminalRenderer(options: RenderOptions()).render(output).contains("1 of 1 right, 1 skipped, 3 not asked"))
        #expect(try ratings().count == 1)
    }

    @Test("the learner may change the last rating")
    func override() throws {
        var (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 3))))
        let first = try #require(session.current)
        let output = try #require(try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30))
        (session, question) = try self.session(output)
        _ = try tutor.respond(to: question, with: "/rate easy")
        #expect(try ratings() == [.good, .easy])
        let card = try #require(try tutor.store().card(skill: first.skill, questionId: first.questionId, for: try tutor.learner().1))
        let easy = FSRSScheduler(fuzzing: false).review(ReviewCard(due: clock.now), rating: .easy, at: clock.now)
        #expect(card == easy, "the card is scheduled as if rated Easy")
        #expect(throws: TutorError.self) { try tutor.respond(to: question, with: "/rate brilliant") }
    }

    @Test("reviews come back on the days FSRS-6 gives, and /review goes through them")
    func review() throws {
        var (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 1))))
        _ = try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30)
        // Good on a new card: the 10-minute learning step.
        #expect(tutor.dueCount() == 0)
        clock.advance(minutes: 10)
        #expect(tutor.dueCount() == 1)
        let list = try tutor.execute(Invocation(command: .review(list: true), json: true))
        let cards = try JSONSerialization.jsonObject(with: try #require(list.json)) as? [[String: Any]]
        #expect(cards?.count == 1)
        #expect(cards?.first?["skill"] as? String == "skill-a")
        (session, question) = try self.session(try tutor.execute(Invocation(command: .review(list: false))))
        #expect(session.source == .review)
        _ = try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30)
        // Good on the last learning step: into review, due after the interval FSRS-6 computes.
        let card = try #require(try tutor.store().dueCards(for: try tutor.learner().1, at: clock.now.addingTimeInterval(400 * 86_400)).first)
        #expect(card.state == .review)
        #expect(FSRSScheduler.wholeDays(from: clock.now, to: card.due) == 2)
        #expect(tutor.dueCount() == 0)
        #expect(TerminalRenderer(options: RenderOptions()).render(try tutor.execute(Invocation(command: .review(list: false)))).contains("Nothing is due now"))
    }

    @Test("export carries cards and answers, and import merges them")
    func exportCards() throws {
        let (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 1))))
        _ = try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30)
        let data = try ProgressExport.encoder().encode(try tutor.store().export(now: clock.now))
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
        _ = try tutor.execute(Invocation(command: .learn(target: "skill-a", stack: .go, from: nil)))
        var last = ""
        for _ in 0..<4 { last = TerminalRenderer(options: RenderOptions(width: 120)).render(try tutor.execute(Invocation(command: .next))) }
        #expect(last.contains("You finished Skill A."))
        #expect(last.contains("Check what stuck: /quit") == false)
        #expect(last.contains("Check what stuck: /quiz skill-a."))
        let skill = TerminalRenderer(options: RenderOptions(width: 120)).render(try tutor.execute(Invocation(command: .skill(slug: "skill-a"))))
        #expect(skill.contains("Mastery        unknown: /quiz skill-a"))
        let (session, question) = try session(try tutor.execute(Invocation(command: .quiz(skill: "skill-a", count: 1))))
        _ = try tutor.respond(to: question, with: try rightAnswer(session), elapsed: 30)
        #expect(try tutor.progressReport().mastery == ["skill-a": 0.1])
    }
}
