import Foundation
import Testing
@testable import TutorKit

@Suite("Nothing a file or a user types can crash or hang the tutor")
struct ReliabilityTests {
    @Test("deeply nested Markdown is shown flat below the limit, and lint names it")
    func deepNesting() throws {
        for markdown in [String(repeating: "- ", count: 10_000) + "deep", String(repeating: "> ", count: 20_000) + "deep",
                         String(repeating: "*", count: 5_000) + "deep" + String(repeating: "*", count: 5_000)] {
            let document = MarkdownParser.parse(markdown)
            let text = TerminalRenderer(options: RenderOptions(width: 80)).render(document)
            #expect(text.contains("deep"))
        }
        #expect(MarkdownParser.depth(String(repeating: "> ", count: 20_000) + "x") == 20_000)
        #expect(MarkdownParser.depth("- a\n  - b\n    - c\n") == 3)
        let fixture = try ContentFixture()
        var lessons = ContentFixture.lessons
        lessons[0].1 += "\n\n" + String(repeating: "- ", count: 40) + "too deep\n"
        try fixture.writeSkill("deep", lessons: lessons)
        let problem = try #require(Linter(root: fixture.root).run().first { $0.field == "markdown" })
        #expect(problem.message == "lists and quotes nest 40 levels deep; the tutor shows what is deeper than 16 as plain text")
    }

    @Test("a search is bounded: too many words are refused with a message, never searched slowly")
    func searchBounds() throws {
        #expect(ContentCache.queryProblem("idempotent retries") == nil)
        #expect(ContentCache.queryProblem(Array(repeating: "word", count: 33).joined(separator: " "))?.hasPrefix("search for at most 32 words") == true)
        #expect(ContentCache.queryProblem(String(repeating: "a", count: 301)) != nil)
        #expect(ContentCache.queryProblem("((( ***") == "type words to search for")
        let tutor = try TestTutor(Catalog.load(from: try ContentFixture.smallPath().root), clock: TestClock(), cache: ContentCache.inMemory())
        #expect(throws: CommandError.self) { try tutor.run("/search " + Array(repeating: "word", count: 1_000).joined(separator: " ")) }
    }

    @Test("a huge lesson is indexed in chunks: every word is found, one result per lesson, the snippet from the part that matched")
    func hugeLesson() throws {
        let fixture = try ContentFixture()
        var lessons = ContentFixture.lessons
        lessons[0].1 += "\n\n" + String(repeating: "Filler words about nothing in particular. ", count: 5_000) + "The needle is here at the very end."
        try fixture.writeSkill("huge", lessons: lessons)
        let catalog = Catalog.load(from: fixture.root)
        let body = try catalog.loadSkill("huge").lessons[0].markdown
        #expect(ContentCache.chunks(body).count > 10)
        #expect(ContentCache.chunks(body).allSatisfy { $0.count <= ContentCache.chunkLength })
        #expect(ContentCache.chunks(body).joined() == body, "no text is lost between chunks")
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(catalog)
        let needle = try cache.search("needle")
        #expect(needle.count == 1)
        #expect(needle.first?.snippet.contains(ContentCache.startMark + "needle" + ContentCache.endMark) == true)
        let filler = try cache.search("filler")
        #expect(filler.count == 1, "one result for the lesson, not one per chunk")
    }

    @Test("more words than any command takes are refused before parsing")
    func argumentCount() {
        #expect(throws: CommandError.self) { try CommandParser.parse(arguments: ["compare"] + Array(repeating: "node", count: 8_000)) }
        #expect(throws: CommandError.self) { try CommandParser.parse(line: "/search " + Array(repeating: "x", count: 300).joined(separator: " ")) }
    }

    @Test("--json escapes the controls that reach a terminal: DEL, C1, bidirectional and line separators")
    func jsonControls() throws {
        struct Note: CommandResult, TextView {
            var text: String
            func blocks(in view: ViewContext) -> [OutputBlock] { [] }
        }
        let json = try Presenter.json(Note(text: "a\u{9B}31mb\u{1B}c\u{7F}d\u{202E}e\u{2028}f\ng"))
        #expect(json.contains(#"a\u009b31mb\u001bc\u007fd\u202ee\u2028f\ng"#))
        #expect(!json.unicodeScalars.contains { Sanitizer.isControl($0) && $0 != "\n" })
    }

    @Test("lint reports control characters in content with their line and column")
    func lintControls() throws {
        let fixture = try ContentFixture()
        var lessons = ContentFixture.lessons
        lessons[1].1 += "\n\nA title that \u{1B}]0;pwned\u{7} changes the window title.\n"
        try fixture.writeSkill("controls", lessons: lessons)
        let problems = Linter(root: fixture.root).run().filter { $0.field == "text" }
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("control character U+001B at column 14") == true)
    }

    @Test("ASCII terminals get ASCII: the renderer's glyphs and content's punctuation fold, accents drop")
    func asciiFolding() {
        #expect(ASCIIText.fold("✓ done — “quoted” café › next… █░") == "+ done - \"quoted\" cafe > next... #.")
        #expect(ASCIIText.fold("日本") == "??")
        let document = MarkdownParser.parse("# Title\n\n- a — b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")
        let text = TerminalRenderer(options: RenderOptions(width: 60, ascii: true)).render(document)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("a - b"))
    }
}

