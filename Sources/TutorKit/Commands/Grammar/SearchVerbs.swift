import ArgumentParser

struct SearchVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search lessons, quizzes, projects, stacks and practices.",
        discussion: "Words match their stems (retry finds retries) and the last word matches as a prefix. Quotes, operators and other punctuation are searched as plain words."
    )

    @Argument(help: "The words to look for.")
    var terms: [String] = []

    @Flag(help: "Print the results as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        guard !terms.isEmpty else { throw ValidationError("type what to look for: search idempotent retries") }
        return Invocation(command: .search(terms.joined(separator: " ")), json: json, settings: global.settings)
    }
}

struct OpenVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open result N of the last search."
    )

    @Argument(help: "The result's number, from 1.")
    var number: Int

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        guard number >= 1 else { throw ValidationError("result numbers start at 1") }
        return Invocation(command: .open(number), settings: global.settings)
    }
}

/// Writes the synthetic curriculum `make bench` measures; not listed in help.
struct BenchCorpusVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-corpus",
        abstract: "Write a synthetic curriculum for benchmarks.",
        shouldDisplay: false
    )

    @Argument(help: "The folder to write into.")
    var directory: String

    @Option(help: "How many skills.")
    var skills = 500

    @Option(help: "Lessons per skill.")
    var lessons = 20

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        guard skills >= 1, lessons >= 4 else { throw ValidationError("at least 1 skill of 4 lessons") }
        return Invocation(command: .benchCorpus(directory: directory, skills: skills, lessons: lessons), settings: global.settings)
    }
}
