import Foundation
import Testing
@testable import TutorKit

/// Checks on the shipped curriculum that need more than lint: external compilers and HTTP facts.
@Suite("The shipped curriculum")
struct CurriculumTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every Markdown file under Skills/ and Content/, relative to the root.
    static var markdownFiles: [String] {
        var files: [String] = []
        for folder in ContentFiles.skillFolders(in: root) { files.append("Skills/\(folder)/SKILL.md") }
        for folder in ["Content/paths", "Content/projects", "Content/stacks", "Content/technologies", "Content/practices"] {
            files += ContentFiles.markdownFiles(in: root, folder: folder).map { "\(folder)/\($0)" }
        }
        return files
    }

    /// The code blocks of every Markdown file and of every http exercise's solution.
    static func blocks(tagged languages: Set<String>) throws -> [(file: String, block: FencedBlock)] {
        let files = try markdownFiles.flatMap { file in
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            return CodeBlockScanner.blocks(in: text).filter { languages.contains($0.language) && !$0.isFragment }.map { (file, $0) }
        }
        let catalog = Catalog.load(from: root)
        let solutions = catalog.skillSlugs.filter(catalog.hasExercises).flatMap { slug in
            ((try? catalog.loadExercises(slug).exercises) ?? []).filter { $0.kind == .http }.flatMap { exercise in
                CodeBlockScanner.blocks(in: exercise.solution ?? "").filter { languages.contains($0.language) && !$0.isFragment }
                    .map { ("\(ExerciseReader.file(slug)) (\(exercise.id))", $0) }
            }
        }
        return files + solutions
    }

    static func tool(_ name: String) -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ tool: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-code-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("backend-tutor lint finds no problem in the shipped content")
    func lint() {
        let problems = Linter(root: Self.root).run()
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("the curriculum has the 40 skills, each with its quiz")
    func skills() {
        let catalog = Catalog.load(from: Self.root)
        #expect(catalog.problems.isEmpty)
        let expected: Set<String> = [
            "rest-api-design", "rest-best-practices", "graphql-advanced-apis", "grpc-protobuf", "websocket-realtime",
            "nodejs-runtime", "express-nodejs", "python-comprehensive", "django-framework", "fastapi-modern",
            "java-ecosystem", "spring-boot-java", "go-programming", "rust-programming", "sql-databases",
            "nosql-databases", "database-design", "postgresql-advanced", "mongodb-advanced", "redis-advanced",
            "security-devops", "docker-containers", "kubernetes-orchestration", "aws-cloud", "terraform-iac",
            "ci-cd-pipelines", "monitoring-observability", "http-fundamentals", "authentication-authorization",
            "message-queues", "microservices-patterns", "caching-strategies", "backend-testing", "system-design",
            "typescript-node", "java-web-starter", "go-web-gin", "rust-fundamentals", "performance-engineering", "technical-leadership",
        ]
        #expect(Set(catalog.skillSlugs) == expected)
    }

    @Test("every python block compiles")
    func python() throws {
        guard let python = Self.tool("python3") else { return }
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, entry) in try Self.blocks(tagged: ["python"]).enumerated() {
            let file = dir.appendingPathComponent("block\(index).py")
            try entry.block.text.write(to: file, atomically: true, encoding: .utf8)
            let result = try Self.run(python, ["-m", "py_compile", file.path])
            #expect(result.status == 0, "\(entry.file):\(entry.block.line): python block does not compile:\n\(result.output)")
        }
    }

    @Test("every js block passes node --check as an ES module")
    func javascript() throws {
        guard let node = Self.tool("node") else { return }
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, entry) in try Self.blocks(tagged: ["js", "javascript"]).enumerated() {
            let file = dir.appendingPathComponent("block\(index).mjs")
            try entry.block.text.write(to: file, atomically: true, encoding: .utf8)
            let result = try Self.run(node, ["--check", file.path])
            #expect(result.status == 0, "\(entry.file):\(entry.block.line): js block fails node --check:\n\(result.output)")
        }
    }

    @Test("status codes carry the reason phrases RFC 9110 and RFC 6585 give them")
    func statusCodes() throws {
        var checked = 0
        for file in Self.markdownFiles + ContentFiles.skillFolders(in: Self.root).map({ "Skills/\($0)/quiz.yml" }) {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for problem in StatusCodeFacts.problems(in: String(line)) {
                    Issue.record("\(file):\(number + 1): \(problem)")
                }
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }
}

