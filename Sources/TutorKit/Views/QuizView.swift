extension QuizReply: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var blocks: [OutputBlock] = []
        switch intro {
        case .quiz(let title, let count):
            blocks.append(.document([
                .heading(level: 1, content: [.text("Quiz: \(title)")]),
                .paragraph([.text("\(count) question\(count == 1 ? "" : "s"). Answer by letter, t or f, or a short text; "), .code("/skip"), .text(" passes one, "), .code("/quit"), .text(" ends the quiz and keeps your answers.")]),
            ]))
        case .review(let count):
            blocks.append(.document([
                .heading(level: 1, content: [.text("Review: \(count) card\(count == 1 ? "" : "s") due")]),
                .paragraph([.text("Recall each answer before you type it; the schedule adapts to how well you remember.")]),
            ]))
        case nil:
            break
        }
        switch step.feedback {
        case .graded(let correct, let rightAnswer, let explanation, let rating, let due, let at):
            blocks.append(correct ? .notice(.success, "Right.") : .notice(.error, "Not quite. The answer: \(rightAnswer)"))
            blocks.append(.document(MarkdownParser.parse(explanation).blocks))
            blocks.append(.notice(.info, "Rated \(rating.name); next review \(RelativeDate.until(due, from: at))."))
        case .notAnAnswer(let hint):
            blocks.append(.notice(.warning, "Not an answer: \(hint). Nothing was counted."))
        case .skipped(let rightAnswer, let explanation):
            blocks.append(.notice(.info, "Skipped, not rated. The answer: \(rightAnswer)"))
            blocks.append(.document(MarkdownParser.parse(explanation).blocks))
        case .rerated(let rating, let due, let at):
            blocks.append(.notice(.success, "Rated \(rating.name) instead; next review \(RelativeDate.until(due, from: at))."))
        case nil:
            break
        }
        if let summary = step.summary {
            blocks += Self.blocks(summary, prefix: view.prefix)
        } else if let question = step.session.currentQuestion {
            let session = step.session
            var document: [Block] = [.paragraph([.strong([.text("Question \(session.index + 1) of \(session.count)")]),
                                                 .text(session.source == .review ? " · \(session.questions[session.index].skillTitle)" : "")])]
            document += MarkdownParser.parse(question.prompt).blocks
            document += Self.choices(question.choices)
            blocks.append(.document(document))
        }
        return blocks
    }

    /// Lettered choices, each a line of Markdown (`code` in it shows as code): quizzes' and
    /// exercises' alike.
    static func choices(_ choices: [String]) -> [Block] {
        choices.enumerated().map { index, choice in
            let letter = String(Character(Unicode.Scalar(UInt8(97 + index))))
            let inline: [Inline] = if case .paragraph(let content)? = MarkdownParser.parse(choice).blocks.first { content } else { [.text(choice)] }
            return .paragraph([.strong([.text("  \(letter)) ")])] + inline)
        }
    }

    static func blocks(_ summary: QuizStep.Summary, prefix: String) -> [OutputBlock] {
        var blocks: [Block] = [.heading(level: 2, content: [.text(summary.stopped ? "Stopped" : "Done")])]
        var score = "\(summary.right) of \(summary.answered) right"
        if summary.skipped > 0 { score += ", \(summary.skipped) skipped" }
        if summary.notAsked > 0 { score += ", \(summary.notAsked) not asked" }
        blocks.append(.paragraph([.strong([.text(score + ".")]), .text(summary.answered > 0 ? " Your answers are saved as review cards." : "")]))
        if !summary.reread.isEmpty {
            blocks.append(.paragraph([.text("Reread:")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: summary.reread.map { lesson in
                ListItem(blocks: [.paragraph([.text("\(lesson.title) — "), .code("\(prefix)goto \(lesson.skill) \(lesson.lesson)")])])
            }))
        }
        var output: [OutputBlock] = [.document(blocks)]
        if let mastery = summary.mastery {
            output.append(.notice(.info, "Mastery of \(summary.title): \(Mastery.percent(mastery)) of its questions answered right at your latest try."))
        }
        return output
    }
}
