import Foundation
import Testing

@Suite("backend-tutor, run as a learner runs it")
struct EndToEndTests {
    let tutor: BinaryRunner

    init() throws { tutor = try BinaryRunner() }

    @Test("help lists every command with one line each")
    func help() throws {
        let result = try tutor.run("help")
        #expect(result.status == 0)
        for command in ["skill", "lint", "help", "quit"] {
            #expect(result.stdout.contains("\n\(command)"))
        }
        #expect(result.stderr.isEmpty)
    }

    @Test("every command has --help")
    func commandHelp() throws {
        for command in ["skill", "lint", "help", "quit"] {
            let result = try tutor.run(command, "--help")
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE: backend-tutor \(command)"))
        }
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try tutor.run("--version")
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test("completion scripts for bash, zsh and fish")
    func completionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try tutor.run("--generate-completion-script", shell)
            #expect(result.status == 0)
            #expect(result.stdout.contains("skill"))
        }
    }

    @Test("skill lists every skill grouped by the seven areas")
    func skillList() throws {
        let result = try tutor.run("skill")
        #expect(result.status == 0)
        for area in ["API design & REST", "Advanced API architectures", "Server runtimes & frameworks", "Databases", "Authentication, security & authorization", "Microservices & distributed systems", "DevOps & cloud deployment"] {
            #expect(result.stdout.contains(area))
        }
        #expect(result.stdout.contains("rest-api-design — "))
        #expect(!result.stdout.contains("\u{1B}"), "a pipe gets no colour")
    }

    @Test("skill SLUG shows the skill's lessons, exercises and sources")
    func skillShow() throws {
        let result = try tutor.run("skill", "rest-api-design", "--no-pager")
        #expect(result.status == 0)
        #expect(result.stdout.contains("REST"))
        #expect(result.stdout.contains("1. "))
        #expect(result.stdout.contains("Exercises"))
        #expect(result.stdout.contains("Sources"))
        #expect(result.stderr.isEmpty)
    }

    @Test("--json gives the skill list and a skill's metadata as data")
    func json() throws {
        let list = try tutor.run("skill", "--json")
        #expect(list.status == 0)
        let skills = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(skills.contains { $0["slug"] as? String == "sql-databases" })
        let one = try tutor.run("skill", "http-fundamentals", "--json")
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        #expect(metadata["level"] as? String == "beginner")
        #expect((metadata["lessons"] as? [String])?.isEmpty == false)
    }

    @Test("an unknown command exits 64 with the nearest command")
    func unknownCommand() throws {
        let result = try tutor.run("skil", "rest-api-design")
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command skil — did you mean skill?"))
        #expect(result.stdout.isEmpty)
    }

    @Test("an unknown skill names the closest ones")
    func unknownSkill() throws {
        let result = try tutor.run("skill", "rest-api-desing")
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown skill 'rest-api-desing' — did you mean backend-tutor skill rest-api-design"))
    }

    @Test("a missing content folder is an I/O error that says what to do")
    func missingContent() throws {
        let result = try tutor.run(["skill", "--content", "/nonexistent/curriculum"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("/nonexistent/curriculum: not a curriculum folder"))
    }

    @Test("lint passes on the shipped curriculum")
    func lintShipped() throws {
        let result = try tutor.run("lint")
        #expect(result.stdout.contains("the curriculum is valid"), "\(result.stdout)")
        #expect(result.status == 0)
    }

    @Test("lint on broken content prints FILE:LINE: field: message and exits 65")
    func lintBroken() throws {
        let root = tutor.home.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Skills/broken"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try "---\ntitle: Broken\narea: nowhere\n---\n\n## Only lesson\n".write(to: root.appendingPathComponent("Skills/broken/SKILL.md"), atomically: true, encoding: .utf8)
        let result = try tutor.run(["lint", "--content", root.path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("Skills/broken/SKILL.md:3: area: 'nowhere' is not one of:"))
        // At run time the broken file is reported once and the rest keeps working.
        let list = try tutor.run(["skill", "--content", root.path])
        #expect(list.status == 0)
        #expect(list.stderr.components(separatedBy: "Skills/broken/SKILL.md:3").count == 2)
    }

    @Test("piped lines run one by one, with no prompt, and a failure makes the exit non-zero")
    func pipedREPL() throws {
        let ok = try tutor.run([], stdin: Data("/skill\n\n/help\n".utf8))
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("API design & REST"))
        #expect(ok.stdout.contains("/skill [SLUG]"))
        #expect(!ok.stdout.contains("tutor›"))
        let failing = try tutor.run([], stdin: Data("/lern backend\n/skill sql-databases --json\n".utf8))
        #expect(failing.status == 64)
        #expect(failing.stderr.contains("unknown command /lern"))
        #expect(failing.stdout.contains("\"slug\" : \"sql-databases\""), "later lines still run")
    }

    @Test("/quit stops reading lines and exits 0")
    func quit() throws {
        let result = try tutor.run([], stdin: Data("/quit\n/nonsense\n".utf8))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    @Test("no input crashes it: control characters, invalid UTF-8, very long lines")
    func hostileInput() throws {
        var bytes = Data("/skill \u{1B}[2J\u{7}\n".utf8)
        bytes.append(contentsOf: [0x2F, 0x73, 0x6B, 0x69, 0x6C, 0x6C, 0x20, 0xFF, 0xFE, 0xC3, 0x0A])
        bytes.append(Data(("/" + String(repeating: "x", count: 200_000) + "\n").utf8))
        bytes.append(Data("\u{0}\u{1}\u{2}\n\"unclosed\n/skill rest-api-design rest-api-design\n".utf8))
        let result = try tutor.run([], stdin: bytes)
        #expect(result.status == 64)
        #expect(!result.stderr.contains("\u{1B}[2J"), "control sequences are not echoed")
        #expect(result.stderr.contains("unknown skill"))
    }

    @Test("NO_COLOR and --no-color keep escape codes out")
    func noColor() throws {
        let result = try tutor.run(["skill", "http-fundamentals"], extraEnvironment: ["NO_COLOR": "1"])
        #expect(!result.stdout.contains("\u{1B}"))
    }
}
