extension HelpCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .command(let text):
            return [.preformatted(text)]
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
