import Foundation
import Testing
@testable import TutorKit

/// What a learner meets at the REPL's prompts and on the screen, below the terminal.
@Suite("The REPL's words and layout")
struct ReplBehaviourTests {
    static let catalog = Catalog.load(from: CurriculumTests.root)

    func quizQuestion() throws -> Question {
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        _ = try tutor.run("/stack python")
        return try #require(try tutor.run("/quiz http-fundamentals --count 2").question)
    }

    @Test("at a quiz's prompt: quiz words and paths are answers, looking commands run, others are refused")
    func quizInput() throws {
        let question = try quizQuestion()
        for line in ["/skip", "/rate good", "/quit", "/users/{id}", "b", "Location"] {
            guard case .answer = QuestionInput.classify(line, for: question) else { Issue.record("\(line) should be an answer"); continue }
        }
        for line in ["/compare node python", "/help", "/skill rest-api-design", "/progress", "/search etag"] {
            guard case .aside = QuestionInput.classify(line, for: question) else { Issue.record("\(line) should run beside the quiz"); continue }
        }
        for line in ["/next", "/goto sql-databases 2", "/quiz sql-databases", "/reset --all", "/stack go", "/projects start todo-api"] {
            guard case .refused(let reason) = QuestionInput.classify(line, for: question) else { Issue.record("\(line) should be refused"); continue }
            #expect(reason.contains("finish or /quit the quiz first"))
        }
    }

    @Test("at a setup question: /quit leaves, /help runs, /python answers")
    func setupInput() throws {
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        let question = try #require(try tutor.run("/learn").question)
        guard case .quit = QuestionInput.classify("/quit", for: question) else { Issue.record("/quit should leave"); return }
        guard case .aside = QuestionInput.classify("/help", for: question) else { Issue.record("/help should run"); return }
        guard case .answer = QuestionInput.classify("/python", for: question) else { Issue.record("/python is a stack"); return }
        guard case .refused = QuestionInput.classify("/next", for: question) else { Issue.record("/next cannot run here"); return }
    }

