import Foundation

/// A best-practice checklist: items that each say why and how.
public struct Checklist: Hashable, Sendable, Codable {
    public struct Item: Hashable, Sendable, Codable {
        public var title: String
        public var why: String
        public var how: String
    }

    public var slug: String
    public var title: String
    public var summary: String
    public var items: [Item]
}

/// The one reader of `Content/practices/<slug>.md`, for the catalog and lint alike. A checklist
/// without its title or summary is unusable; other problems are reported with it.
enum ChecklistReader {
    static let minimumItems = 6

    static func read(text: String, slug: String, file: String, sink: ProblemSink) -> Checklist? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "summary"])
        let title = f.string("title"), summary = f.string("summary", length: 1...200)
        let (_, sections) = SectionSplitter.split(document.body, firstLine: document.bodyLine)
        if sections.count < minimumItems {
            sink.report(document.bodyLine, "items", "a checklist has at least \(minimumItems) items ('## ' sections); this one has \(sections.count)")
        }
        var items: [Checklist.Item] = []
        for section in sections {
            let headings = section.markdown.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).trimmingCharacters(in: .whitespaces) }
            if headings != ["Why", "How"] {
                sink.report(section.line, "items", "the item '\(section.title)' needs exactly two subsections, '### Why' then '### How'")
            }
            let body = ("\n" + section.markdown).components(separatedBy: "\n### ").dropFirst()
            var why = "", how = ""
            for part in body {
                let heading = part.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
                let text = SectionSplitter.trimmedNewlines(part.drop { $0 != "\n" })
                if heading == "Why" { why = text } else if heading == "How" { how = text }
            }
            items.append(.init(title: section.title, why: why, how: how))
        }
        guard let title, let summary else { return nil }
        return Checklist(slug: slug, title: title, summary: summary, items: items)
    }
}
