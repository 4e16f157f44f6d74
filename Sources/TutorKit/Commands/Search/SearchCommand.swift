import ArgumentParser

/// `search TERMS`: the whole curriculum, ranked.
public struct SearchCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search lessons, quizzes, projects, stacks and practices.",
        discussion: "Words match their stems (retry finds retries) and the last word matches as a prefix. Quotes, operators and other punctuation are searched as plain words."
    )
    public static let usage = "search TERMS"

    @Argument(help: "The words to look for.")
    public var terms: [String] = []

    @Flag(help: "Print the results as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        guard !terms.isEmpty else { throw ValidationError("type what to look for: search idempotent retries") }
    }

    public var needs: Needs { Needs(.index, .none) }

    public struct Result: CommandResult {
        public var terms: String
        public var results: [SearchResult]
        /// Whether this search built the index first.
        public var indexed: Bool

        public func encode(to encoder: any Encoder) throws {
            let clean = results.map { result -> SearchResult in
                var copy = result
                copy.snippet = copy.snippet.replacingOccurrences(of: ContentCache.startMark, with: "").replacingOccurrences(of: ContentCache.endMark, with: "")
                return copy
            }
            try clean.encode(to: encoder)
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let terms = terms.joined(separator: " ")
        let cache = context.cache ?? ContentCache.inMemory()
        let rebuilt = try cache.ensureIndex(context.catalog)
        guard ContentCache.ftsQuery(terms) != nil else {
            throw CommandError.usage("type words to search for, such as \(context.prefix)search idempotent retries")
        }
        return Result(terms: terms, results: try cache.search(terms), indexed: rebuilt && context.cache != nil)
    }
}
