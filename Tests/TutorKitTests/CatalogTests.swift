import Foundation
import Testing
@testable import TutorKit

@Suite("Catalog loading")
struct CatalogTests {
    @Test("a skill's front matter becomes typed metadata and its ## sections lessons")
    func loadsSkill() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("http-basics", title: "HTTP basics", level: "beginner")
        try fixture.writeSkill("rest-design", title: "REST design", level: "intermediate", prerequisites: ["http-basics"])
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.problems.isEmpty)
        #expect(catalog.skillSlugs == ["http-basics", "rest-design"])
        let skill = try catalog.loadSkill("rest-design")
        #expect(skill.metadata.title == "REST design")
        #expect(skill.metadata.area == .apiDesign)
        #expect(skill.metadata.level == .intermediate)
        #expect(skill.metadata.prerequisites == ["http-basics"])
        #expect(skill.metadata.hours == 6)
        #expect(skill.lessons.map(\.title) == ["Requests", "Responses", "Headers", "Bodies"])
        #expect(skill.exercises?.markdown.contains("curl -i") == true)
        #expect(skill.sources?.markdown.contains("rfc9110") == true)
        #expect(skill.introduction == "An introduction.")
    }

    @Test("the whole curriculum's catalog keeps metadata only: a skill's lessons are read from its file when asked, and the index still finds every lesson")
    func wholeCatalogKeepsNoLessons() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("http-basics", title: "HTTP basics")
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.metadata("http-basics")?.lessons.array == ContentFixture.lessons.map(\.0))
        let changed = ContentFixture.lessons.map { ($0.0, $0.1 + "\n\nA conditional request answers 304 Not Modified.") }
        try fixture.writeSkill("http-basics", title: "HTTP basics", lessons: changed)
        #expect(try catalog.loadSkill("http-basics").lessons[0].markdown.contains("304 Not Modified"))
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(catalog)
        #expect(try cache.search("conditional").count == ContentFixture.lessons.count)
        // A catalog of one skill, as `skill SLUG` loads it, keeps the skill it read.
        let one = Catalog.load(from: fixture.root, only: "http-basics")
        try fixture.writeSkill("http-basics", title: "HTTP basics")
        #expect(try one.loadSkill("http-basics").lessons[0].markdown.contains("304 Not Modified"))
    }

    @Test("## lines inside fenced code are not lessons")
    func fencedHeadingsAreNotLessons() throws {
        let (_, sections) = SectionSplitter.split("## One\n\n```bash\n## not a heading\n```\n\n~~~\n## nor this\n~~~\n\n## Two\ntext", firstLine: 10)
        #expect(sections.map(\.title) == ["One", "Two"])
        #expect(sections.map(\.line) == [10, 20])
    }

    @Test("a broken skill is reported once and skipped while the rest loads")
    func brokenSkillIsSkipped() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("good-skill")
        try fixture.write("Skills/no-front-matter/SKILL.md", "# Just a title\n\n## Lesson\ntext")
        try fixture.writeSkill("bad-area", area: "frontend")
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.skillSlugs == ["good-skill"])
        #expect(catalog.problems.map(\.file).sorted() == ["Skills/bad-area/SKILL.md", "Skills/no-front-matter/SKILL.md"])
        let area = try #require(catalog.problems.first { $0.file == "Skills/bad-area/SKILL.md" })
        #expect(area.line == 3)
        #expect(area.field == "area")
        #expect(area.description.hasPrefix("Skills/bad-area/SKILL.md:3: area: 'frontend' is not one of: api-design"))
    }

    @Test("skills sort by area, then level, then title")
    func order() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("zeta", title: "Zeta", area: "api-design", level: "advanced")
        try fixture.writeSkill("alpha", title: "Alpha", area: "databases", level: "beginner")
        try fixture.writeSkill("beta", title: "Beta", area: "api-design", level: "beginner")
        #expect(Catalog.load(from: fixture.root).skillSlugs == ["beta", "zeta", "alpha"])
    }
}

@Suite("Lint")
struct LintTests {
    func problems(_ setUp: (ContentFixture) throws -> Void) throws -> [ContentProblem] {
        let fixture = try ContentFixture()
        try setUp(fixture)
        return Linter(root: fixture.root).run()
    }

    @Test("a valid skill has no problems")
    func valid() throws {
        #expect(try problems { try $0.writeSkill("fine") }.isEmpty)
    }

