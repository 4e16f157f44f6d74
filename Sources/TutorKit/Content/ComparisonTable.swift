/// Entries of one category laid side by side, row by attribute: what `/compare` shows and
/// `compare --json` prints.
public struct ComparisonTable: Codable, Hashable, Sendable {
    public struct Column: Codable, Hashable, Sendable {
        public var slug: String
        public var title: String
    }

    public struct Row: Codable, Hashable, Sendable {
        public var attribute: String
        public var values: [String]
        /// True when every column says the same.
        public var same: Bool
    }

    public struct SourceRef: Codable, Hashable, Sendable {
        public var entry: String
        public var id: String
        public var title: String
        public var url: String
        public var date: String
    }

    public var category: ComparisonCategory
    public var columns: [Column]
    public var rows: [Row]
    public var sources: [SourceRef]

    /// The table for `entries`, which share a category; sources once each, in entry order.
    public init(_ entries: [ComparisonEntry]) {
        let attributes = entries.first?.attributes.map(\.name) ?? []
        rows = attributes.map { name in
            let values = entries.map { $0.value(name) ?? "—" }
            let normalised = Set(values.map { $0.lowercased().trimmedWhitespace })
            return Row(attribute: name, values: values, same: normalised.count == 1)
        }
        var seen: Set<String> = []
        var sources: [SourceRef] = []
        for entry in entries {
            for source in entry.sources where seen.insert(source.id + " " + source.url).inserted {
                sources.append(.init(entry: entry.slug, id: source.id, title: source.title, url: source.url, date: source.date))
            }
        }
        self.sources = sources
        category = entries.first?.category ?? .stack
        columns = entries.map { .init(slug: $0.slug, title: $0.title) }
    }

    /// `package-manager` → `Package manager`, `orm` → `ORM`.
    public static func attributeTitle(_ name: String) -> String {
        let acronyms: Set<String> = ["api", "orm", "ci", "sql", "acid"]
        return name.split(separator: "-").enumerated().map { index, word in
            acronyms.contains(String(word)) ? word.uppercased() : (index == 0 ? String(word).capitalizedFirst : String(word))
        }.joined(separator: " ")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
