import Foundation

extension ExerciseCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .shown(let card): card.blocks(in: view)
        case .list(let listing): listing.blocks(in: view)
        }
    }
}

extension ExerciseCard {
    func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var about = "After lesson \(lesson), \(lessonTitle) · \(kind.rawValue)"
        if let dataset { about += " on the dataset \(dataset)" }
        if status != "new" { about += " · \(status)" }
        var document: [Block] = [
            .heading(level: 1, content: [.text("Exercise \(number) of \(count) · \(skillTitle)")]),
            .paragraph([.emphasis([.text(about)])]),
        ]
        document += MarkdownParser.parse(prompt).blocks
        document += QuizReply.choices(choices)
        if !tables.isEmpty {
            document.append(.paragraph([.text("Tables: ")] + Self.joined(tables.map { Inline.code($0) })))
        }
        if !hints.isEmpty {
            document.append(.paragraph([.strong([.text("Hints so far")])]))
            document.append(.list(ordered: true, start: 1, tight: true, items: hints.map { ListItem(blocks: MarkdownParser.parse($0).blocks) }))
        }
        var blocks: [OutputBlock] = [.document(document)]
        let more = "\(p)hint gives a hint (\(hintCount - hints.count) left), \(p)giveup shows the solution"
        switch kind {
        case .sql:
            let explore = dataset.map { "\(p)sql \($0) explores the data" } ?? ""
            blocks.append(.notice(.info, view.mode == .repl
                ? "\(explore.capitalizedFirst); \(more)."
                : "Answer with \(p)check --answer 'SELECT …' or --file query.sql. \(explore); \(more)."))
        case .answer:
            blocks.append(.notice(.info, view.mode == .repl
                ? "\(more.capitalizedFirst)."
                : "Answer with \(p)check --answer TEXT; \(more)."))
        case .http:
            var text = "Add it to your server, start it, then \(p)check: it sends "
            text += requests.map { "`\($0)`" }.joined(separator: ", ")
            text += " to \(server ?? ServerOptions.defaultURL)"
            text += ". \(p)check --url URL or --run \"COMMAND\" changes where (remembered); \(more)."
            blocks.append(.notice(.info, text.replacingOccurrences(of: "`", with: "")))
        }
        return blocks
    }

    static func joined(_ items: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for (index, item) in items.enumerated() {
            if index > 0 { result.append(.text(", ")) }
            result.append(item)
        }
        return result
    }
}

extension ExerciseListing {
    func blocks(in view: ViewContext) -> [OutputBlock] {
        let rows: [[[Inline]]] = exercises.map { row in
            [[.text("\(row.number)")], [.text("\(row.lesson). \(row.lessonTitle)")], [.text(row.kind.rawValue)], [.text(row.status)]]
        }
        let solved = exercises.filter { $0.status == "solved" }.count
        return [
            .document([
                .heading(level: 1, content: [.text("Exercises · \(title)")]),
                .table(alignments: [.right, .left, .left, .left], header: [[.text("#")], [.text("After lesson")], [.text("Kind")], [.text("Status")]], rows: rows),
                .paragraph([.text("\(solved) of \(exercises.count) solved. "), .code("\(view.prefix)exercise \(skill) N"), .text(" opens one.")]),
            ]),
        ]
    }
}

extension CheckResult: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var blocks: [OutputBlock] = []
        if let notAnAnswer {
            return [.notice(.warning, "Not an answer: \(notAnAnswer). Nothing was counted.")]
        }
        if kind == .http {
            var document: [Block] = [.paragraph([.text("Checked at "), .code("http://\(address ?? "")"), .text(":")])]
            document.append(.list(ordered: false, start: 1, tight: true, items: outcomes.map { VerifyReport.item(for: $0, prefix: p) }))
            blocks.append(.document(document))
            if !serverOutput.isEmpty {
                blocks.append(.document([.paragraph([.text("Your server's last lines:")]), .code(language: "output", text: serverOutput.joined(separator: "\n"))]))
            }
        }
        if let failure {
            blocks.append(.document(SQLReply.failureBlocks(failure)))
        } else if let rows, !correct {
            blocks.append(.document(SQLReply.tableBlocks(rows, limit: 10)))
        }
        if correct {
            var text = solvedBefore ? "Right again." : "Solved."
            if let rating, let due { text += " Rated \(rating.name); it comes back for review \(RelativeDate.until(due, from: now))." }
            else if let due { text += " It comes back for review \(RelativeDate.until(due, from: now))." }
            blocks.append(.notice(.success, text))
            if let rightAnswer { blocks.append(.notice(.info, "The answer: \(rightAnswer)")) }
            if let explanation { blocks.append(.document(MarkdownParser.parse(explanation).blocks)) }
            blocks.append(.notice(.info, "Lesson \(lesson), \(lessonTitle), is practised. \(p)solution shows the reference. " + (next ?? "")))
        } else {
            var text = kind == .http ? "Not yet: fix the first failure and \(p)check again." : "Not yet" + (reason.map { ": \($0)" } ?? (failure == nil ? "." : ": SQLite refused the query."))
            if !text.hasSuffix(".") { text += "." }
            blocks.append(.notice(.error, text))
            let hint = hintsLeft > 0 ? "\(p)hint gives a hint (\(hintsLeft) left)" : "no hints are left"
            blocks.append(.notice(.info, "\(hint); \(p)giveup shows the solution. Attempts: \(attempts)."))
        }
        return blocks
    }
}

