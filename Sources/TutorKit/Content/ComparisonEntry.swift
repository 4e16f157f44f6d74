import Foundation

/// What kind of thing a comparison entry is: `/compare` lays only one kind side by side.
public enum ComparisonCategory: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case stack
    case database, cache
    case apiStyle = "api-style"
    case messageBroker = "message-broker"
    case authMethod = "auth-method"
    case container, ci, observability

    /// The categories of `Content/technologies/`.
    public static var technologies: [ComparisonCategory] { allCases.filter { $0 != .stack } }

    /// A category's name for people: `message broker`.
    public var title: String {
        switch self {
        case .stack: "stack"
        case .apiStyle: "API style"
        case .ci: "CI system"
        case .authMethod: "authentication method"
        case .container: "container platform"
        case .observability: "observability tool"
        default: rawValue.replacingOccurrences(of: "-", with: " ")
        }
    }

    /// Stacks first, then the technologies by name.
    public static func < (lhs: ComparisonCategory, rhs: ComparisonCategory) -> Bool {
        lhs == .stack ? rhs != .stack : (rhs == .stack ? false : lhs.rawValue < rhs.rawValue)
    }
}

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
    public var category: ComparisonCategory
    public var summary: String
    public var attributes: [Attribute]
    public var sources: [Source]
    public var overview: String

    public func value(_ attribute: String) -> String? { attributes.first { $0.name == attribute }?.value }
}

/// The one reader of `Content/stacks/` and `Content/technologies/`, for the catalog and lint
/// alike. An entry without its title, category, summary or attributes is unusable; other
/// problems are reported with it. That entries of one category share their attribute names is a
/// rule across files, which lint checks.
enum ComparisonReader {
    static let stackAttributes = ["framework", "language", "database", "orm", "api", "auth", "queue", "testing", "concurrency", "typing", "package-manager", "strengths", "weaknesses", "performance"]

    static func read(text: String, slug: String, file: String, isStack: Bool, sink: ProblemSink) -> ComparisonEntry? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "category", "summary", "attributes", "sources"])
        let title = f.string("title"), summary = f.string("summary", length: 1...200)
        var category: ComparisonCategory?
        if let name = f.string("category") {
            if isStack {
                if name == ComparisonCategory.stack.rawValue { category = .stack } else {
                    sink.report(f.line(of: "category"), "category", "a file under Content/stacks has category 'stack'")
                }
            } else if let known = ComparisonCategory(rawValue: name), known != .stack {
                category = known
            } else {
                sink.report(f.line(of: "category"), "category", "'\(name)' is not one of: \(ComparisonCategory.technologies.map(\.rawValue).sorted().joined(separator: ", "))")
            }
        }
        var sources: [ComparisonEntry.Source] = []
        for source in f.mappings("sources") ?? [] {
            source.rejectUnknownKeys(["id", "title", "url", "date"])
            let id = source.string("id"), sourceTitle = source.string("title"), url = source.string("url"), date = source.string("date")
            if let url, !url.hasPrefix("https://"), !url.hasPrefix("http://") {
                source.sink.report(source.line(of: "url"), source.path + "url", "must be an http(s) URL")
            }
            if let id, let sourceTitle, let url, let date { sources.append(.init(id: id, title: sourceTitle, url: url, date: date)) }
        }
        var attributes: [ComparisonEntry.Attribute]?
        if let mapping = f.node("attributes")?.mapping {
            var list: [ComparisonEntry.Attribute] = []
            let cited = Set(sources.map(\.id))
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard let text = value.string, value.scalar != nil, !text.trimmedWhitespace.isEmpty else {
                    sink.report(f.line(of: key), "attributes.\(name)", "must be non-empty text")
                    continue
                }
                for id in citations(in: text) where !cited.contains(id) {
                    sink.report(f.line(of: key), "attributes.\(name)", "cites [\(id)], which is not among the sources")
                }
                list.append(.init(name: name, value: text.trimmedWhitespace))
            }
            if isStack, mapping.compactMap({ $0.key.string }) != stackAttributes {
                sink.report(f.line(of: "attributes"), "attributes", "a stack has exactly these attributes in this order: \(stackAttributes.joined(separator: ", "))")
            }
            attributes = list
        } else {
            sink.report(f.line(of: "attributes"), "attributes", f.has("attributes") ? "must be a map of attribute names to text" : "is required")
        }
        guard let title, let category, let summary, let attributes else { return nil }
        return ComparisonEntry(slug: slug, title: title, category: category, summary: summary, attributes: attributes,
                               sources: sources, overview: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }

    /// The source ids cited as `[id]` in a value.
    static func citations(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let id = String(after[..<close])
            if Slug.isValid(id) { result.append(id) }
            rest = after[after.index(after: close)...]
        }
        return result
    }
}
