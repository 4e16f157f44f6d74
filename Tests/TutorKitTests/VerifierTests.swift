import Foundation
import Testing
@testable import TutorKit

/// `verify` against a small notes server the tests start, correct and with one bug at a time.
@Suite("Verifying a learner's server", .serialized)
struct VerifierTests {
    static let server = Golden.fixtures.appendingPathComponent("verify/server.py")

    static let criteria = """
    criteria:
      - milestone: 1
        lesson: skill-a 2
        request: POST /notes
        body: '{"text": "hello {run}"}'
        status: 201
        headers: {Location: '/notes/{id}', Content-Type: application/json}
        shape: {id: integer, text: string}
        json:
          - {pointer: /text, equals: 'hello {run}'}
        absent: [/secret]
        capture: {note: /id}
      - milestone: 1
        request: GET /notes/{note}
        status: 200
        json:
          - {pointer: /tags, length: 2}
          - {pointer: /tags, contains: b}
          - {pointer: /text, matches: '^hello [a-z0-9]+$'}
      - milestone: 2
        lesson: skill-a 3
        request: POST /notes
        raw_body: '{"text": '
        status: 400
        headers: {Content-Type: application/problem+json}
      - milestone: 2
        request: POST /notes
        body: '{"text": ""}'
        status: 422
        headers: {Content-Type: application/problem+json}
        shape: {type: string, title: string, status: integer}
      - milestone: 3
        request: GET /notes/{note}
        restart: true
        status: 200
        json:
          - {pointer: /id, type: integer}
      - milestone: 3
        request: POST /claims
        body: '{"name": "seat-{run}"}'
        concurrent: {count: 8, succeed: 1, others: [409]}
        status: 201
    """

    let fixture: ContentFixture
    let catalog: Catalog
    let folder: URL