/// The registered reason phrases (RFC 9110 section 15, RFC 6585, RFC 8297, RFC 8470, RFC 7725,
/// RFC 4918 for 207 and 423/424/507).
enum StatusCodeFacts {
    static let phrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 103: "Early Hints",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed",
        413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        417: "Expectation Failed", 421: "Misdirected Request", 422: "Unprocessable Content", 423: "Locked",
        424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported", 507: "Insufficient Storage",
        511: "Network Authentication Required",
    ]

    /// Names that RFC 9110 replaced; a line may name them only while saying they are old.
    static let obsolete: [String: Int] = [
        "Unprocessable Entity": 422, "Payload Too Large": 413, "Request Entity Too Large": 413,
        "Requested Range Not Satisfiable": 416, "Request-URI Too Long": 414,
    ]

    static let firstWords: Set<String> = Set(phrases.values.map { String($0.split(separator: " ")[0]) })

    static func problems(in line: String) -> [String] {
        var found: [String] = []
        let lower = line.lowercased()
        let mentionsHistory = ["formerly", "older", "old name", "rfc 4918", "rfc 7231", "renamed", "previously", "used to"].contains { lower.contains($0) }
        for (phrase, code) in obsolete where line.contains("\(code) \(phrase)") && !mentionsHistory && !line.contains("\(code) \(phrases[code]!)") {
            found.append("'\(code) \(phrase)' is the old name; RFC 9110 calls it '\(code) \(phrases[code]!)'")
        }
        let pattern = /\b([1-5][0-9][0-9]) ([A-Z][A-Za-z-]*(?: [A-Z][A-Za-z-]*)*)/
        for match in line.matches(of: pattern) {
            // Part of a longer token (book-123, v2.301, /204) is not a status code.
            if match.range.lowerBound > line.startIndex {
                let before = line[line.index(before: match.range.lowerBound)]
                if before.isLetter || before.isNumber || "-/.:_#".contains(before) { continue }
            }
            guard let code = Int(match.1) else { continue }
            let phrase = String(match.2)
            let first = String(phrase.split(separator: " ")[0])
            guard firstWords.contains(first) else { continue }
            guard let official = phrases[code] else {
                found.append("\(code) is not a registered status code")
                continue
            }
            // A phrase cut by the end of the line continues on the next one.
            let cutByLineEnd = match.range.upperBound == line.endIndex && official.hasPrefix(phrase)
            if !phrase.hasPrefix(official), !cutByLineEnd, !obsolete.keys.contains(where: { phrase.hasPrefix($0) }) {
                found.append("'\(code) \(phrase)': \(code) is '\(official)'")
            }
        }
        return found
    }
}

@Suite("Status code checker")
struct StatusCodeFactsTests {
    @Test("right phrases pass, wrong and obsolete ones are caught")
    func phrases() {
        #expect(StatusCodeFacts.problems(in: "Answer 201 Created with a Location header.").isEmpty)
        #expect(StatusCodeFacts.problems(in: "Send 404 Not Found, or 410 Gone.").isEmpty)
        #expect(StatusCodeFacts.problems(in: "Return 403 Unauthorized here.") == ["'403 Unauthorized': 403 is 'Forbidden'"])
        #expect(StatusCodeFacts.problems(in: "422 Unprocessable Entity means bad input.").count == 1)
        #expect(StatusCodeFacts.problems(in: "422 Unprocessable Content was formerly called 422 Unprocessable Entity.").isEmpty)
        #expect(StatusCodeFacts.problems(in: "Listen on port 8080 Created by the shell").isEmpty)
        #expect(StatusCodeFacts.problems(in: "A 499 Bad Request is invented") == ["499 is not a registered status code"])
        #expect(StatusCodeFacts.problems(in: "GET /books/book-123 HTTP/1.1").isEmpty)
        #expect(StatusCodeFacts.problems(in: "the server answers 304 Not").isEmpty, "continues on the next line")
        #expect(StatusCodeFacts.problems(in: "answer: [422 Unprocessable Content, 422 Unprocessable Entity]").isEmpty)
    }
}

