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

    public static func direct(_ arguments: [String]) -> Self? {
        guard let read = DirectArguments(arguments, grammar: .init(flags: ["json"], words: 1...CommandParser.maximumArguments)) else { return nil }
        var command = Self()
        command.global = read.global
        command.terms = read.words
        command.json = read.flag("json") ?? false
        return command
    }

    public var looksOnly: Bool { true }

    public func validate() throws {
        guard !terms.isEmpty else { throw ValidationError("type what to look for: search idempotent retries") }
    }

    public var needs: Needs { Needs(.index, .none) }

    public struct Result: CommandResult {
        public var terms: String
        public var results: [SearchResult]
        /// Whether this search built the index first.
        public var indexed: Bool
        /// Whether the index on disk was damaged, and this search used one built in memory.
        public var damaged: Bool

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
        if let problem = ContentCache.queryProblem(terms) {
            throw CommandError.usage(problem + (ContentCache.words(terms).isEmpty ? ", such as \(context.prefix)search idempotent retries" : ""))
        }
        let cache = context.cache ?? ContentCache.inMemory()
        let found = Self.search(terms, in: cache, catalog: context.catalog)
        switch found {
        case .success(let (results, rebuilt)):
            return Result(terms: terms, results: results, indexed: rebuilt && context.cache != nil, damaged: false)
        case .failure(.damaged):
            // A damaged index goes; this search is answered from one built in memory.
            cache.discard()
            let catalog = context.catalog.skills.isEmpty ? Catalog.load(from: context.catalog.root) : context.catalog
            let (results, _) = try Self.search(terms, in: ContentCache.inMemory(), catalog: catalog).get()
            return Result(terms: terms, results: results, indexed: false, damaged: true)
        case .failure(let error):
            throw error
        }
    }

    private static func search(_ terms: String, in cache: ContentCache, catalog: Catalog) -> Swift.Result<([SearchResult], Bool), SearchError> {
        do {
            let rebuilt = try cache.ensureIndex(catalog)
            return .success((try cache.search(terms), rebuilt))
        } catch {
            return .failure(error)
        }
    }

}
