import Foundation

/// A stack or a technology that `/compare` can lay beside others of its category.
public struct ComparisonEntry: Hashable, Sendable, Codable {
    public struct Attribute: Hashable, Sendable, Codable {
        public var name: String
        public var value: String
    }

    public struct Source: Hashable, Sendable, Codable {
        public var id: String
        public var title: String
        public var url: String
        public var date: String
    }

    public var slug: String
    public var title: String
    /// `stack`, or a technology category such as `message-broker`.
    public var category: String
    public var summary: String
    public var attributes: [Attribute]
    public var sources: [Source]
    public var overview: String

    public func value(_ attribute: String) -> String? { attributes.first { $0.name == attribute }?.value }
}

extension ComparisonEntry {
    /// A category's name for people: `message broker`.
    public static func categoryTitle(_ category: String) -> String {
        switch category {
        case "stack": "stack"
        case "api-style": "API style"
        case "ci": "CI system"
        case "auth-method": "authentication method"
        case "container": "container platform"
        case "observability": "observability tool"
        default: category.replacingOccurrences(of: "-", with: " ")
        }
    }
}

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

/// A check a program could run against a learner's server.
public struct AcceptanceCriterion: Hashable, Sendable, Codable {
    public var request: String
    public var body: String?
    public var requestHeaders: [String: String]
    public var status: Int
    public var headers: [String: String]
    /// Top-level field names and their JSON types, in file order.
    public var shape: [[String]]
    public var note: String?
}

enum ComparisonLoader {
    static func load(text: String, slug: String, file: String, sink: ProblemSink) -> ComparisonEntry? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let before = sink.problems.count
        let f = document.fields(sink)
        let title = f.string("title"), category = f.string("category"), summary = f.string("summary")
        var attributes: [ComparisonEntry.Attribute] = []
        if let mapping = f.node("attributes")?.mapping {
            for (key, value) in mapping {
                if let name = key.string, let text = value.string { attributes.append(.init(name: name, value: text.trimmedWhitespace)) }
            }
        } else {
            sink.report(f.line(of: "attributes"), "attributes", "must be a map of attribute names to text")
        }
        var sources: [ComparisonEntry.Source] = []
        for item in f.mappings("sources", required: false) ?? [] {
            if let id = item.string("id"), let t = item.string("title"), let url = item.string("url"), let date = item.string("date") {
                sources.append(.init(id: id, title: t, url: url, date: date))
            }
        }
        guard sink.problems.count == before, let title, let category, let summary else { return nil }
        return ComparisonEntry(slug: slug, title: title, category: category, summary: summary, attributes: attributes,
                               sources: sources, overview: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }
}

enum ChecklistLoader {
    static func load(text: String, slug: String, file: String, sink: ProblemSink) -> Checklist? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let before = sink.problems.count
        let f = document.fields(sink)
        let title = f.string("title"), summary = f.string("summary")
        let (_, sections) = SectionSplitter.split(document.body, firstLine: document.bodyLine)
        var items: [Checklist.Item] = []
        for section in sections {
            let body = ("\n" + section.markdown).components(separatedBy: "\n### ").dropFirst()
            var why = "", how = ""
            for part in body {
                let heading = part.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
                let text = SectionSplitter.trimmedNewlines(part.drop { $0 != "\n" })
                if heading == "Why" { why = text } else if heading == "How" { how = text }
            }
            items.append(.init(title: section.title, why: why, how: how))
        }
        guard sink.problems.count == before, let title, let summary else { return nil }
        return Checklist(slug: slug, title: title, summary: summary, items: items)
    }
}

enum CriterionLoader {
    static func load(_ fields: YAMLFields) -> AcceptanceCriterion? {
        guard let request = fields.string("request"), let status = fields.int("status", range: 100...599) else { return nil }
        func map(_ key: String) -> [String: String] {
            guard let mapping = fields.node(key)?.mapping else { return [:] }
            var result: [String: String] = [:]
            for (k, v) in mapping { if let name = k.string, let value = v.string { result[name] = value } }
            return result
        }
        var shape: [[String]] = []
        if let mapping = fields.node("shape")?.mapping {
            for (k, v) in mapping { if let name = k.string, let type = v.string { shape.append([name, type]) } }
        }
        return AcceptanceCriterion(request: request, body: fields.string("body", required: false), requestHeaders: map("request_headers"),
                                   status: status, headers: map("headers"), shape: shape, note: fields.string("note", required: false))
    }
}
