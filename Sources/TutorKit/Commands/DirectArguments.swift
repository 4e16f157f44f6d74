import ArgumentParser

/// The plain command lines learners type most (`progress`, `next`, `skill rest-api-design`,
/// `search idempotent`, `help`), read without argument-parser.
///
/// argument-parser builds a command's argument set by reflection, and the Swift runtime's
/// first-use type and conformance lookups behind it (each a scan of the binary's 7,700
/// conformance records) cost 13 to 17 million instructions a run, a quarter to a third of
/// `progress` (docs/BENCHMARKS.md). This reads the same grammar for the same commands and
/// fills the command's own properties, so the command is the type argument-parser would have
/// made, with the same values. Anything else goes to argument-parser, which also writes every
/// error message: a short option, `--`, `--help`, an unknown or repeated option, an option
/// without its value or with one that starts with `-`, the wrong number of words, or a command
/// whose `validate()` refuses them.
struct DirectArguments: Sendable {
    /// A command's own flags (long names, without the dashes) and how many other words it takes.
    struct Grammar: Sendable {
        var flags: [String]
        /// Flags that may also be given as `--no-NAME`.
        var invertible: [String] = []
        var words: ClosedRange<Int>

        init(flags: [String] = [], invertible: [String] = [], words: ClosedRange<Int> = 0...0) {
            self.flags = flags
            self.invertible = invertible
            self.words = words
        }
    }

    private(set) var global = GlobalOptions.defaults
    /// Each flag given: true, or false for its `--no-` form.
    private var flags: [String: Bool] = [:]
    /// The other words, in order.
    private(set) var words: [String] = []

    /// The flag's value: nil when it was not given.
    func flag(_ name: String) -> Bool? { flags[name] }

    /// The global options' flags and the options that take a value.
    private static let globalFlags: Set<String> = ["no-color", "no-pager", "all-stacks"]
    private static let globalValues: Set<String> = ["content", "db", "profile"]

    /// Reads `arguments` (the command's name left out) for a command of `grammar`; nil when
    /// argument-parser must read them.
    init?(_ arguments: some Collection<String>, grammar: Grammar) {
        var given: Set<String> = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("-") else {
                words.append(argument)
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            let body = argument.dropFirst(2)
            let name: String
            var inline: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inline = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            // The key an option is known by: --no-NAME and --NAME are one flag.
            var key = name
            var value = true
            if name.hasPrefix("no-"), grammar.invertible.contains(String(name.dropFirst(3))) {
                key = String(name.dropFirst(3))
                value = false
            }
            guard given.insert(key).inserted else { return nil }
            if Self.globalValues.contains(name) {
                guard let text = inline ?? iterator.next(), !text.isEmpty, !text.hasPrefix("-") else { return nil }
                switch name {
                case "content": global.content = text
                case "db": global.database = text
                default: global.profile = text
                }
            } else if inline != nil {
                return nil
            } else if Self.globalFlags.contains(name) {
                switch name {
                case "no-color": global.noColor = true
                case "no-pager": global.noPager = true
                default: global.allStacks = true
                }
            } else if grammar.flags.contains(key) || grammar.invertible.contains(key) {
                flags[key] = value
            } else {
                return nil
            }
        }
        guard grammar.words.contains(words.count) else { return nil }
    }

    /// Where the command's name is in shell arguments that may start with global options
    /// (`--content DIR progress`); nil when they start with anything else.
    static func commandIndex(in arguments: [String]) -> Int? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-") else { return index }
            guard argument.hasPrefix("--") else { return nil }
            let name = argument.dropFirst(2)
            if globalFlags.contains(String(name)) {
                index += 1
            } else if globalValues.contains(String(name)) {
                index += 2
            } else if let equals = name.firstIndex(of: "="), globalValues.contains(String(name[..<equals])) {
                index += 1
            } else {
                return nil
            }
        }
        return nil
    }
}

extension GlobalOptions {
    /// Every global option at its default, as argument-parser leaves those not given.
    static var defaults: GlobalOptions {
        var options = GlobalOptions()
        options.noColor = false
        options.noPager = false
        options.content = nil
        options.database = nil
        options.profile = nil
        options.allStacks = false
        return options
    }
}
