/// What a line typed at a question is. A quiz's own words (`/skip`, `/rate`, `/quit`) and
/// anything that is not a command are answers; a command that only shows something runs and the
/// question is asked again; any other command is refused there, and nothing is counted.
public enum QuestionInput {
    /// The line answers the question (a quiz's `/skip`, `/rate` and `/quit` included).
    case answer(String)
    /// A command that only looks: run it, then ask the question again.
    case aside(any TutorCommand)
    /// Text to show, such as a command's `--help`; then the question is asked again.
    case show(String)
    /// Not taken here: the reason; the question is asked again.
    case refused(String)
    /// `/quit` at a question that is not a quiz's: leave the tutor.
    case quit

    public static func classify(_ line: String, for question: Question) -> QuestionInput {
        let text = line.trimmedWhitespace
        guard text.hasPrefix("/") else { return .answer(line) }
        let word = String(text.dropFirst().prefix { !$0.isWhitespace }).lowercased()
        let ownWords = question.kind.ownWords
        if let ownWords, ownWords.contains(word) { return .answer(line) }
        if ownWords == nil, QuizRunner.quitWords.contains(word) { return .quit }
        // `/users/{id}` or `/python` is an answer, not a command.
        guard CommandList.command(named: word) != nil else { return .answer(line) }
        let outcome: ParseOutcome?
        do {
            outcome = try CommandParser.parse(line: text)
        } catch {
            return .refused(ErrorReport.message(of: error, in: .repl))
        }
        switch outcome {
        case .run(let command)?:
            if command.looksOnly { return .aside(command) }
            return .refused(ownWords != nil
                ? "finish or /quit \(question.kind.name) first: /\(word) would leave it. Nothing was counted."
                : "answer the question first, or /quit: /\(word) cannot run here.")
        case .exit(let message, _)?:
            return .show(message)
        case .startREPL?, nil:
            return .answer(line)
        }
    }

}
