import Foundation

/// Writes a large, valid curriculum of made-up skills for benchmarks and their test: realistic
/// lesson lengths, code blocks, quizzes, a path and projects. Deterministic for a given seed.
public enum SyntheticCurriculum {
    /// A word that appears in exactly one lesson, for measuring a rare-term search.
    public static let rareTerm = "quokkabyte"
    /// A word that appears in most lessons, for measuring a common-term search.
    public static let commonTerm = "cache"

    static let nouns = ["request", "response", "cache", "queue", "index", "replica", "partition", "token", "session", "schema",
                        "endpoint", "header", "payload", "transaction", "lock", "worker", "service", "gateway", "client", "server",
                        "record", "column", "table", "cursor", "timeout", "retry", "deadline", "consumer", "producer", "log"]
    static let verbs = ["stores", "reads", "validates", "retries", "caches", "rejects", "routes", "compresses", "signs", "streams",
                        "batches", "indexes", "replicates", "expires", "orders", "locks", "measures", "encodes", "parses", "throttles"]
    static let adjectives = ["idempotent", "durable", "stale", "concurrent", "partial", "eventual", "strict", "cheap", "slow",
                             "bounded", "secure", "atomic", "sharded", "cold", "warm", "versioned"]

    /// Writes `skills` skills of `lessons` lessons each under `root`, and returns the number of lessons.
    @discardableResult
    public static func write(to root: URL, skills: Int = 500, lessons: Int = 20, seed: UInt64 = 42) throws -> Int {
        var random = SplitMix64(seed: seed)
        let fm = FileManager.default
        let slugs = (0..<skills).map { String(format: "synthetic-skill-%04d", $0) }
        let areas = Area.allCases
        var levelsOf: [Level: [String]] = [:]
        for (index, slug) in slugs.enumerated() {
            let level = Level.allCases[index * Level.allCases.count / max(skills, 1)]
            levelsOf[level, default: []].append(slug)
            let prerequisites = index > 0 && index % 5 != 0 ? [slugs[index - 1]] : []
            var text = """
            ---
            title: Synthetic skill \(index)
            area: \(areas[index % areas.count].rawValue)
            level: \(level.rawValue)
            prerequisites: [\(prerequisites.joined(separator: ", "))]
            hours: \(8 + index % 30)
            summary: A generated skill for measuring the tutor at scale.
            tags: [synthetic, benchmark]
            ---

            \(paragraph(&random, sentences: 3))

            """
            for lesson in 0..<lessons {
                text += "## Lesson \(lesson + 1) on \(pick(nouns, &random)) \(pick(nouns, &random))\n\n"
                for _ in 0..<4 { text += paragraph(&random, sentences: 4) + "\n\n" }
                if index == skills / 2, lesson == lessons / 2 { text += "The \(rareTerm) appears in this lesson and no other.\n\n" }
                text += "```python\ndef handle_\(lesson)(request):\n    return {\"status\": \(200 + lesson % 5), \"cache\": \"\(pick(adjectives, &random))\"}\n```\n\n"
                text += "- \(sentence(&random))\n- \(sentence(&random))\n\n"
            }
            text += "## Exercises\n\nBuild a \(pick(nouns, &random)) that \(pick(verbs, &random)) every \(pick(nouns, &random)); done when it answers 200.\n\n"
            text += "## Sources\n\n- RFC 9110, HTTP Semantics: https://www.rfc-editor.org/rfc/rfc9110\n"
            let folder = root.appendingPathComponent("Skills/\(slug)")
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("SKILL.md"), atomically: false, encoding: .utf8)
            var quiz = "questions:\n"
            let lesson = quoted("Lesson 1 on " + firstLessonNouns(text))
            for q in 0..<10 {
                let kind = ["single", "truefalse", "short"][q % 3]
                quiz += "  - id: q\(q)\n    kind: \(kind)\n    lesson: \(lesson)\n    prompt: \(quoted(sentence(&random) + "?"))\n"
                switch kind {
                case "single": quiz += "    choices: [\(quoted(pick(nouns, &random))), \(quoted(pick(verbs, &random)))]\n    answer: a\n"
                case "truefalse": quiz += "    answer: true\n"
                default: quiz += "    answer: [\(quoted(pick(nouns, &random)))]\n"
                }
                quiz += "    explanation: \(quoted(paragraph(&random, sentences: 2)))\n"
            }
            try quiz.write(to: folder.appendingPathComponent("quiz.yml"), atomically: false, encoding: .utf8)
        }
        try fm.createDirectory(at: root.appendingPathComponent("Content/paths"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("Content/projects"), withIntermediateDirectories: true)
        var path = "---\ntitle: Backend development\nsummary: A generated path.\nlevels:\n"
        for level in Level.allCases {
            let project = "synthetic-project-\(level.rawValue)"
            path += "  - id: \(level.rawValue)\n    title: \(level.title)\n    months: '1'\n    goal: Goal.\n    topics: [topic]\n"
            path += "    skills: [\((levelsOf[level] ?? []).joined(separator: ", "))]\n    projects: [\(project)]\n"
            try """
            ---
            title: Project \(level.rawValue)
            level: \(level.rawValue)
            skills: [\((levelsOf[level] ?? []).prefix(2).joined(separator: ", "))]
            hours: 20
            summary: A generated project.
            milestones:
              - title: Start
                done_when: It runs.
              - title: Middle
                done_when: It works.
              - title: End
                done_when: It is done.
            stretch: [More]
            ---

            \(paragraph(&random, sentences: 6))
            """.write(to: root.appendingPathComponent("Content/projects/\(project).md"), atomically: false, encoding: .utf8)
        }
        path += "sequence:\n  - step: 1\n    title: Start\n    skills: [\(slugs[0])]\n    advice: Begin.\ntips:\n  - title: Practise\n    text: Every day.\n"
        path += "---\n\nA generated path.\n"
        try path.write(to: root.appendingPathComponent("Content/paths/backend.md"), atomically: false, encoding: .utf8)
        return skills * lessons
    }

    private static func firstLessonNouns(_ text: String) -> String {
        guard let range = text.range(of: "## Lesson 1 on ") else { return "" }
        return String(text[range.upperBound...].prefix { $0 != "\n" })
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    private static func pick(_ words: [String], _ random: inout SplitMix64) -> String {
        words[Int(random.next() % UInt64(words.count))]
    }

    private static func sentence(_ random: inout SplitMix64) -> String {
        let subject = "The \(pick(adjectives, &random)) \(pick(nouns, &random))"
        return "\(subject) \(pick(verbs, &random)) each \(pick(nouns, &random)) before the \(pick(nouns, &random)) \(pick(verbs, &random)) it"
    }

    private static func paragraph(_ random: inout SplitMix64, sentences: Int) -> String {
        (0..<sentences).map { _ in sentence(&random) + "." }.joined(separator: " ")
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
