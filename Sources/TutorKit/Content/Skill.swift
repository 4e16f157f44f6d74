import Foundation

/// What the catalog knows of a skill without reading its lessons' Markdown.
public struct SkillMetadata: Codable, Hashable, Sendable {
    public var slug: String
    public var title: String
    public var area: Area
    public var level: Level
    public var prerequisites: [String]
    public var hours: Int
    public var summary: String
    public var tags: [String]
    public var lessons: [String]
}

/// One `##` section of a skill's body.
public struct Section: Hashable, Sendable {
    public var title: String
    /// The section's Markdown, without its `##` heading line.
    public var markdown: String
    /// The file line of the heading.
    public var line: Int
}

/// A skill as read from `Skills/<slug>/SKILL.md`.
public struct Skill: Hashable, Sendable {
    public var metadata: SkillMetadata
    /// Text before the first lesson.
    public var introduction: String
    public var lessons: [Section]
    public var exercises: Section?
    public var sources: Section?
    /// Path relative to the content root.
    public var file: String

    public var slug: String { metadata.slug }
}

extension Skill {
    static let exercisesTitle = "Exercises"
    static let sourcesTitle = "Sources"
}

/// Splits Markdown into its `##` sections, ignoring `##` lines inside fenced code.
enum SectionSplitter {
    static func split(_ body: String, firstLine: Int) -> (preamble: String, sections: [Section]) {
        var preamble: [Substring] = []
        var sections: [Section] = []
        var current: (title: String, line: Int, lines: [Substring])?
        var fence: Substring?
        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.drop(while: { $0 == open.first }).allSatisfy({ $0 == " " }) { fence = nil }
            } else if let marker = FenceMarker.opening(trimmed), line.prefix(while: { $0 == " " }).count < 4 {
                fence = marker
            } else if line.hasPrefix("## ") || line == "##" {
                if let current { sections.append(Section(title: current.title, markdown: trim(current.lines), line: current.line)) }
                let title = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                current = (title: String(title.trimmingSuffix("#").trimmingCharacters(in: .whitespaces)), line: firstLine + offset, lines: [])
                continue
            }
            if current != nil { current!.lines.append(line) } else { preamble.append(line) }
        }
        if let current { sections.append(Section(title: current.title, markdown: trim(current.lines), line: current.line)) }
        return (trim(preamble), sections)
    }

    private static func trim(_ lines: [Substring]) -> String {
        lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}

enum FenceMarker {
    /// The fence characters that open a fenced code block on this line, if any.
    static func opening(_ trimmed: Substring) -> Substring? {
        for ch in ["`", "~"] as [Character] {
            let run = trimmed.prefix { $0 == ch }
            if run.count >= 3 {
                if ch == "`", trimmed.dropFirst(run.count).contains("`") { return nil }
                return run
            }
        }
        return nil
    }
}

extension String {
    func trimmingSuffix(_ character: Character) -> String {
        var s = Substring(self)
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}
