import Foundation
import Testing
@testable import TutorKit

@Suite("Learning through the commands")
struct TutorLearningTests {
    let fixture: ContentFixture
    let clock = TestClock()
    let tutor: TestTutor

    init() throws {
        fixture = try ContentFixture.smallPath()
        tutor = try TestTutor(Catalog.load(from: fixture.root), clock: clock)
    }

    func text(_ line: String) throws -> String { tutor.text(try tutor.run(line)) }

    @Test("the REPL asks for a stack, then where to start, and each answer runs the rest")
    func questions() throws {
        let first = try tutor.run("/learn")
        let stackQuestion = try #require(first.question)
        #expect(stackQuestion.kind == .choice)
        #expect(throws: CommandError.self, "Enter alone asks again") { try tutor.answer(stackQuestion, "") }
        #expect(throws: CommandError.self) { try tutor.answer(stackQuestion, "cobol") }
        guard case .run(let withStack) = try stackQuestion.resolve("py", in: tutor.context) else {
            Issue.record("the answer should complete the command")
            return
        }
        #expect((withStack as? LearnCommand)?.stack == .python)
        let second = try withStack.reply(in: tutor.context)
        let levelQuestion = try #require(second.question)
        #expect(levelQuestion.defaultAnswer == "beginner")
        let overview = try #require(try tutor.answer(levelQuestion, ""))
        #expect(overview.question == nil)
        let blocks = overview.result.blocks(in: ViewContext(mode: .repl))
        #expect(blocks.contains { if case .bars(let bars) = $0 { return bars.count == 4 }; return false })
        // The bars count the stack just chosen: skill-go's four lessons are not a python learner's.
        #expect(blocks.contains { if case .bars(let bars) = $0 { return bars[0].total == 9 }; return false })
        #expect(tutor.text(overview).contains("Next: Skill A › 1. Requests"))
        // Asked once: the next /learn shows the path straight away.
        #expect(try tutor.run("/learn").question == nil)
    }

    @Test("/next walks the lessons, finishing each; the end of a skill says so and moves on")
    func walk() throws {
        _ = try tutor.run("/learn backend --stack go --from beginner")
        var titles: [String] = []
        for _ in 0..<6 {
            clock.advance(minutes: 12)
            titles.append(try text("/next").split(separator: "\n").first.map(String.init) ?? "")
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
        #expect(Welcome.resumeLine(in: tutor.context) == nil)
        _ = try tutor.run("/learn skill-a --stack go")
        clock.advance(minutes: 3 * 24 * 60)
        #expect(Welcome.resumeLine(in: tutor.context) == "Welcome back. You were last here 3 days ago, on Skill A › 1. Requests.")
    }

    @Test("/skip settles the open lesson and opens the next; /back returns")
    func skipAndBack() throws {
        _ = try tutor.run("/learn skill-b --stack node")
        #expect(try text("/skip").hasPrefix("2. Responses"))
        #expect(try text("/back").contains("1. Requests"))
        #expect(try tutor.statuses()[.lesson(skill: "skill-b", number: 1)] == .skipped)
    }

    @Test("opening a skill before its prerequisites advises, never blocks")
    func advice() throws {
        let output = try text("/learn skill-c --stack java")
        #expect(output.contains("Skill C builds on skill-b, not done yet"))
        #expect(output.contains("1. Requests"))
    }

    @Test("reset --all asks in the REPL; no other answer than yes changes anything")
    func resetAll() throws {
        _ = try tutor.run("/done skill-a")
        let asked = try #require(try tutor.run("/reset --all").question)
        #expect(try tutor.answer(asked, "no") == nil)
        #expect(try tutor.progressReport().skills.done == 1)
        _ = try #require(try tutor.answer(asked, "yes"))
        #expect(try tutor.progressReport().skills.done == 0)
    }

    @Test("in the shell, the answers are options and their absence is a usage error")
    func shellQuestions() throws {
        var shell = try TestTutor(tutor.catalog, clock: clock, mode: .shell)
        shell.profileName = "shell"
        #expect(throws: CommandError.self) { try shell.run("learn backend") }
        #expect(throws: CommandError.self) { try shell.run("reset --all") }
        #expect(try shell.run("learn backend --stack rust").question == nil)
    }

    @Test("unknown items name the nearest skills and projects")
    func unknownItems() {
        #expect {
            try tutor.run("/done skill-x")
        } throws: { error in
            ErrorReport.message(of: error, in: .repl).contains("did you mean skill-a") && ErrorReport.status(of: error) == .usage
        }
        #expect(throws: CommandError.self) { try tutor.run("/goto skill-a 9") }
        #expect(throws: CommandError.self) { try tutor.run("/back") }
    }

    @Test("starting at Intermediate marks Beginner known: counted as done, drawn full, named known")
    func knownIsItsOwnState() throws {
        let overview = try tutor.run("/learn backend --stack go --from intermediate")
        let report = try tutor.progressReport()
        #expect(report.levels[0].known == report.levels[0].total)
        #expect(report.levels[0].skipped == 0)
        #expect(report.levels[0].fraction == 1)
        #expect(try tutor.statuses()[.lesson(skill: "skill-a", number: 1)] == .known)
        let text = tutor.text(overview, width: 80)
        #expect(text.contains("100%  13/13 (13 known)"), "\(text)")
        #expect(!text.contains("skipped"))
    }

    @Test("nothing downgrades done: /skip and a later start leave finished work finished")
    func doneStaysDone() throws {
        _ = try tutor.run("/learn skill-a --stack go")
        _ = try tutor.run("/done")
        _ = try tutor.run("/skip skill-a")
        #expect(try tutor.statuses()[.lesson(skill: "skill-a", number: 1)] == .done)
        _ = try tutor.run("/learn backend --from intermediate")
        #expect(try tutor.statuses()[.lesson(skill: "skill-a", number: 1)] == .done)
    }

    @Test("after /back, /next opens the lesson the footer names: one step forward")
    func nextAfterBack() throws {
        _ = try tutor.run("/learn skill-a --stack go")
        for _ in 0..<3 { _ = try tutor.run("/next") }
        _ = try tutor.run("/back")
        let second = try text("/back")
        #expect(second.hasPrefix("2. Responses"))
        #expect(second.contains("/next: 3. Headers"))
        #expect(try text("/next").hasPrefix("3. Headers"))
        #expect(try text("/next").hasPrefix("4. Bodies"))
        #expect(try tutor.statuses()[.lesson(skill: "skill-a", number: 4)] == .inProgress)
    }

    @Test("the streak counts days of study, not setup; minutes count the reading going on now")
    func streakAndMinutes() throws {
        _ = try tutor.run("/learn backend --stack go --from beginner")
        _ = try tutor.run("/next")
        clock.advance(minutes: 9)
        var report = try tutor.progressReport()
        #expect(report.streakDays == 0, "choosing a level and opening a lesson is not a day of study")
        #expect(report.minutesLast7Days == 9)
        _ = try tutor.run("/next")
        clock.advance(minutes: 45)
        report = try tutor.progressReport()
        #expect(report.streakDays == 1)
        #expect(report.minutesLast7Days == 9, "a stretch longer than a break is not study")
    }
}