/// Errata the content once had, held by tests so they cannot come back.
@Suite("The curriculum's rules, checked where a program can check them")
struct CurriculumRuleTests {
    @Test("400 against 422 in every project: 422 only for request content, 400 with a body only for a header or a parameter")
    func badRequestOrUnprocessable() throws {
        let catalog = Catalog.load(from: CurriculumTests.root)
        var broken: [String] = []
        for project in catalog.projects {
            for criterion in project.criteria {
                let place = "\(project.slug): \(criterion.request) → \(criterion.status)"
                if criterion.status.contains(422), criterion.body == nil, criterion.rawBody == nil {
                    broken.append(place + ": 422 is for request content, and this request has none")
                }
                if criterion.status.contains(400), criterion.body != nil {
                    let note = (criterion.note ?? "").lowercased()
                    if !["header", "idempotency-key", "parameter", "query"].contains(where: note.contains) {
                        broken.append(place + ": a well-formed JSON body that fails validation gets 422; say in the note which header or parameter makes it 400")
                    }
                }
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    @Test("the lesson's permission check fails closed: no user is 401 with a challenge, no permission 403")
    func failClosedMiddleware() throws {
        guard let node = CurriculumTests.tool("node") else { return }
        let text = try String(contentsOf: CurriculumTests.root.appendingPathComponent("Skills/authentication-authorization/SKILL.md"), encoding: .utf8)
        let block = try #require(CodeBlockScanner.blocks(in: text).first { $0.language == "js" && !$0.isFragment && $0.text.contains("export const requirePermission") })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fail-closed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try block.text.write(to: folder.appendingPathComponent("permission.mjs"), atomically: true, encoding: .utf8)
        try """
        import { requirePermission } from './permission.mjs';
        const call = (user) => {
          const res = { headers: {}, code: 200, status(c) { this.code = c; return this; }, set(h) { Object.assign(this.headers, h); return this; },
                        type() { return this; }, json() { return this; }, send() { return this; } };
          let passed = false;
          requirePermission('invoices:approve')(user === undefined ? {} : { user }, res, () => { passed = true; });
          return { code: passed ? 'next' : res.code, challenge: res.headers['WWW-Authenticate'] };
        };
        console.log(JSON.stringify([call(undefined), call({ permissions: [] }), call({ permissions: ['invoices:approve'] })]));
        """.write(to: folder.appendingPathComponent("check.mjs"), atomically: true, encoding: .utf8)
        let (status, output) = try CurriculumTests.run(node, [folder.appendingPathComponent("check.mjs").path])
        #expect(status == 0, "\(output)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(results[0]["code"] as? Int == 401)
        #expect((results[0]["challenge"] as? String)?.hasPrefix("Bearer") == true)
        #expect(results[1]["code"] as? Int == 403)
        #expect(results[2]["code"] as? String == "next")
    }
}


/// The reference solutions prove the criteria can be met, and the criteria point at real lessons.
@Suite("Projects' criteria against their reference solutions")
struct ReferenceSolutionTests {
    static let solutions: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: CurriculumTests.root.appendingPathComponent("Content/solutions").path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    @Test("every criterion names a milestone of its project and a lesson that exists")
    func lessons() {
        let catalog = Catalog.load(from: CurriculumTests.root)
        var broken: [String] = []
        for project in catalog.projects {
            for (index, criterion) in project.criteria.enumerated() {
                let place = "\(project.slug) criterion \(index + 1)"
                guard let lesson = criterion.lesson else { broken.append("\(place): no lesson"); continue }
                let count = catalog.metadata(lesson.skill)?.lessons.count ?? 0
                if lesson.number > count { broken.append("\(place): \(lesson.skill) has \(count) lessons, not \(lesson.number)") }
            }
            let proved = Set(project.criteria.compactMap(\.milestone))
            for number in 1...project.milestones.count where !proved.contains(number) {
                broken.append("\(project.slug): no criterion proves milestone \(number)")
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    @Test("each reference solution passes every criterion and every security probe, twice on its data", arguments: solutions)
    func solution(slug: String) throws {
        guard let python = CurriculumTests.tool("python3") else { return }
        let catalog = Catalog.load(from: CurriculumTests.root)
        var tutor = try TestTutor(catalog, clock: TestClock())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solution-\(slug)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        tutor.workingDirectory = folder
        let app = CurriculumTests.root.appendingPathComponent("Content/solutions/\(slug)/app.py").path
        for run in 1...2 {
            let reply = try tutor.run("/verify \(slug) --all --security --startup-timeout 30 --timeout 10 --run '\(python.path) \(app)'")
            let report = try #require(reply.result as? VerifyReport)
            let failures = (report.outcomes + report.probes).filter { $0.result != .passed }
            #expect(failures.isEmpty, "\(slug), run \(run): \(failures.map { "\($0.request): \($0.reason ?? "") expected \($0.expected ?? "") got \($0.got ?? "")" })")
        }
    }
}

extension ReferenceSolutionTests {
    @Test("every project's criteria run against a stub that implements nothing: each ends with a reason, none hangs")
    func stub() throws {
        guard let python = CurriculumTests.tool("python3") else { return }
        let catalog = Catalog.load(from: CurriculumTests.root)
        let stub = Golden.fixtures.appendingPathComponent("verify/stub.py").path
        guard let port = ServerProcess.freePort() else { return }
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 2)
        let server = ServerProcess(command: "\(python.path) \(stub)", port: port, directory: FileManager.default.temporaryDirectory,
                                   environment: ProcessInfo.processInfo.environment, startupTimeout: 20, client: client)
        #expect(server.start() == nil)
        defer { server.stop() }
        for project in catalog.projects {
            let verifier = Verifier(project: project, client: client)
            let outcomes = verifier.verify(all: true)
            #expect(outcomes.count == project.criteria.count)
            for outcome in outcomes where outcome.result != .passed {
                #expect(outcome.reason?.isEmpty == false, "\(project.slug) \(outcome.number): no reason")
            }
            #expect(outcomes.contains { $0.result == .failed }, "\(project.slug): a server that implements nothing must fail something")
        }
    }
}
