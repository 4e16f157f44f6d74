import Foundation

/// What the catalog knows of a skill without reading its lessons' Markdown.
public struct SkillMetadata: Codable, Hashable, Sendable {
    public var slug: String
    public var area: Area
    public var level: Level
    public var prerequisites: [String]
    /// The stack a language or framework skill teaches; nil for skills every learner needs.
    public var stack: Stack?
    public var hours: Int
    public var lessons: LessonTitles
    /// The title, summary and tags, which a command shows for a few skills at most.
    private var text: Text

    /// The title, summary and tags as strings, or still as the catalog snapshot's bytes: a
    /// command that follows the path reads every skill's metadata, and making these strings
    /// was about 2,000 instructions a skill (1.0 million of `progress` at 10,000 lessons,
    /// docs/BENCHMARKS.md).
    private enum Text: Sendable {
        case values(title: String, summary: String, tags: [String])
        /// The title, and the summary then the tags, where ``CompactWriter`` wrote them;
        /// ``decompact(_:)`` checked that they fit as it passed over them.
        case compact(title: CompactReader, details: CompactReader)

        var title: String {
            switch self {
            case .values(let title, _, _):
                return title
            case .compact(var reader, _):
                return (try? reader.string()) ?? ""
            }
        }

        var details: (summary: String, tags: [String]) {
            switch self {
            case .values(_, let summary, let tags):
                return (summary, tags)
            case .compact(_, var reader):
                let summary = (try? reader.string()) ?? ""
                return (summary, (try? reader.strings()) ?? [])
            }
        }
    }

    /// Setting one of the three decodes the summary and tags once, not once for each.
    public var title: String {
        get { text.title }
        set {
            let details = text.details
            text = .values(title: newValue, summary: details.summary, tags: details.tags)
        }
    }

    public var summary: String {
        get { text.details.summary }
        set { text = .values(title: title, summary: newValue, tags: text.details.tags) }
    }

    public var tags: [String] {
        get { text.details.tags }
        set { text = .values(title: title, summary: text.details.summary, tags: newValue) }
    }

    public init(slug: String, title: String, area: Area, level: Level, prerequisites: [String], stack: Stack?, hours: Int,
                summary: String, tags: [String], lessons: LessonTitles) {
        self.init(slug: slug, text: .values(title: title, summary: summary, tags: tags), area: area, level: level,
                  prerequisites: prerequisites, stack: stack, hours: hours, lessons: lessons)
    }

    /// A skill read from the catalog snapshot, its title, summary and tags left as bytes.
    init(slug: String, title: CompactReader, area: Area, level: Level, prerequisites: [String], stack: Stack?, hours: Int,
         details: CompactReader, lessons: LessonTitles) {
        self.init(slug: slug, text: .compact(title: title, details: details), area: area, level: level,
                  prerequisites: prerequisites, stack: stack, hours: hours, lessons: lessons)
    }

    private init(slug: String, text: Text, area: Area, level: Level, prerequisites: [String], stack: Stack?, hours: Int,
                 lessons: LessonTitles) {
        self.slug = slug
        self.text = text
        self.area = area
        self.level = level
        self.prerequisites = prerequisites
        self.stack = stack
        self.hours = hours
        self.lessons = lessons
    }

    private enum CodingKeys: String, CodingKey {
        case slug, title, area, level, prerequisites, stack, hours, summary, tags, lessons
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(slug: try container.decode(String.self, forKey: .slug), title: try container.decode(String.self, forKey: .title),
                  area: try container.decode(Area.self, forKey: .area), level: try container.decode(Level.self, forKey: .level),
                  prerequisites: try container.decode([String].self, forKey: .prerequisites),
                  stack: try container.decodeIfPresent(Stack.self, forKey: .stack), hours: try container.decode(Int.self, forKey: .hours),
                  summary: try container.decode(String.self, forKey: .summary), tags: try container.decode([String].self, forKey: .tags),
                  lessons: try container.decode(LessonTitles.self, forKey: .lessons))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let (summary, tags) = text.details
        try container.encode(slug, forKey: .slug)
        try container.encode(title, forKey: .title)
        try container.encode(area, forKey: .area)
        try container.encode(level, forKey: .level)
        try container.encode(prerequisites, forKey: .prerequisites)
        try container.encodeIfPresent(stack, forKey: .stack)
        try container.encode(hours, forKey: .hours)
        try container.encode(summary, forKey: .summary)
        try container.encode(tags, forKey: .tags)
        try container.encode(lessons, forKey: .lessons)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.slug == b.slug && a.title == b.title && a.area == b.area && a.level == b.level && a.prerequisites == b.prerequisites
            && a.stack == b.stack && a.hours == b.hours && a.lessons == b.lessons && a.text.details == b.text.details
    }