    @Test("REPL errors name the REPL's syntax once, with no shell usage line")
    func replErrors() {
        for (line, expected) in [("/projects start", "usage: /projects start SLUG"), ("/skill a b c", "(usage: /skill [SLUG]; /help skill explains it)"),
                                 ("/quiz --count x", "usage: /quiz [SLUG]")] {
            #expect {
                _ = try CommandParser.parse(line: line)
            } throws: { error in
                let message = ErrorReport.message(of: error, in: .repl)
                return message.contains(expected) && !message.contains("backend-tutor") && !message.contains("Usage:") && !message.contains("Error:")
            }
        }
    }

    @Test("free text offers a search, and the nearest command when one is close")
    func freeText() {
        #expect {
            _ = try CommandParser.parse(line: "what is rest?")
        } throws: { error in
            ErrorReport.message(of: error, in: .repl) == "'what is rest?' is not a command: /search what is rest? looks it up; /help lists the commands"
        }
        #expect {
            _ = try CommandParser.parse(line: "what's an etag")
        } throws: { error in
            ErrorReport.message(of: error, in: .repl).contains("/search what's an etag")
        }
        #expect {
            _ = try CommandParser.parse(line: "nxt")
        } throws: { error in
            ErrorReport.message(of: error, in: .repl).contains("did you mean /next?")
        }
    }

    @Test("/help COMMAND in the REPL: REPL syntax, the command's own options, no shell flags")
    func replHelp() throws {
        let entry = ReplHelp.entry(for: ProjectsCommand.self)
        #expect(entry.usage == "/projects [LEVEL|SLUG]")
        #expect(entry.options.map(\.name).contains("--undo"))
        #expect(!entry.options.contains { $0.name.contains("--no-color") || $0.name.contains("--db") || $0.name.contains("--help") || $0.name.contains("--all-stacks") })
        #expect(entry.discussion?.contains("/projects start SLUG") == true)
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        let text = tutor.text(try tutor.run("/skill --help"), width: 60)
        #expect(text.hasPrefix("/skill [SLUG]") || text.hasPrefix("`/skill [SLUG]`"))
        #expect(!text.contains("USAGE: backend-tutor"))
    }

    @Test("compare suggests the closest valid comparison and completes only names of the kind typed")
    func compare() throws {
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        #expect {
            _ = try tutor.run("/compare postgresql mongodb redis")
        } throws: { error in
            ErrorReport.message(of: error, in: .repl).hasSuffix("such as /compare postgresql mongodb")
        }
        let afterRedis = CompareCommand.completions(after: ["redis"], prefix: "", in: Self.catalog)
        #expect(afterRedis.contains("memcached"))
        #expect(!afterRedis.contains("postgresql") && !afterRedis.contains("redis"))
        #expect(CompareCommand.completions(after: [], prefix: "p", in: Self.catalog).contains("postgresql"))
        let text = tutor.text(try tutor.run("/compare postgresql mongodb"), width: 80)
        #expect(text.contains("https://www.postgresql.org/"), "sources print their address, not only an OSC 8 link")
    }

    @Test("code is never cut inside a name: a long line breaks after a space or a mark, with ↩")
    func codeWrapping() {
        let document = Document([.code(language: "python", text: "async def create_order(order: OrderCreate, session: Session) -> JSONResponse:\n    return JSONResponse(status_code=201, content=order.model_dump())")])
        for width in [40, 50, 60, 80] {
            let text = TerminalRenderer(options: RenderOptions(width: width)).render(document)
            let lines = text.split(separator: "\n").dropFirst().map(String.init)
            for (line, next) in zip(lines, lines.dropFirst()) where line.hasSuffix("↩") {
                let before = line.dropLast().last ?? " "
                let after = next.drop { $0 == " " }.first ?? " "
                #expect(!(before.isLetter && after.isLetter), "cut inside a name at \(width): \(line) / \(next)")
            }
            #expect(text.contains("JSONResponse"), "at \(width)")
            for line in lines { #expect(TextWidth.of(line) <= width, "too wide at \(width): \(line)") }
        }
    }

    @Test("table cells break at spaces or after hyphens, not inside words")
    func tableCells() {
        let document = MarkdownParser.parse("| Directive | Meaning |\n| --- | --- |\n| must-revalidate | once stale, revalidate |\n")
        let text = TerminalRenderer(options: RenderOptions(width: 30)).render(document)
        #expect(text.contains("must-"))
        #expect(!text.contains("must-revalid "))
    }

    @Test("every view fits every width from 40 to 200; prose stops near 100 columns", arguments: [40, 60, 80, 120, 200])
    func widths(width: Int) throws {
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        var replies = [try tutor.run("/learn backend --stack python --from intermediate")]
        for line in ["/progress", "/skill", "/skill rest-api-design", "/goto http-fundamentals 3", "/compare postgresql mongodb mysql",
                     "/compare node python go rust", "/projects", "/projects todo-api", "/practices security", "/help", "/help projects",
                     "/stack", "/review --list"] {
            replies.append(try tutor.run(line))
        }
        for reply in replies {
            let text = tutor.text(reply, width: width)
            for line in text.split(separator: "\n") {
                #expect(TextWidth.of(line) <= width, "wider than \(width): \(line)")
            }
        }
        let lesson = tutor.text(try tutor.run("/goto rest-api-design 1"), width: width)
        let proseLines = lesson.split(separator: "\n").filter { !$0.hasPrefix("    ") && !$0.hasPrefix("│") }
        for line in proseLines { #expect(TextWidth.of(line) <= 100, "prose wider than 100: \(line)") }
    }

    @Test("search snippets are plain text, with the match marked once")
    func snippets() throws {
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(Self.catalog)
        for term in ["retries", "idempotent", "select"] {
            for result in try cache.search(term) {
                #expect(!result.snippet.contains("```") && !result.snippet.contains("**"), "\(term): \(result.snippet)")
            }
        }
        let marked = SearchCommand.Result.highlighted("a \(ContentCache.startMark)match\(ContentCache.endMark) here")
        let plain = TerminalRenderer(options: RenderOptions(width: 80)).render(Document([.paragraph(marked)]))
        #expect(plain == "a «match» here\n")
    }

    @Test("a learner sees their stack's example, a line naming the others, and a note where theirs is missing")
    func examples() {
        let group: [Block] = [.code(language: "js", text: "a"), .code(language: "python", text: "b"), .code(language: "go", text: "c")]
        let mine = Document(group).examples(.only(.python))
        #expect(mine.blocks.first == .code(language: "python", text: "b"))
        #expect(mine.blocks.count == 2)
        #expect(mine.plainText.contains("Also in node, go: /stack all shows every stack's example."))
        let missing = Document(group).examples(.only(.rust))
        #expect(missing.plainText.hasPrefix("No rust example here; this one is node."))
        #expect(missing.blocks.filter { if case .code = $0 { return true }; return false }.count == 1)
        let all = Document(group).examples(.first(.go))
        #expect(all.blocks.first == .code(language: "go", text: "c") && all.blocks.count == 3)
        #expect(Document([.code(language: "python", text: "only")]).examples(.only(.go)).blocks.count == 1, "a lone example is not a group")
    }

    @Test("/stack all shows every stack's examples until a stack is named again")
    func stackAll() throws {
        let tutor = try TestTutor(Self.catalog, clock: TestClock())
        _ = try tutor.run("/stack python")
        let one = tutor.text(try tutor.run("/goto rest-api-design 3"), width: 100)
        #expect(one.contains("Also in node"))
        _ = try tutor.run("/stack all")
        let every = tutor.text(try tutor.run("/goto rest-api-design 3"), width: 100)
        #expect(!every.contains("Also in") && every.count > one.count)
        _ = try tutor.run("/stack python")
        #expect(tutor.text(try tutor.run("/goto rest-api-design 3"), width: 100).contains("Also in node"))
    }

    @Test("/skill lists each skill's status; /review --list with nothing due says when cards come back")
    func statuses() throws {
        let clock = TestClock()
        let tutor = try TestTutor(Self.catalog, clock: clock)
        _ = try tutor.run("/learn http-fundamentals --stack python")
        _ = try tutor.run("/next")
        _ = try tutor.run("/done rest-api-design")
        let list = tutor.text(try tutor.run("/skill"), width: 120)
        #expect(list.contains("REST API design (beginner") && list.contains("· done"))
        #expect(list.contains("· 1 of "))
        let question = try #require(try tutor.run("/quiz http-fundamentals --count 1").question)
        _ = try tutor.answer(question, "/skip")
        let quiz = try #require(try tutor.run("/quiz http-fundamentals --count 1").question)
        guard case .quiz(let session) = quiz.kind, let current = session.currentQuestion else { Issue.record("a quiz"); return }
        let answer = switch current.answer {
        case .choice, .choices: "a"
        case .truth: "t"
        case .accepted: "not the answer"
        }
        _ = try tutor.answer(quiz, answer, elapsed: 30)
        let due = tutor.text(try tutor.run("/review --list"), width: 120)
        #expect(due.contains("Nothing is due now. The next of your 1 card comes back"), "\(due)")
    }

    @Test("a file error reads as words, never as a Foundation error number")
    func errorWords() {
        let error = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteUnknown.rawValue,
                            userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOTDIR))])
        #expect(ErrorReason.of(error) == "Not a directory")
        #expect(ErrorReason.of(NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteNoPermission.rawValue)) == "permission denied")
        #expect(!ErrorReason.of(NSError(domain: NSCocoaErrorDomain, code: 512)).contains("NSCocoaErrorDomain"))
    }
}
