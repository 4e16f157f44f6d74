extension VerifyReport: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var document: [Block] = [
            .heading(level: 1, content: [.text("Verify: \(project.title)")]),
            .paragraph([.text("Checked at "), .code("http://\(address)")] + (started.map { [.text(", started with "), .code($0)] } ?? [])
                       + (upstream.map { [.text("; the service it calls is played at "), .code($0)] } ?? []) + [.text(".")]),
        ]
        for (index, milestone) in project.milestones.enumerated() {
            let number = index + 1
            let mine = outcomes.filter { $0.milestone == number }
            guard !mine.isEmpty else { continue }
            let mark = verified.contains(number) ? " ✓ verified" : ""
            document.append(.heading(level: 2, content: [.text("Milestone \(number): \(milestone.title)\(mark)")]))
            // A milestone skipped whole, for one reason, is one line.
            if mine.count > 1, mine.allSatisfy({ $0.result == .skipped && $0.reason == mine[0].reason }) {
                document.append(.paragraph([.text("– \(mine.count) criteria skipped: \(mine[0].reason ?? "")")]))
                continue
            }
            document.append(.list(ordered: false, start: 1, tight: true, items: mine.map { Self.item(for: $0, prefix: p) }))
        }
        let other = outcomes.filter { !(1...project.milestones.count).contains($0.milestone) }
        if !other.isEmpty {
            document.append(.heading(level: 2, content: [.text("Criteria of no milestone")]))
            document.append(.list(ordered: false, start: 1, tight: true, items: other.map { Self.item(for: $0, prefix: p) }))
        }
        if !probes.isEmpty {
            document.append(.heading(level: 2, content: [.text("Security probes")]))
            document.append(.list(ordered: false, start: 1, tight: true, items: probes.map { Self.item(for: $0, prefix: p) }))
        }
        var summary = "\(passed) passed, \(failed) failed"
        if skipped > 0 { summary += ", \(skipped) skipped" }
        document.append(.paragraph([.strong([.text(summary + ".")])]))
        var blocks: [OutputBlock] = [.document(document)]
        if !serverOutput.isEmpty {
            blocks.append(.document([.paragraph([.text("Your server's last lines:")]), .code(language: "output", text: serverOutput.joined(separator: "\n"))]))
        }
        if failed == 0, skipped == 0 {
            blocks.append(.notice(.success, "Every criterion passes. \(p)progress shows the verified milestones."))
        } else if let first = (outcomes + probes).first(where: { $0.result == .failed }) {
            blocks.append(.notice(.info, "Fix the first failure, then run it again: \(p)verify \(project.slug)" + (started == nil ? "" : " (the command is remembered)") + (first.lesson.map { "; \(p)goto \($0) teaches it" } ?? "") + "."))
        } else {
            blocks.append(.notice(.info, "Nothing failed; the skipped criteria say why they did not run."))
        }
        return blocks
    }

    static func item(for outcome: CriterionOutcome, prefix p: String) -> ListItem {
        let mark: Inline = switch outcome.result {
        case .passed: .strong([.text("✓")])
        case .failed: .strong([.text("✗")])
        case .skipped: .text("–")
        }
        let status: [Inline] = outcome.statuses.isEmpty || outcome.result == .skipped ? [] : [.text(" → \(outcome.statuses.map(String.init).joined(separator: " or "))")]
        var blocks: [Block] = [.paragraph([mark, .text(" "), .code(outcome.request)] + status + (outcome.result == .skipped ? [.text(" skipped: \(outcome.reason ?? "")")] : []))]
        guard outcome.result == .failed else { return ListItem(blocks: blocks) }
        var lines: [Inline] = []
        if let reason = outcome.reason { lines += [.text(reason.capitalizedFirst + ".")] }
        if let expected = outcome.expected { lines += [.lineBreak, .text("expected: "), .code(expected)] }
        if let got = outcome.got { lines += [.lineBreak, .text("got: "), .code(got)] }
        if let note = outcome.note { lines += [.lineBreak, .emphasis([.text(note)])] }
        if let lesson = outcome.lesson { lines += [.lineBreak, .text("reread: "), .code("\(p)goto \(lesson)")] }
        blocks.append(.paragraph(lines))
        if let curl = outcome.curl { blocks.append(.code(language: "sh", text: curl)) }
        return ListItem(blocks: blocks)
    }
}