    public func hash(into hasher: inout Hasher) {
        let (summary, tags) = text.details
        hasher.combine(slug)
        hasher.combine(title)
        hasher.combine(area)
        hasher.combine(level)
        hasher.combine(prerequisites)
        hasher.combine(stack)
        hasher.combine(hours)
        hasher.combine(summary)
        hasher.combine(tags)
        hasher.combine(lessons)
    }
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

/// Splits Markdown into its `##` sections, ignoring `##` lines inside fenced code. Works on
/// UTF-8 bytes: it runs over every skill at start-up.
enum SectionSplitter {
    static func split(_ body: String, firstLine: Int) -> (preamble: String, sections: [Section]) {
        // Lines are found in the text's bytes, not through String's views: stepping those a byte
        // at a time was 3.7 million instructions of opening one lesson.
        var text = body
        return text.withUTF8 { bytes in
            let space = UInt8(ascii: " "), hash = UInt8(ascii: "#")
            var preambleEnd = bytes.count
            var sections: [Section] = []
            var current: (title: String, line: Int, start: Int)?
            var fence: (byte: UInt8, count: Int)?
            var lineNumber = firstLine
            var lineStart = 0
            while lineStart < bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let next = lineEnd == bytes.count ? lineEnd : lineEnd + 1
                var indent = 0
                while lineStart + indent < lineEnd, bytes[lineStart + indent] == space { indent += 1 }
                let trimmed = bytes[(lineStart + indent)..<lineEnd]
                if let open = fence {
                    let run = trimmed.prefix { $0 == open.byte }.count
                    if indent < 4, run >= open.count, trimmed.dropFirst(run).allSatisfy({ $0 == space || $0 == UInt8(ascii: "\r") }) { fence = nil }
                } else if indent < 4, let marker = FenceMarker.opening(bytes: trimmed) {
                    fence = marker
                } else if lineEnd - lineStart >= 2, bytes[lineStart] == hash, bytes[lineStart + 1] == hash,
                          lineEnd - lineStart == 2 || bytes[lineStart + 2] == space {
                    if let open = current {
                        sections.append(Section(title: open.title, markdown: trimmedNewlines(bytes, open.start..<lineStart), line: open.line))
                    } else {
                        preambleEnd = lineStart
                    }
                    var title = Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[(lineStart + 2)..<lineEnd]), as: UTF8.self))
                    title = title.drop { $0 == " " }
                    while let last = title.last, last == " " || last == "#" || last == "\r" { title = title.dropLast() }
                    current = (String(title), lineNumber, next)
                }
                lineNumber += 1
                if lineEnd == bytes.count { break }
                lineStart = next
            }
            if let open = current {
                sections.append(Section(title: open.title, markdown: trimmedNewlines(bytes, open.start..<bytes.count), line: open.line))
            }
            return (trimmedNewlines(bytes, 0..<preambleEnd), sections)
        }
    }

    /// The bytes in `range`, without the blank lines at either end.
    private static func trimmedNewlines(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let isNewline: (UInt8) -> Bool = { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        var first = range.lowerBound, end = range.upperBound
        while first < end, isNewline(bytes[first]) { first += 1 }
        while end > first, isNewline(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<end]), as: UTF8.self)
    }

    /// Drops blank lines at both ends without bridging to NSString.
    static func trimmedNewlines(_ text: Substring) -> String {
        let isNewline: (UInt8) -> Bool = { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isNewline($0) }), let last = utf8.lastIndex(where: { !isNewline($0) }) else { return "" }
        return String(text[first...last])
    }
}

enum FenceMarker {
    /// The fence character and length that open a fenced code block on this line, if any.
    static func opening(bytes trimmed: some Collection<UInt8>) -> (byte: UInt8, count: Int)? {
        for byte in [UInt8(ascii: "`"), UInt8(ascii: "~")] {
            let run = trimmed.prefix { $0 == byte }.count
            if run >= 3 {
                if byte == UInt8(ascii: "`"), trimmed.dropFirst(run).contains(byte) { return nil }
                return (byte, run)
            }
        }
        return nil
    }

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
