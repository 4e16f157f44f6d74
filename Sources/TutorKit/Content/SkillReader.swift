import Foundation

/// The one reader of `SKILL.md`: the catalog and lint both use it, so both hold a skill to the
/// same rules. Problems that leave the skill unusable (its front matter, no lessons) make it
/// nil. The rest (a prerequisite that names no skill, the number and length of the lessons, the
/// Exercises and Sources sections) are checked only for lint, which alone reports them: counting
/// the words of every lesson was 1.4 million instructions of each `next` and `skill`.
enum SkillReader {
    static let fields: Set<String> = ["title", "area", "level", "prerequisites", "stack", "hours", "summary", "tags"]
    static let minimumLessons = 4, maximumLessons = 8, minimumLessonWords = 1_200

    /// The path of a skill's file, relative to the content root.
    static func file(_ slug: String) -> String { "Skills/\(slug)/SKILL.md" }

    /// Reads `Skills/<slug>/SKILL.md` under `root`.
    static func read(_ slug: String, root: URL, references: ContentReferences?, facts: Facts, sink: ProblemSink) -> Skill? {
        let file = file(slug)
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink, facts: facts) else { return nil }
        return read(text: text, slug: slug, file: file, references: references, sink: sink)
    }

    /// The skill in `text`; with `lint`, the problems that leave it usable are reported too.
    static func read(text: String, slug: String, file: String, references: ContentReferences?, sink: ProblemSink, lint: Bool = false) -> Skill? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let before = sink.problems.count
        if !Slug.isValid(slug) {
            sink.report(1, "slug", "the folder name '\(slug)' is not a slug (lower-case letters, digits and hyphens)")
        }
        let fields = document.fields(sink)
        fields.rejectUnknownKeys(Self.fields)
        let title = fields.string("title", length: 3...60)
        let area = fields.choice("area", Area.self)
        let level = fields.choice("level", Level.self)
        let prerequisites = fields.slugs("prerequisites")
        let stack = fields.has("stack") ? fields.choice("stack", Stack.self) : nil
        let hours = fields.int("hours", range: 1...200)
        let summary = fields.string("summary", length: 1...160)
        let tags = fields.strings("tags", count: 1...12)
        let (preamble, sections) = SectionSplitter.split(document.body, firstLine: document.bodyLine)
        let lessons = sections.filter { $0.title != Skill.exercisesTitle && $0.title != Skill.sourcesTitle }
        if lessons.isEmpty {
            sink.report(document.bodyLine, "lessons", "the body has no '## ' sections, so the skill has no lessons")
        }
        guard sink.problems.count == before, let title, let area, let level, let prerequisites, let hours, let summary, let tags else {
            return nil
        }
        if lint {
            if let references {
                for prerequisite in prerequisites where !references.skills.contains(prerequisite) {
                    sink.report(fields.line(of: "prerequisites"), "prerequisites", "'\(prerequisite)' is not a skill\(Suggestions.hint(prerequisite, references.skills))")
                }
            }
            if prerequisites.contains(slug) {
                sink.report(fields.line(of: "prerequisites"), "prerequisites", "a skill cannot be its own prerequisite")
            }
            checkBody(lessons: lessons, sections: sections, bodyLine: document.bodyLine, sink: sink)
        }
        let metadata = SkillMetadata(
            slug: slug, title: title, area: area, level: level, prerequisites: prerequisites,
            stack: stack, hours: hours, summary: summary, tags: tags, lessons: LessonTitles(lessons.map(\.title)))
        return Skill(
            metadata: metadata, introduction: preamble, lessons: lessons,
            exercises: sections.first { $0.title == Skill.exercisesTitle },
            sources: sections.first { $0.title == Skill.sourcesTitle },
            file: file)
    }

    /// Words separated by white space, counted over Unicode scalars: splitting the text into
    /// Characters to ask each whether it is white space took 37 of the 194 million instructions
    /// `skill` ran (docs/BENCHMARKS.md).
    static func wordCount(_ text: String) -> Int {
        var count = 0, inWord = false
        for scalar in text.unicodeScalars {
            let space = scalar.isASCII ? (scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 0x0B || scalar.value == 0x0C)
                : scalar.properties.isWhitespace
            if space {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// Lesson count and length, unique titles, and the Exercises and Sources sections.
    private static func checkBody(lessons: [Section], sections: [Section], bodyLine: Int, sink: ProblemSink) {
        let firstLine = lessons.first?.line ?? bodyLine
        if !(minimumLessons...maximumLessons).contains(lessons.count) {
            sink.report(firstLine, "lessons", "a skill has \(minimumLessons) to \(maximumLessons) lessons ('## ' sections other than Exercises and Sources); this one has \(lessons.count)")
        }
        var seen: Set<String> = []
        for lesson in lessons {
            if !seen.insert(lesson.title).inserted {
                sink.report(lesson.line, "lessons", "the lesson title '\(lesson.title)' is used twice")
            }
            if lesson.title.isEmpty { sink.report(lesson.line, "lessons", "a '## ' heading has no title") }
        }
        let words = lessons.reduce(0) { $0 + wordCount($1.markdown) }
        if words < minimumLessonWords {
            sink.report(firstLine, "lessons", "the lessons hold \(words) words; a skill needs at least \(minimumLessonWords)")
        }
        let titles = sections.map(\.title)
        let lastLesson = titles.lastIndex { $0 != Skill.exercisesTitle && $0 != Skill.sourcesTitle } ?? -1
        for (title, required) in [(Skill.exercisesTitle, "one or more exercises, each with what done looks like"), (Skill.sourcesTitle, "a list of primary sources with their URLs")] {
            guard let index = titles.firstIndex(of: title) else {
                sink.report(firstLine, title.lowercased(), "missing '## \(title)' section: add \(required)")
                continue
            }
            if index < lastLesson {
                sink.report(sections[index].line, title.lowercased(), "'## \(title)' must come after the last lesson")
            }
            if sections[index].markdown.trimmedWhitespace.isEmpty {
                sink.report(sections[index].line, title.lowercased(), "the section is empty")
            }
        }
        if let e = titles.firstIndex(of: Skill.exercisesTitle), let s = titles.firstIndex(of: Skill.sourcesTitle), s < e {
            sink.report(sections[s].line, "sources", "'## Sources' must come after '## Exercises'")
        }
        if let sources = sections.first(where: { $0.title == Skill.sourcesTitle }), !sources.markdown.contains("http") {
            sink.report(sources.line, "sources", "list each source with its URL")
        }
    }
}