extension HintCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        guard let last = hints.last else { return [.notice(.info, "This exercise has no hints.")] }
        var blocks: [OutputBlock] = [.document([.paragraph([.strong([.text("Hint \(hints.count) of \(total)")])])] + MarkdownParser.parse(last).blocks)]
        if !new {
            blocks.append(.notice(.info, "That was the last hint; \(view.prefix)giveup shows the solution."))
        } else if solved {
            blocks.append(.notice(.info, "You solved this one already; hints no longer change its rating."))
        } else if hints.count < total {
            blocks.append(.notice(.info, "\(total - hints.count) more hint\(total - hints.count == 1 ? "" : "s") left. A solve with hints is rated Hard, so it comes back sooner."))
        }
        return blocks
    }
}

extension ExerciseSolution: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var document: [Block] = [.heading(level: 1, content: [.text("Solution · exercise \(number) of \(skill)")])]
        if let rightAnswer { document.append(.paragraph([.strong([.text("Answer: ")]), .text(rightAnswer)])) }
        if let solution {
            if kind == .sql {
                document.append(.code(language: "sql", text: solution))
            } else {
                document += MarkdownParser.parse(solution).examples(examples, prefix: view.prefix).blocks
            }
        }
        document += MarkdownParser.parse(explanation).blocks
        var blocks: [OutputBlock] = [.document(document)]
        if gaveUp {
            blocks.append(.notice(.info, "Given up: it comes back for review \(due.map { RelativeDate.until($0, from: now) } ?? "soon"). Try it again then, without looking."))
        }
        return blocks
    }
}

extension GiveUpCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .solution(let solution): solution.blocks(in: view)
        case .confirm: []
        }
    }
}

extension SQLReply: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch body {
        case .opened(let tables):
            return [.document([
                .heading(level: 1, content: [.text("SQL on \(dataset)")]),
                .paragraph([.text("SQLite, in memory: change anything, nothing is saved. Tables: ")] + ExerciseCard.joined(tables.map { Inline.code($0) })),
                .paragraph([.text("End a statement with "), .code(";"), .text("; "), .code(".schema TABLE"), .text(" shows a table's columns, "), .code(".quit"), .text(" leaves.")]),
            ])]
        case .results(let results, let failure):
            var document: [Block] = []
            for result in results {
                if result.returnsRows {
                    document += Self.tableBlocks(result, limit: SQLCommand.shownRows)
                } else if !result.readOnly {
                    document.append(.paragraph([.text("\(result.changes) row\(result.changes == 1 ? "" : "s") changed.")]))
                }
            }
            if let failure { document += Self.failureBlocks(failure) }
            return document.isEmpty ? [] : [.document(document)]
        case .failure(let failure):
            return [.document(Self.failureBlocks(failure))]
        case .tables(let tables):
            return [.document([.paragraph(ExerciseCard.joined(tables.map { Inline.code($0) }))])]
        case .schema(let statements):
            return [.document([.code(language: "sql", text: statements.joined(separator: "\n"))])]
        case .help:
            return [.document([.list(ordered: false, start: 1, tight: true, items: [
                ".tables — the tables and views", ".schema [TABLE] — the statements that created them", ".quit — leave (also /quit or Ctrl-D)",
                "a statement ends with ; and may span lines",
            ].map { ListItem(blocks: [.paragraph([.text($0)])]) })])]
        case .left:
            return [.notice(.info, Question.Kind.sql.leaving ?? "")]
        }
    }

    static func tableBlocks(_ result: SQLResult, limit: Int) -> [Block] {
        let shown = result.rows.prefix(limit)
        let rows: [[[Inline]]] = shown.map { row in row.map { [.text($0.display)] } }
        let alignments: [TableAlignment] = result.columns.indices.map { index in
            result.rows.first.map { $0[index].number != nil } == true ? .right : .left
        }
        var blocks: [Block] = [.table(alignments: alignments, header: result.columns.map { [.text($0)] }, rows: rows)]
        let hidden = result.rows.count - shown.count + result.leftOut
        let total = result.rows.count + result.leftOut
        if hidden > 0 {
            blocks.append(.paragraph([.emphasis([.text("\(total) rows; the first \(shown.count) are shown, \(hidden) left out (LIMIT or WHERE narrows it).")])]))
        } else {
            blocks.append(.paragraph([.emphasis([.text("\(total) row\(total == 1 ? "" : "s").")])]))
        }
        return blocks
    }

    static func failureBlocks(_ failure: SQLFailure) -> [Block] {
        var blocks: [Block] = []
        if let line = failure.line, let column = failure.column, let excerpt = failure.excerpt {
            blocks.append(.paragraph([.text("SQLite: \(failure.message) (line \(line), column \(column)):")]))
            let caret = String(repeating: " ", count: max(column - 1, 0)) + "^"
            blocks.append(.code(language: "sql", text: excerpt + "\n" + caret))
        } else {
            blocks.append(.paragraph([.text("SQLite: \(failure.message)")]))
        }
        return blocks
    }
}
