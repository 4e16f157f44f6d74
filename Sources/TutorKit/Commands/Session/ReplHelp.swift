import ArgumentParser

/// One command's help as the REPL types it: `/skill [SLUG]`, what it does, its own options, and
/// no shell syntax.
public enum ReplHelp {
    /// The options every command takes; named once at the end rather than under each command.
    static let globalOptions: Set<String> = ["--no-color", "--no-pager", "--content", "--db", "--profile", "--all-stacks", "--version", "-h", "--help"]

    public struct Entry: Hashable, Sendable, Encodable {
        public var usage: String
        public var abstract: String
        /// The command's longer description, its lines as written.
        public var discussion: String?
        /// The command's arguments and options: how each is written, and what it does.
        public var options: [Option]
    }

    public struct Option: Hashable, Sendable, Encodable {
        public var name: String
        public var help: String
    }

    public static func entry(for type: any TutorCommand.Type) -> Entry {
        let configuration = type.configuration
        // Unwrapped (very wide) so each argument and option is one line: its name, two or more
        // spaces, its help.
        let text = RootCommand.helpMessage(for: type, columns: 10_000)
        var options: [Option] = []
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let header = line.first, header.isUppercase, line.hasSuffix(":") {
                section = String(line)
                continue
            }
            guard section == "ARGUMENTS:" || section == "OPTIONS:", line.hasPrefix("  ") else { continue }
            let body = line.drop { $0 == " " }
            guard let gap = body.range(of: "  ") else { continue }
            let name = String(body[..<gap.lowerBound])
            let names = name.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            if names.contains(where: { globalOptions.contains($0) }) { continue }
            options.append(Option(name: name, help: String(body[gap.upperBound...]).trimmedWhitespace))
        }
        let discussion = configuration.discussion.isEmpty ? nil : configuration.discussion
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                // Lines that show the command being typed get the REPL's slash.
                line.hasPrefix(type.name + " ") || line == type.name ? "/" + line : String(line)
            }
            .joined(separator: "\n")
        return Entry(usage: "/" + type.usage, abstract: configuration.abstract, discussion: discussion, options: options)
    }

    static let footer = "Every command also takes --no-color, --no-pager, --all-stacks, --content DIR, --db PATH and --profile NAME."
}