    @Test("each kind of broken skill file is named with file, line and field", arguments: [
        ("no front matter", "---missing", "front matter"),
        ("unclosed front matter", "unclosed", "front matter"),
        ("invalid YAML", "yaml", "front matter"),
        ("missing title", "title", "title"),
        ("unknown level", "level", "level"),
        ("hours not a number", "hours", "hours"),
        ("unknown field", "unknown", "colour"),
        ("tags not a list", "tags", "tags"),
    ])
    func brokenFrontMatter(_ name: String, _ kind: String, _ field: String) throws {
        let matter: String
        switch kind {
        case "title": matter = "area: api-design\nlevel: beginner\nprerequisites: []\nhours: 5\nsummary: s\ntags: [a]"
        case "level": matter = "title: Skill\narea: api-design\nlevel: wizard\nprerequisites: []\nhours: 5\nsummary: s\ntags: [a]"
        case "hours": matter = "title: Skill\narea: api-design\nlevel: beginner\nprerequisites: []\nhours: many\nsummary: s\ntags: [a]"
        case "unknown": matter = "title: Skill\narea: api-design\nlevel: beginner\nprerequisites: []\nhours: 5\nsummary: s\ntags: [a]\ncolour: blue"
        case "tags": matter = "title: Skill\narea: api-design\nlevel: beginner\nprerequisites: []\nhours: 5\nsummary: s\ntags: a"
        case "yaml": matter = "title: [unclosed\narea: api-design"
        default: matter = ""
        }
        let found = try problems { fixture in
            switch kind {
            case "---missing": try fixture.write("Skills/broken/SKILL.md", "title: x\n\n## Lesson\n")
            case "unclosed": try fixture.write("Skills/broken/SKILL.md", "---\ntitle: x\n\n## Lesson\n")
            default: try fixture.writeSkill("broken", frontMatter: matter)
            }
        }
        let problem = try #require(found.first { $0.file == "Skills/broken/SKILL.md" })
        #expect(problem.field == field, "\(found)")
        #expect(problem.line >= 1)
    }

    @Test("the line of a bad field is the line it is on")
    func fieldLine() throws {
        let found = try problems { try $0.writeSkill("broken", frontMatter: "title: Skill\narea: api-design\nlevel: beginner\nprerequisites: []\nhours: 900\nsummary: s\ntags: [a]") }
        #expect(found.map(\.description) == ["Skills/broken/SKILL.md:6: hours: must be from 1 to 200 (it is 900)"])
    }

    @Test("lesson count, lesson words, Exercises and Sources are enforced")
    func bodyRules() throws {
        let short = [("One", "Too short."), ("Two", "Also short.")]
        let found = try problems { try $0.writeSkill("thin", lessons: short, tail: "## Sources\n\nnone") }
        let messages = found.map(\.description).joined(separator: "\n")
        #expect(messages.contains("a skill has 4 to 8 lessons"))
        #expect(messages.contains("words; a skill needs at least 1200"))
        #expect(messages.contains("missing '## Exercises' section"))
        #expect(messages.contains("list each source with its URL"))
    }

    @Test("unknown prerequisites and cycles are errors that name them")
    func prerequisites() throws {
        let found = try problems { fixture in
            try fixture.writeSkill("a-skill", prerequisites: ["b-skill"])
            try fixture.writeSkill("b-skill", prerequisites: ["c-skill"])
            try fixture.writeSkill("c-skill", prerequisites: ["a-skill"])
            try fixture.writeSkill("d-skill", prerequisites: ["a-skil"])
        }
        let messages = found.map(\.description)
        #expect(messages.contains("Skills/a-skill/SKILL.md:5: prerequisites: prerequisites form a cycle: a-skill → b-skill → c-skill → a-skill"))
        #expect(messages.contains("Skills/d-skill/SKILL.md:5: prerequisites: 'a-skil' is not a skill (did you mean 'a-skill'?)"))
    }

