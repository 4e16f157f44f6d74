extension HelpCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .command(let text):
            return [.preformatted(text)]
        case .replCommand(let entry):
            var blocks: [OutputBlock] = [.document([.paragraph([.code(entry.usage), .text("  \(entry.abstract)")])])]
            if let discussion = entry.discussion {
                let lines = discussion.split(separator: "\n").map { String($0).trimmedWhitespace }.filter { !$0.isEmpty }
                // Lines laid out as `usage   what it does` become fields; prose stays prose.
                let columns = lines.compactMap { line -> Field? in
                    guard let gap = line.range(of: "  ") else { return nil }
                    return Field(String(line[..<gap.lowerBound]), String(line[gap.upperBound...]).trimmedWhitespace)
                }
                blocks.append(columns.count == lines.count ? .fields(columns) : .document([.paragraph([.text(lines.joined(separator: " "))])]))
            }
            if !entry.options.isEmpty { blocks.append(.fields(entry.options.map { Field($0.name, $0.help) })) }
            blocks.append(.document([.paragraph([.emphasis([.text(ReplHelp.footer)])])]))
            return blocks
        case .overview(let lines):
            let prefix = view.mode == .repl ? "/" : ""
            let detail = view.mode == .repl
                ? "Type /help COMMAND for a command's options, such as /help skill. Tab completes commands and skill names; Ctrl-D or /quit leaves."
                : "Run backend-tutor COMMAND --help for a command's options. With no command, backend-tutor starts the interactive tutor."
            return [
                .document([.heading(level: 1, content: [.text(view.mode == .repl ? "Commands" : "Commands (after backend-tutor)")])]),
                .fields(lines.map { Field(prefix + $0.usage, $0.summary) }),
                .notice(.info, detail),
            ]
        }
    }
}
