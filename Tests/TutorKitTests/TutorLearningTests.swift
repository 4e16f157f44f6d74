import Foundation
import Testing
@testable import TutorKit

@Suite("Learning through Tutor.execute")
struct TutorLearningTests {
    let fixture: ContentFixture
    let clock = TestClock()
    let tutor: Tutor

    init() throws {
        fixture = try ContentFixture.smallPath()
        tutor = try Tutor.forTests(Catalog.load(from: fixture.root), clock: clock)
    }

    func run(_ command: Command) throws -> Output { try tutor.execute(Invocation(command: command)) }

    func text(_ output: Output) -> String { TerminalRenderer(options: RenderOptions(width: 100)).render(output) }

    @Test("the REPL asks for a stack, then where to start, and each answer runs the rest")
    func questions() throws {
        let first = try run(.learn(target: nil, stack: nil, from: nil))
        let stackQuestion = try #require(first.question)
        #expect(stackQuestion.kind == .stack)
        #expect(try tutor.answer(stackQuestion, with: "") == nil, "an empty answer cancels")
        #expect(throws: TutorError.self) { try tutor.answer(stackQuestion, with: "cobol") }
        let withStack = try #require(try tutor.answer(stackQuestion, with: "py"))
        #expect(withStack.command == .learn(target: "backend", stack: .python, from: nil))
        let second = try tutor.execute(withStack)
        let levelQuestion = try #require(second.question)
        #expect(levelQuestion.kind == .startLevel)
        let fromBeginner = try #require(try tutor.answer(levelQuestion, with: ""))
        let overview = try tutor.execute(fromBeginner)
        #expect(overview.question == nil)
        #expect(overview.blocks.contains { if case .bars(let bars) = $0 { return bars.count == 4 }; return false })
        // The bars count the stack just chosen: skill-go's four lessons are not a python learner's.
        #expect(overview.blocks.contains { if case .bars(let bars) = $0 { return bars[0].total == 9 }; return false })
        #expect(text(overview).contains("Next: Skill A › 1. Requests"))
        // Asked once: the next /learn shows the path straight away.
        #expect(try run(.learn(target: nil, stack: nil, from: nil)).question == nil)
    }

    @Test("/next walks the lessons, finishing each; the end of a skill says so and moves on")
    func walk() throws {
        _ = try run(.learn(target: nil, stack: .go, from: .beginner))
        var titles: [String] = []
        for _ in 0..<6 {
            clock.advance(minutes: 12)
            titles.append(text(try run(.next)).split(separator: "\n").first.map(String.init) ?? "")
        }
        #expect(titles == ["1. Requests", "2. Responses", "3. Headers", "4. Bodies", "✓ You finished Skill A.", "2. Responses"])
        let report = try tutor.progressReport()
        #expect(report.levels[0].done == 5, "skill A and the first lesson of B")
        #expect(report.skills.done == 1)
        #expect(report.minutesLast7Days == 60)
        #expect(report.streakDays == 1)
    }

    @Test("the REPL's welcome line says where the learner was and when")
    func resumeLine() throws {
        #expect(tutor.resumeLine() == nil)
        _ = try run(.learn(target: "skill-a", stack: .go, from: nil))
        clock.advance(minutes: 3 * 24 * 60)
        #expect(tutor.resumeLine() == "Welcome back. You were last here 3 days ago, on Skill A › 1. Requests.")
    }

    @Test("/skip settles the open lesson and opens the next; /back returns")
    func skipAndBack() throws {
        _ = try run(.learn(target: "skill-b", stack: .node, from: nil))
        let skipped = text(try run(.skip(item: nil)))
        #expect(skipped.hasPrefix("2. Responses"))
        let back = text(try run(.back))
        #expect(back.contains("1. Requests"))
        let statuses = try tutor.store().statuses(for: try tutor.learner().1)
        #expect(statuses["lesson:skill-b/1"] == .skipped)
    }

    @Test("opening a skill before its prerequisites advises, never blocks")
    func advice() throws {
        let output = text(try run(.learn(target: "skill-c", stack: .java, from: nil)))
        #expect(output.contains("Skill C builds on skill-b, not done yet"))
        #expect(output.contains("1. Requests"))
    }

    @Test("reset --all asks in the REPL; no other answer than yes changes anything")
    func resetAll() throws {
        _ = try run(.done(item: "skill-a"))
        let asked = try #require(try run(.reset(item: nil, all: true, confirmed: false)).question)
        #expect(try tutor.answer(asked, with: "no") == nil)
        let confirmed = try #require(try tutor.answer(asked, with: "yes"))
        _ = try tutor.execute(confirmed)
        #expect(try tutor.progressReport().skills.done == 0)
    }

    @Test("unknown items name the nearest skills and projects")
    func unknownItems() {
        #expect {
            try run(.done(item: "skill-x"))
        } throws: { error in
            (error as? TutorError)?.message(in: .repl).contains("did you mean skill-a") == true
        }
        #expect(throws: TutorError.self) { try run(.goto(skill: "skill-a", lesson: "9")) }
        #expect(throws: TutorError.self) { try run(.back) }
    }
}