    init() throws {
        fixture = try ContentFixture()
        try fixture.writeSkill("skill-a", title: "Skill A")
        try fixture.write("Content/projects/notes.md", """
        ---
        title: Notes API
        level: beginner
        skills: [skill-a]
        hours: 4
        summary: Notes.
        milestones:
          - title: Create and read
            done_when: It works.
          - title: Errors
            done_when: Bad input is refused.
          - title: Kept and safe
            done_when: Data survives a restart; claims never race.
        \(Self.criteria)
        stretch: [More]
        ---

        \(String(repeating: "A notes service for the verifier's tests, with enough words to pass the brief rule. ", count: 6))
        """)
        catalog = Catalog.load(from: fixture.root)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Runs `verify notes` with `--run` on the fixture server, with `bug`.
    func verify(bug: String = "", all: Bool = true, extra: [String] = []) throws -> (VerifyReport?, Error?, TestTutor) {
        var tutor = try TestTutor(catalog, clock: TestClock())
        tutor.workingDirectory = folder
        let line = ["/verify", "notes", "--run", "'BUG=\(bug) python3 \(Self.server.path)'", "--timeout", "1", "--startup-timeout", "10"]
            + (all ? ["--all"] : []) + extra
        do {
            let reply = try tutor.run(line.joined(separator: " "))
            return (reply.result as? VerifyReport, nil, tutor)
        } catch {
            return (nil, error, tutor)
        }
    }

    func failure(_ report: VerifyReport?, at number: Int) -> CriterionOutcome? {
        report?.outcomes.first { $0.number == number && $0.result == .failed }
    }

    @Test("a burst against a quota window starts at least a twelfth of a window before the clock's window ends")
    func burstAwayFromWindowEdge() throws {
        func at(_ secondsIntoMinute: Double) -> Date { Date(timeIntervalSince1970: 1_780_000_020 + secondsIntoMinute) }
        #expect(Verifier.waitBeforeBurst(now: at(0), window: 60) == 0)
        #expect(Verifier.waitBeforeBurst(now: at(54.9), window: 60) == 0)
        #expect(abs(Verifier.waitBeforeBurst(now: at(57.5), window: 60) - 2.75) < 0.001)
        #expect(abs(Verifier.waitBeforeBurst(now: at(59.99), window: 60) - 0.26) < 0.001)
        // A burst started after the wait begins at the next window's start.
        let start = at(57.5).addingTimeInterval(Verifier.waitBeforeBurst(now: at(57.5), window: 60))
        #expect(Verifier.waitBeforeBurst(now: start, window: 60) == 0)
        let criterion = try #require(Catalog.load(from: FastPathTests.root).project("rate-limited-api")?.criteria.first { $0.concurrent != nil })
        #expect(criterion.concurrent?.windowSeconds == 60)
    }

    @Test("the fixture project lints clean with every step type")
    func lints() {
        #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        let notes = catalog.project("notes")
        #expect(notes?.criteria.count == 6)
        #expect(notes?.criteria[4].restart == true && notes?.criteria[5].concurrent?.count == 8)
    }

    @Test("a correct server passes every criterion, twice on the same data, and its milestones are verified")
    func correct() throws {
        for _ in 0..<2 {
            let (report, error, tutor) = try verify()
            let verified = try #require(report, "\(String(describing: error))")
            #expect(verified.failed == 0, "\(verified.outcomes.filter { $0.result != .passed }.map { "\($0.number) \($0.reason ?? "") \($0.got ?? "")" })")
            #expect(verified.passed == 6)
            #expect(verified.verified == [1, 2, 3])
            #expect(try tutor.store.verified(project: "notes", for: try tutor.profile).keys.sorted() == [1, 2, 3])
            #expect(try tutor.statuses()[.milestone(project: "notes", number: 1)] == .done)
            #expect(try tutor.statuses()[.project("notes")] == .done, "every milestone proved finishes the project, as ticking them would")
            #expect(tutor.text(try tutor.run("/projects notes")).contains("— verified 20"))
            #expect(try tutor.store.verifiedCounts(for: try tutor.profile)["notes"] == 3, "/progress counts them")
            _ = try tutor.run("/reset notes")
            #expect(try tutor.store.verified(project: "notes", for: try tutor.profile).isEmpty, "reset forgets what verify proved")
        }
    }

    @Test("each bug fails the criterion that names it, with a reason, a curl line and the lesson", arguments: [
        ("wrong-status", 1, "wrong status"),
        ("no-location", 1, "missing header Location"),
        ("leak", 1, "/secret must not be in the response"),
        ("plain-errors", 3, "wrong Content-Type"),
        ("traceback", 4, "wrong status"),
        ("memory", 5, "wrong status"),
        ("race", 6, "succeeded, not 1"),
    ])
    func bugs(bug: String, number: Int, reason: String) throws {
        let (report, error, _) = try verify(bug: bug)
        let verified = try #require(report, "\(String(describing: error))")
        let failed = try #require(failure(verified, at: number), "\(bug): criterion \(number) should fail")
        #expect(failed.reason?.contains(reason) == true, "\(bug): \(failed.reason ?? "")")
        #expect(failed.curl?.hasPrefix("curl -i") == true)
        if number == 1 { #expect(failed.lesson == "skill-a 2") }
        #expect(!verified.serverOutput.isEmpty, "the server's last lines are shown with a failure")
    }

    @Test("a server that never answers or answers garbage fails within the timeout, never hangs")
    func hostileServers() throws {
        let started = Date()
        let (hang, _, _) = try verify(bug: "hang", all: false)
        #expect(failure(hang, at: 1)?.reason?.contains("no complete response within 1 s") == true)
        #expect(hang?.outcomes.contains { $0.result == .skipped && $0.reason?.contains("milestone 1 failed first") == true } == true)
        let (garbage, _, _) = try verify(bug: "garbage", all: false)
        #expect(failure(garbage, at: 1)?.reason?.contains("not HTTP") == true)
        #expect(Date().timeIntervalSince(started) < 40)
    }

    @Test("nothing listening is exit 69 naming the address; a server that exits at once shows its output")
    func unavailable() throws {
        let tutor = try TestTutor(catalog, clock: TestClock())
        #expect {
            _ = try tutor.run("/verify notes --url http://127.0.0.1:9")
        } throws: { error in
            ErrorReport.status(of: error) == .unavailable && ErrorReport.message(of: error, in: .repl).contains("127.0.0.1:9")
        }
        #expect {
            _ = try tutor.run("/verify notes --run 'echo missing module >&2; exit 3'")
        } throws: { error in
            let message = ErrorReport.message(of: error, in: .repl)
            return ErrorReport.status(of: error) == .unavailable && message.contains("exited with status 3") && message.contains("missing module")
        }
        #expect(throws: CommandError.self) { try tutor.run("/verify notes --url http://example.com") }
        #expect(throws: CommandError.self) { try tutor.run("/verify notes --url http://127.0.0.1:8000 --run x") }
    }