    @Test("code blocks: JSON and YAML parse, SQL runs per lesson, fragments say why")
    func codeBlocks() throws {
        var lessons = ContentFixture.lessons
        lessons[0].1 += "\n```json\n{\"a\": }\n```\n\n```yaml\nkey: [unclosed\n```\n\n```sql\nSELECT * FROM missing_table;\n```\n\n```python fragment\nx\n```\n\n```\nno tag\n```\n"
        lessons[1].1 += "\n```sql\nINSERT INTO t VALUES (2);\nSELECT count(*) FROM t;\n```\n\n```postgresql\nSELECT now()::date;\n```\n\n```js fragment: needs the app from above\napp.listen(\n```\n"
        let found = try problems { try $0.writeSkill("codes", lessons: lessons) }
        let messages = found.map(\.message)
        #expect(messages.contains("this json block does not parse as JSON"))
        #expect(messages.contains { $0.hasPrefix("this yaml block does not parse") })
        #expect(messages.contains { $0.hasPrefix("this sql block fails on SQLite: no such table: missing_table") })
        #expect(messages.contains("a fragment says why after a colon: 'python fragment: the reason'"))
        #expect(messages.contains { $0.hasPrefix("a fenced code block needs a language tag") })
        #expect(found.count == 5, "\(found)")
    }

    @Test("quiz files: count, kinds, answers and lessons are checked")
    func quizRules() throws {
        let quiz = """
        questions:
          - id: one
            kind: single
            lesson: Nowhere
            prompt: Pick.
            choices: [a, b]
            answer: e
            explanation: Because.
          - id: one
            kind: truefalse
            lesson: Requests
            prompt: True?
            answer: maybe
            explanation: Because.
          - id: three
            kind: essay
            lesson: Requests
            prompt: Write.
            explanation: Because.
        """
        let found = try problems { try $0.writeSkill("quizzy", quiz: quiz) }
        let messages = found.filter { $0.file == "Skills/quizzy/quiz.yml" }.map(\.description)
        #expect(messages.contains("Skills/quizzy/quiz.yml:4: questions[1].lesson: 'Nowhere' is not a lesson of this skill"))
        #expect(messages.contains("Skills/quizzy/quiz.yml:7: questions[1].answer: 'e' does not name one of the 2 choices"))
        #expect(messages.contains("Skills/quizzy/quiz.yml:9: questions[2].id: 'one' is used by another question"))
        #expect(messages.contains("Skills/quizzy/quiz.yml:13: questions[2].answer: must be true or false"))
        #expect(messages.contains { $0.hasPrefix("Skills/quizzy/quiz.yml:16: questions[3].kind: 'essay' is not one of") })
        #expect(messages.contains("Skills/quizzy/quiz.yml:1: questions: a quiz has at least 10 questions; this one has 3"))
    }

    @Test("a missing quiz is a problem")
    func missingQuiz() throws {
        let found = try problems { fixture in
            try fixture.writeSkill("no-quiz")
            try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Skills/no-quiz/quiz.yml"))
        }
        #expect(found.map(\.description) == ["Skills/no-quiz/quiz.yml:1: file: missing: every skill has a quiz of at least 10 questions"])
    }

    @Test("projects, paths, stacks and checklists are checked against their rules")
    func contentFiles() throws {
        let found = try problems { fixture in
            try fixture.writeSkill("real-skill")
            try fixture.write("Content/projects/tiny.md", "---\ntitle: Tiny\nlevel: beginner\nskills: [real-skill, ghost-skill]\nhours: 3\nsummary: s\nmilestones:\n  - title: One\n    done_when: done\ncriteria:\n  - request: fetch /x\n    status: 200\n    shape: {id: int}\nstretch: [more]\n---\n\nShort brief.\n")
            try fixture.write("Content/paths/backend.md", "---\ntitle: Path\nsummary: s\nlevels:\n  - id: beginner\n    title: B\n    months: 0-3\n    goal: g\n    topics: [t]\n    skills: [real-skill]\n    projects: [tiny, missing-project]\nsequence: []\ntips: []\n---\n")
            try fixture.write("Content/stacks/node.md", "---\ntitle: Node\ncategory: stack\nsummary: s\nattributes:\n  framework: Express [nope]\nsources: []\n---\n")
            try fixture.write("Content/practices/api-design.md", "---\ntitle: API\nsummary: s\n---\n\n## Item\n\n### Why\n\nx\n")
        }
        let messages = found.map(\.description)
        #expect(messages.contains("Content/projects/tiny.md:4: skills: 'ghost-skill' is not a skill"))
        #expect(messages.contains("Content/projects/tiny.md:7: milestones: a project has 3 or more milestones; this one has 1"))
        #expect(messages.contains("Content/projects/tiny.md:11: criteria[1].request: must be 'METHOD /path', such as 'POST /todos'"))
        #expect(messages.contains { $0.hasPrefix("Content/projects/tiny.md:13: criteria[1].shape.id: 'int' is not a JSON type") })
        #expect(messages.contains { $0.hasPrefix("Content/projects/tiny.md:16: brief:") })
        #expect(messages.contains { $0.hasPrefix("Content/paths/backend.md:4: levels: must list the four levels once each") })
        #expect(messages.contains("Content/paths/backend.md:11: levels[1].projects: 'missing-project' is not a project"))
        #expect(messages.contains("Content/stacks/node.md:6: attributes.framework: cites [nope], which is not among the sources"))
        #expect(messages.contains { $0.hasPrefix("Content/stacks/node.md:5: attributes: a stack has exactly these attributes") })
        #expect(messages.contains { $0.hasPrefix("Content/practices/api-design.md:5: items: a checklist has at least 6 items") })
        #expect(messages.contains("Content/practices/api-design.md:6: items: the item 'Item' needs exactly two subsections, '### Why' then '### How'"))
    }
}