@Suite("Import checks every field before it writes")
struct ImportValidationTests {
    static let now = ISO8601DateFormatter().date(from: "2026-12-02T12:00:00Z")!
    static let rules = ProgressExport.Rules(skills: ["sql-databases": 8], projects: ["todo-api": 4], now: now)

    func export(_ profile: String) throws -> ProgressExport {
        try ProgressExport.decode(Data(#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-12-01T00:00:00.000Z", "profiles": [\#(profile)]}"#.utf8))
    }

    func reason(_ profile: String) throws -> String? {
        let parsed = try export(profile)
        do {
            try parsed.validate(Self.rules)
            return nil
        } catch {
            return error.reason
        }
    }

    static let base = #""name": "ada", "createdAt": "2026-01-01T00:00:00.000Z", "events": []"#

    @Test("a sound export passes")
    func sound() throws {
        #expect(try reason(#"{\#(Self.base), "items": [{"item": "lesson:sql-databases/8", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}]}"#) == nil)
    }

    @Test("each bad field is named", arguments: [
        (#""items": [{"item": "lesson:ghost/1", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}]"#, "profiles[0].items[0]: 'lesson:ghost/1' names no skill of this curriculum"),
        (#""items": [{"item": "lesson:sql-databases/9", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}]"#, "profiles[0].items[0]: sql-databases has lessons 1 to 8, not 9"),
        (#""items": [{"item": "milestone:todo-api/5", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}]"#, "profiles[0].items[0]: todo-api has milestones 1 to 4, not 5"),
        (#""items": [{"item": "project:todo-api", "status": "done", "updatedAt": "9999-01-01T00:00:00.000Z"}]"#, "profiles[0].items[0].updatedAt: 9999-01-01T00:00:00.000Z is in the future"),
        (#""items": [], "cards": [{"skill": "sql-databases", "questionId": "Bad Id", "card": {"state": 1, "step": 0, "due": "2026-11-30T10:00:00.000Z"}}]"#, "profiles[0].cards[0].questionId: 'Bad Id' is not a question id"),
        (#""items": [], "reviews": [{"skill": "sql-databases", "questionId": "q1", "rating": 3, "correct": true, "reviewedAt": "2026-11-30T10:00:00.000Z", "source": "guess"}]"#, "profiles[0].reviews[0].source: 'guess' is not quiz, review or exercise"),
    ])
    func refused(_ fields: String, _ expected: String) throws {
        #expect(try reason(#"{\#(Self.base), \#(fields)}"#) == expected)
    }

    @Test("names: not empty, not huge, no control characters, each once")
    func names() throws {
        let long = String(repeating: "a", count: 1_000_000)
        #expect(try reason(#"{"name": "\#(long)", "createdAt": "2026-01-01T00:00:00.000Z", "items": [], "events": []}"#) == "profiles[0].name: is 1000000 characters long; the most is 64")
        #expect(try reason(#"{"name": "a\u001b[2Jb", "createdAt": "2026-01-01T00:00:00.000Z", "items": [], "events": []}"#) == "profiles[0].name: 'a[2Jb' holds control characters")
        let twice = try export(#"{\#(Self.base), "items": []}, {\#(Self.base), "items": []}"#)
        var refusal: String?
        do { try twice.validate(Self.rules) } catch { refusal = error.reason }
        #expect(refusal == "profiles[1].name: 'ada' is used by another profile")
    }

    @Test("a large import is merged in bounded transactions and all of it arrives")
    func batches() throws {
        let items = (1...1_200).map { #"{"item": "project:todo-api", "status": "done", "updatedAt": "2026-11-\#(String(format: "%02d", $0 % 28 + 1))T10:00:00.000Z"}"# }
        let events = (0..<1_200).map { #"{"at": "2026-11-01T10:\#(String(format: "%02d", $0 / 60)):\#(String(format: "%02d", $0 % 60)).000Z", "kind": "opened", "item": "project:todo-api"}"# }
        let export = try ProgressExport.decode(Data(#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-12-01T00:00:00.000Z", "profiles": [{"name": "ada", "createdAt": "2026-01-01T00:00:00.000Z", "items": [\#(items.joined(separator: ","))], "events": [\#(events.joined(separator: ","))]}]}"#.utf8))
        try export.validate(Self.rules)
        let store = try ProgressStore.inMemory()
        let summary = try store.merge(export)
        #expect(summary.newEvents == 1_200)
        #expect(try store.events(for: try store.profile(named: "ada", now: Self.now)).count == 1_200)
        #expect(try store.merge(export).newEvents == 0, "merging again adds nothing")
    }
}
