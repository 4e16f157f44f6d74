import Foundation

/// Reads one `SKILL.md` into a ``Skill``, reporting what stops it being usable.
enum SkillLoader {
    static let fields: Set<String> = ["title", "area", "level", "prerequisites", "stack", "hours", "summary", "tags"]

    /// The path of a skill's file, relative to the content root.
    static func file(_ slug: String) -> String { "Skills/\(slug)/SKILL.md" }

    /// Reads and loads `Skills/<slug>/SKILL.md` under `root`.
    static func load(_ slug: String, root: URL, sink: ProblemSink) -> Skill? {
        let file = file(slug)
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink) else { return nil }
        return load(text: text, slug: slug, file: file, sink: sink)
    }

    /// Returns the skill, or nil when a problem makes it unusable; every problem goes to `sink`.
    static func load(text: String, slug: String, file: String, sink: ProblemSink) -> Skill? {
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
        let metadata = SkillMetadata(
            slug: slug, title: title, area: area, level: level, prerequisites: prerequisites,
            stack: stack, hours: hours, summary: summary, tags: tags, lessons: lessons.map(\.title))
        return Skill(
            metadata: metadata, introduction: preamble, lessons: lessons,
            exercises: sections.first { $0.title == Skill.exercisesTitle },
            sources: sections.first { $0.title == Skill.sourcesTitle },
            file: file)
    }
}