    /// The correct notes server, started on a free port outside any command, as a learner's own.
    func startedServer() -> (ServerProcess, HTTPClient)? {
        guard let port = ServerProcess.freePort() else { return nil }
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 2)
        let process = ServerProcess(command: "python3 \(Self.server.path)", port: port, directory: folder,
                                    environment: ProcessInfo.processInfo.environment, startupTimeout: 10, client: client)
        #expect(process.start() == nil)
        return (process, client)
    }

    @Test("against --url, a restart criterion is skipped and says why; the server's group is stopped after --run")
    func urlMode() throws {
        guard let (process, client) = startedServer() else { return }
        let port = process.port
        let tutor = try TestTutor(catalog, clock: TestClock())
        let report = try #require(try tutor.run("/verify notes --all --url http://127.0.0.1:\(port)").result as? VerifyReport)
        process.stop()
        #expect(report.outcomes[4].result == .skipped)
        #expect(report.outcomes[4].reason?.contains("--run") == true)
        #expect(!client.accepts(), "stopped")
    }

    @Test("--run on a port something already listens on is refused before the command runs, not checked against the other server")
    func portTaken() throws {
        guard let (process, _) = startedServer() else { return }
        let port = process.port
        defer { process.stop() }
        let tutor = try TestTutor(catalog, clock: TestClock())
        let marker = folder.appendingPathComponent("started-\(port)")
        #expect {
            _ = try tutor.run("/verify notes --port \(port) --run 'touch \(marker.path); exec python3 \(Self.server.path)'")
        } throws: { error in
            let message = ErrorReport.message(of: error, in: .repl)
            return ErrorReport.status(of: error) == .unavailable && message.contains("already listens on port \(port)") && !message.contains("wrote nothing")
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the command never ran")
        // The ports handed out to this process's servers are never the same twice.
        let ports = (0..<100).compactMap { _ in ServerProcess.freePort() }
        #expect(ports.count == 100 && Set(ports).count == 100 && !ports.contains(port))
    }

    @Test("the JSON report has the fields a CI job or a teacher reads")
    func json() throws {
        let (report, error, _) = try verify(bug: "wrong-status")
        let verified = try #require(report, "\(String(describing: error))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Presenter.json(verified).utf8)) as? [String: Any])
        #expect(object["project"] as? String == "notes")
        #expect((object["failed"] as? Int ?? 0) >= 1, "the wrong status, and what depends on it")
        let first = try #require((object["criteria"] as? [[String: Any]])?.first)
        for key in ["milestone", "request", "ok", "expected", "got", "reason", "lesson"] { #expect(first.keys.contains(key), "\(key)") }
    }

    @Test("--security: a careful server passes every probe; a careless one fails each on its category")
    func security() throws {
        let (careful, error, _) = try verify(extra: ["--security"])
        let report = try #require(careful, "\(String(describing: error))")
        #expect(report.probes.count == 11)
        #expect(report.probes.allSatisfy { $0.result == .passed }, "\(report.probes.filter { $0.result != .passed }.map { "\($0.request): \($0.reason ?? "")" })")
        let (careless, _, _) = try verify(bug: "insecure", extra: ["--security"])
        let failed = Set((careless?.probes ?? []).filter { $0.result == .failed }.map { String($0.request.prefix { $0 != ":" }) })
        // The careless server reads a 10 MiB body whole and refuses it with 422: a 4xx, so that probe passes.
        #expect(failed == ["malformed JSON", "a method the collection does not allow", "no stack trace, file path or framework banner in an error body",
                           "no version in the Server header", "X-Content-Type-Options"], "\(failed)")
        #expect(careless?.probes.first { $0.request.hasPrefix("no version") }?.note?.contains("API8:2023") == true)
    }

    @Test("/projects solution: asked for before verify proves the project, shown after it")
    func solution() throws {
        try fixture.write("Content/solutions/notes/app.py", "print('the notes server')\n")
        let reloaded = Catalog.load(from: fixture.root)
        let tutor = try TestTutor(reloaded, clock: TestClock())
        let asked = try tutor.run("/projects solution notes")
        let question = try #require(asked.question, "the REPL asks before showing an unearned solution")
        #expect(try tutor.answer(question, "no") == nil)
        let shown = try #require(try tutor.answer(question, "yes"))
        #expect(tutor.text(shown).contains("print('the notes server')"))
        let shell = try TestTutor(reloaded, clock: TestClock(), mode: .shell)
        #expect(throws: CommandError.self) { try shell.run("projects solution notes") }
        #expect(tutor.text(try tutor.run("/projects solution notes --reveal")).contains("app.py"))
        try tutor.store.tick([1, 2, 3], of: "notes", milestones: 3, verifiedAt: Date(), for: try tutor.profile, now: Date())
        #expect(try tutor.run("/projects solution notes").question == nil, "earned: shown at once")
    }

    @Test("a played upstream service: its answers, its failures and timeouts, and the calls a cache spares it")
    func upstream() throws {
        try fixture.write("Content/projects/weather.md", """
        ---
        title: Weather
        level: beginner
        skills: [skill-a]
        hours: 4
        summary: Weather through a cache.
        milestones:
          - title: Proxy
            done_when: It answers.
          - title: Cache
            done_when: It calls the service once.
          - title: Failures
            done_when: 502 and 504.
        criteria:
          - milestone: 1
            request: GET /weather?city=oslo
            status: 200
            json:
              - {pointer: /temperature_c, equals: 7}
            upstream_calls: 1
          - milestone: 2
            request: GET /weather?city=oslo
            status: 200
            json:
              - {pointer: /cached, equals: true}
            upstream_calls: 0
          - milestone: 3
            request: GET /weather?city=bergen
            upstream: {fail: 503}
            status: 502
          - milestone: 3
            request: GET /weather?city=tromso
            upstream: {delay_ms: 2500}
            status: 504
        upstream:
          env: WEATHER_URL
          routes:
            - request: GET /forecast
              query: {city: oslo}
              status: 200
              body: '{"temp": 7}'
        stretch: [More]
        ---

        \(String(repeating: "A weather service behind a cache, for the verifier's tests of a played upstream. ", count: 6))
        """)
        var tutor = try TestTutor(Catalog.load(from: fixture.root), clock: TestClock())
        tutor.workingDirectory = folder
        for (bug, failing) in [("", [Int]()), ("nocache", [2])] {
            let reply = try tutor.run("/verify weather --all --timeout 4 --run 'BUG=\(bug) python3 \(Self.server.path)'")
            let report = try #require(reply.result as? VerifyReport)
            #expect(report.outcomes.filter { $0.result == .failed }.map(\.number) == failing,
                    "\(bug): \(report.outcomes.map { "\($0.number) \($0.result) \($0.reason ?? "")" })")
            #expect(report.upstream?.hasPrefix("WEATHER_URL=http://127.0.0.1:") == true)
        }
    }

    @Test("WebSocket steps: the handshake is checked, messages are sent and must arrive, on several connections")
    func webSocket() throws {
        try fixture.write("Content/projects/chat.md", """
        ---
        title: Chat
        level: beginner
        skills: [skill-a]
        hours: 4
        summary: A chat room.
        milestones:
          - title: Join
            done_when: Joining is answered.
          - title: Broadcast
            done_when: Everyone in the room gets every message.
          - title: More
            done_when: More.
        criteria:
          - milestone: 1
            request: GET /ws
            status: 101
            websocket:
              - send: '{"type": "join", "name": "ana-{run}"}'
              - receive: {within_ms: 2000, json: [{pointer: /type, equals: joined}, {pointer: /name, equals: 'ana-{run}'}]}
          - milestone: 2
            request: GET /ws
            status: 101
            websocket:
              - connect: bob
              - send: '{"type": "join", "name": "ana"}'
              - receive: {within_ms: 2000}
              - send: '{"type": "say", "text": "hello {run}"}'
              - receive: {within_ms: 2000, contains: 'hello {run}'}
              - receive: {within_ms: 2000, contains: 'hello {run}', json: [{pointer: /from, equals: ana}]}
                on: bob
          - milestone: 3
            request: GET /notes/1
            status: [200, 404]
        stretch: [More]
        ---

        \(String(repeating: "A chat room over WebSocket, for the verifier's tests of WebSocket steps and broadcasts. ", count: 6))
        """)
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        var tutor = try TestTutor(catalog, clock: TestClock())
        tutor.workingDirectory = folder
        for (bug, failing, reason) in [("", [Int](), ""), ("no-accept", [1, 2], "Sec-WebSocket-Accept"), ("no-broadcast", [2], "step 6")] {
            let reply = try tutor.run("/verify chat --all --timeout 3 --run 'BUG=\(bug) python3 \(Self.server.path)'")
            let report = try #require(reply.result as? VerifyReport)
            let failed = report.outcomes.filter { $0.result == .failed }
            #expect(failed.map(\.number) == failing, "\(bug): \(report.outcomes.map { "\($0.number) \($0.result) \($0.reason ?? "")" })")
            #expect(failed.allSatisfy { $0.reason?.contains(reason) == true }, "\(bug): \(failed.map { $0.reason ?? "" })")
        }
        #expect(SHA1.hash(Data("abc".utf8)).map { String(format: "%02x", $0) }.joined() == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test("the other step types: polling, made-up bodies, one result for a replayed key, every element, a dropped connection")
    func moreSteps() throws {
        try fixture.write("Content/projects/extras.md", """
        ---
        title: Extras
        level: beginner
        skills: [skill-a]
        hours: 4
        summary: Extras.
        milestones:
          - title: Jobs
            done_when: Jobs finish.
          - title: Payments
            done_when: One charge per key.
          - title: Limits
            done_when: Big bodies are refused.
        criteria:
          - milestone: 1
            request: POST /jobs
            body: '{}'
            status: 202
            capture: {job: /id}
          - milestone: 1
            request: GET /jobs/{job}
            status: 200
            until: {times: 20, delay_ms: 100}
            json:
              - {pointer: /status, equals: done}
              - {pointer: /status, not_equals: failed}
              - {pointer: /progress/*, greater_than: 5}
              - {pointer: /progress/*, less_than: 21}
              - {pointer: /progress/*, type: integer}
          - milestone: 2
            request: POST /payments
            body: '{"amount": 5}'
            request_headers: {Idempotency-Key: '"pay-{run}"'}
            concurrent: {count: 6, succeed: 6, same: /id}
            status: 201
          - milestone: 3
            request: POST /notes
            body_size: 2000000
            status: 413
          - milestone: 3
            request: POST /notes
            body: '{"text": "still here"}'
            status: 201
        stretch: [More]
        ---

        \(String(repeating: "Extra steps for the verifier's tests: polling, concurrency, large bodies and drops. ", count: 6))
        """)
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        var tutor = try TestTutor(catalog, clock: TestClock())
        tutor.workingDirectory = folder
        for (bug, failing, reason) in [("", [Int](), ""), ("stuck", [2], "after 20 tries"), ("double-charge", [3], "differ at /id"),
                                       ("close", [5], "closed the connection")] {
            let reply = try tutor.run("/verify extras --all --timeout 3 --run 'BUG=\(bug) python3 \(Self.server.path)'")
            let report = try #require(reply.result as? VerifyReport)
            let failed = report.outcomes.filter { $0.result == .failed }
            #expect(failed.map(\.number) == failing, "\(bug): \(report.outcomes.map { "\($0.number) \($0.result) \($0.reason ?? "")" })")
            #expect(failed.allSatisfy { $0.reason?.contains(reason) == true }, "\(bug): \(failed.map { $0.reason ?? "" })")
        }
    }
}

