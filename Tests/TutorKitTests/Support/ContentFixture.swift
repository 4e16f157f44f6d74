import Foundation
@testable import TutorKit

/// A curriculum in a temporary folder, written file by file by the test that needs it.
final class ContentFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Skills"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A skill that passes every lint rule unless `frontMatter`, `lessons` or `quiz` say otherwise.
    func writeSkill(
        _ slug: String,
        title: String? = nil,
        area: String = "api-design",
        level: String = "beginner",
        prerequisites: [String] = [],
        frontMatter: String? = nil,
        lessons: [(String, String)]? = nil,
        tail: String = ContentFixture.tail,
        quiz: String? = nil
    ) throws {
        let matter = frontMatter ?? """
        title: \(title ?? "Skill \(slug)")
        area: \(area)
        level: \(level)
        prerequisites: [\(prerequisites.joined(separator: ", "))]
        hours: 6
        summary: A skill for tests.
        tags: [testing]
        """
        let lessons = lessons ?? ContentFixture.lessons
        let body = lessons.map { "## \($0.0)\n\n\($0.1)" }.joined(separator: "\n\n")
        try write("Skills/\(slug)/SKILL.md", "---\n\(matter)\n---\n\nAn introduction.\n\n\(body)\n\n\(tail)")
        try write("Skills/\(slug)/quiz.yml", quiz ?? ContentFixture.quiz(lesson: lessons[0].0))
    }

    static let tail = """
    ## Exercises

    Run `curl -i http://127.0.0.1:8080/health`; done when it prints `HTTP/1.1 200 OK`.

    ## Sources

    - RFC 9110, HTTP Semantics: https://www.rfc-editor.org/rfc/rfc9110
    """

    /// Four lessons of 320 words each: enough for the 1,200-word rule.
    static let lessons: [(String, String)] = ["Requests", "Responses", "Headers", "Bodies"].map { name in
        let sentence = "A client sends a request and the server answers with a status code and headers. "
        return (name, String(repeating: sentence, count: 20) + "\n\n```sql\nCREATE TABLE t (id INTEGER PRIMARY KEY);\nINSERT INTO t VALUES (1);\n```\n")
    }

    static func quiz(lesson: String, count: Int = 10) -> String {
        var text = "questions:\n"
        for i in 0..<count {
            switch i % 4 {
            case 0:
                text += "  - id: q\(i)\n    kind: single\n    lesson: \(lesson)\n    prompt: Which code means created?\n    choices: [200 OK, 201 Created]\n    answer: b\n    explanation: 201 means created.\n"
            case 1:
                text += "  - id: q\(i)\n    kind: multiple\n    lesson: \(lesson)\n    prompt: Which methods are safe?\n    choices: [GET, POST, HEAD]\n    answer: [a, c]\n    explanation: GET and HEAD are safe.\n"
            case 2:
                text += "  - id: q\(i)\n    kind: truefalse\n    lesson: \(lesson)\n    prompt: PUT is idempotent.\n    answer: true\n    explanation: Repeating it changes nothing more.\n"
            default:
                text += "  - id: q\(i)\n    kind: short\n    lesson: \(lesson)\n    prompt: Name the media type of problem details.\n    answer: [application/problem+json]\n    explanation: RFC 9457 defines it.\n"
            }
        }
        return text
    }
}
