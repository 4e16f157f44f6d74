import ArgumentParser

/// `compare A B [C D]`: stacks or technologies of one kind, side by side.
public struct CompareCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Lay 2 to 4 stacks or technologies side by side.",
        discussion: "compare node python · compare rest graphql grpc · compare kafka rabbitmq nats. With no names, lists what can be compared."
    )
    public static let usage = "compare A B [C D]"
    public static let completion: ArgumentCompletion? = .comparable

    @Argument(help: "2 to 4 names of the same category.", completion: .custom(ShellCompletion.comparables))
    public var names: [String] = []

    @Flag(help: "Hide the rows where every column says the same.")
    public var diff = false

    @Flag(help: "Print the table as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var looksOnly: Bool { true }

    public func validate() throws {
        if names.count == 1 { throw ValidationError("name 2 to 4 things to compare, such as: compare \(names[0]) and another of its kind; compare with no names lists them") }
        if names.count > 4 { throw ValidationError("compare takes at most 4 names; it got \(names.count)") }
    }

    public var needs: Needs { Needs(.catalog, .none) }

    public enum Result: CommandResult {
        /// What can be compared, by category: stacks first.
        case list([(category: ComparisonCategory, entries: [ComparisonEntry])])
        case table(ComparisonTable, diff: Bool)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .list(let groups):
                let grouped = groups.map { ["category": $0.category.rawValue, "names": $0.entries.map(\.slug).joined(separator: " ")] }
                try grouped.encode(to: encoder)
            case .table(let table, _): try table.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let catalog = context.catalog
        if names.isEmpty {
            let categories = Set(catalog.comparisons.map(\.category)).sorted()
            return .list(categories.map { category in (category, catalog.comparisons.filter { $0.category == category }) })
        }
        var entries: [ComparisonEntry] = []
        for name in names { entries.append(try Self.entry(name, in: context)) }
        if Set(entries.map(\.slug)).count != entries.count { throw CommandError.usage("each name once: compare different things") }
        if Set(entries.map(\.category)).count > 1 {
            let kinds = entries.map { "\($0.slug) is \(Self.article($0.category.title))" }
            throw CommandError.usage("\(kinds.joined(separator: ", ")): compare things of one kind, such as \(context.prefix)compare \(Self.closest(to: entries, in: catalog).joined(separator: " "))")
        }
        var table = ComparisonTable(entries)
        if diff { table.rows.removeAll(where: \.same) }
        return .table(table, diff: diff)
    }

    /// The comparison nearest to what was asked: the names given of the kind most of them share
    /// (the first name's kind on a tie), topped up to two with others of that kind.
    static func closest(to entries: [ComparisonEntry], in catalog: Catalog) -> [String] {
        let counts = Dictionary(entries.map { ($0.category, 1) }, uniquingKeysWith: +)
        let best = counts.values.max() ?? 0
        guard let kind = entries.first(where: { counts[$0.category] == best })?.category else { return [] }
        var names = entries.filter { $0.category == kind }.map(\.slug)
        for other in catalog.comparisons where other.category == kind && names.count < 2 && !names.contains(other.slug) {
            names.append(other.slug)
        }
        return names
    }

    /// What Tab offers for the next name: every name at first, then only names of the kind
    /// already typed, never one typed twice.
    public static func completions(after typed: [String], prefix: String, in catalog: Catalog) -> [String] {
        let given = typed.compactMap { name in catalog.comparisons.first { $0.slug == name } }
        return catalog.comparisons
            .filter { given.isEmpty || $0.category == given[0].category }
            .map(\.slug)
            .filter { $0.hasPrefix(prefix) && !typed.contains($0) }
    }

    /// A stack or technology by slug or title, or an error naming the nearest ones.
    static func entry(_ name: String, in context: CommandContext) throws(CommandError) -> ComparisonEntry {
        let wanted = name.lowercased()
        let catalog = context.catalog
        if let entry = catalog.comparison(wanted) ?? catalog.comparisons.first(where: { $0.title.lowercased() == wanted }) {
            return entry
        }
        let suggestions = Suggestions.nearest(to: wanted, in: catalog.comparisons.map(\.slug))
        throw .usage("nothing called '\(Sanitizer.clean(name))' to compare" + (suggestions.isEmpty ? " — \(context.prefix)compare lists what can be compared" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    private static func article(_ noun: String) -> String {
        (["a", "e", "i", "o", "u"].contains(noun.prefix(1).lowercased()) ? "an " : "a ") + noun
    }
}