@Suite("Facts with a shelf life")
struct FactsTests {
    static let factsFile = """
    facts:
      node-lts:
        value: Node.js 24
        source: https://nodejs.org/en/about/previous-releases
        checked: 2026-11-20
        review_by: 2027-04-30
      old-round:
        value: Round 22
        source: https://www.techempower.com/benchmarks/
        checked: 2025-01-10
        review_by: 2025-07-01
    """

    func fixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write("Content/facts/runtimes.yml", Self.factsFile)
        var lessons = ContentFixture.lessons
        lessons[0].1 += "\n\nThe current LTS line is {{fact:node-lts}}; benchmarks quote {{fact:old-round}}."
        try fixture.writeSkill("facts-skill", lessons: lessons)
        return fixture
    }

    static let today = ISO8601DateFormatter().date(from: "2026-12-02T12:00:00Z")!

    @Test("a skill shown on its own takes its facts from the cache while the facts files are unchanged, whatever else changed, and from the files once they change")
    func factsFromCache() throws {
        let fixture = try fixture()
        let cache = ContentCache.inMemory()
        func fresh() -> Facts? { cache.facts(matching: ContentFingerprint.of(fixture.root, folder: Facts.folder)) }
        #expect(fresh() == nil, "no snapshot yet")
        _ = cache.catalog(root: fixture.root)
        // A lesson changing leaves the facts as they are.
        try fixture.write("Skills/facts-skill/SKILL.md", try String(contentsOf: fixture.root.appendingPathComponent("Skills/facts-skill/SKILL.md"), encoding: .utf8) + "\nMore.\n")
        let cached = try #require(fresh())
        #expect(cached == Facts.read(root: fixture.root).0)
        let viaCache = try Catalog.load(from: fixture.root, only: "facts-skill", facts: cached).loadSkill("facts-skill")
        #expect(viaCache == (try Catalog.load(from: fixture.root, only: "facts-skill").loadSkill("facts-skill")))
        #expect(viaCache.lessons[0].markdown.contains("The current LTS line is Node.js 24;"))
        try fixture.write("Content/facts/runtimes.yml", Self.factsFile.replacingOccurrences(of: "Node.js 24", with: "Node.js 26 (Active LTS)"))
        #expect(fresh() == nil, "changed facts are read again from the files")
        #expect(ContentFingerprint.of(fixture.root, folder: Facts.folder).files == ["Content/facts/runtimes.yml"])
        #expect(try Catalog.load(from: fixture.root, only: "facts-skill").loadSkill("facts-skill").lessons[0].markdown.contains("Node.js 26 (Active LTS)"))
    }

    @Test("{{fact:ID}} reads as the fact's value wherever content is read")
    func substitution() throws {
        let fixture = try fixture()
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let lesson = try catalog.loadSkill("facts-skill").lessons[0].markdown
        #expect(lesson.contains("The current LTS line is Node.js 24; benchmarks quote Round 22."))
        #expect(!lesson.contains("{{fact"))
    }

    @Test("a fact past its review date is a warning; an unknown one an error at its line")
    func lintRules() throws {
        let fixture = try fixture()
        var lessons = ContentFixture.lessons
        lessons[1].1 += "\n\nA fact nobody wrote: {{fact:no-such-fact}}."
        try fixture.writeSkill("typo-skill", lessons: lessons)
        let problems = Linter(root: fixture.root, today: Self.today).run()
        let stale = try #require(problems.first { $0.field == "facts.old-round.review_by" })
        #expect(stale.severity == .warning)
        #expect(stale.description.hasPrefix("Content/facts/runtimes.yml:7: warning: facts.old-round.review_by: was due for review on 2025-07-01"))
        let unknown = try #require(problems.first { $0.field == "fact" })
        #expect(unknown.severity == .error)
        #expect(unknown.file == "Skills/typo-skill/SKILL.md")
        let text = try String(contentsOf: fixture.root.appendingPathComponent("Skills/typo-skill/SKILL.md"), encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("no-such-fact") }! + 1
        #expect(unknown.line == line)
        #expect(!problems.contains { $0.field.hasPrefix("facts.node-lts") }, "a fact within its date and in use is fine")
    }

    @Test("lint passes with warnings, and --strict fails on them")
    func strict() throws {
        let fixture = try fixture()
        let tutor = try TestTutor(Catalog.load(from: fixture.root), clock: TestClock("2026-12-02T12:00:00Z"), mode: .shell)
        let lenient = try tutor.run("lint")
        #expect(lenient.status == .success)
        #expect(tutor.text(lenient).contains("the curriculum is valid, with 1 warning: lint --strict fails on it"))
        let strict = try tutor.run("lint --strict")
        #expect(strict.status == .dataError)
        #expect(tutor.text(strict).contains("1 problem found"))
    }

    @Test("one fact, one file")
    func duplicates() throws {
        let fixture = try fixture()
        try fixture.write("Content/facts/again.yml", "facts:\n  node-lts:\n    value: Node.js 22\n    source: https://nodejs.org/\n    checked: 2026-01-01\n    review_by: 2027-01-01\n")
        let messages = Linter(root: fixture.root, today: Self.today).run().map(\.description)
        #expect(messages.contains("Content/facts/runtimes.yml:2: facts.node-lts: is already a fact in Content/facts/again.yml:2"))
    }

    @Test("the facts files' own rules: ids, URLs, dates, one-line values, unused facts")
    func factsFileRules() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("plain")
        try fixture.write("Content/facts/general.yml", "facts:\n  bad-id:\n    value: again\n    source: https://example.com\n    checked: 2026-01-01\n    review_by: 2027-01-01\n")
        try fixture.write("Content/facts/more.yml", """
        facts:
          Bad_Id:
            value: x
            source: https://example.com
            checked: 2026-01-01
            review_by: 2027-01-01
          unused-fact:
            value: y
            source: ftp://example.com
            checked: yesterday
            review_by: 2027-01-01
        """)
        let messages = Linter(root: fixture.root, today: Self.today).run().map(\.description)
        #expect(messages.contains("Content/facts/more.yml:2: facts.Bad_Id: 'Bad_Id' is not a slug (lower-case letters, digits and hyphens)"))
        #expect(messages.contains("Content/facts/more.yml:9: facts.unused-fact.source: must be an http(s) URL"))
        #expect(messages.contains("Content/facts/more.yml:10: facts.unused-fact.checked: 'yesterday' is not a date written YYYY-MM-DD"))
        #expect(messages.contains { $0.hasPrefix("Content/facts/more.yml:7: warning: facts.unused-fact: no content file uses it") })
        #expect(messages.contains { $0.hasPrefix("Content/facts/general.yml:2: warning: facts.bad-id: no content file uses it") })
    }
}

@Suite("Fact dates")
struct FactDateTests {
    @Test("a fact's date reads and writes as the calendar has it, without a date formatter")
    func days() throws {
        let iso = ISO8601DateFormatter()
        for text in ["1970-01-01", "2000-02-29", "2026-12-02", "2027-06-01", "2100-12-31", "1999-03-01"] {
            #expect(Facts.day(text) == iso.date(from: text + "T00:00:00Z"), "\(text)")
            #expect(Facts.string(try #require(Facts.day(text))) == text)
        }
        for text in ["2027-02-29", "2027-13-01", "2027-00-10", "2027-6-01", "2027/06/01", "20270601xx", "2027-04-31"] {
            #expect(Facts.day(text) == nil, "\(text)")
        }
        #expect(Facts.string(try #require(iso.date(from: "2026-12-02T23:59:59Z"))) == "2026-12-02")
    }
}
