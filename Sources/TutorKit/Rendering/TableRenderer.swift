/// Draws GFM tables with box characters, wrapping cells when the table is wider than the screen.
struct TableRenderer {
    let writer: SpanWriter
    let spans: ([Inline]) -> [Span]

    func render(alignments: [TableAlignment], header: [[Inline]], rows: [[[Inline]]], width: Int) -> [String] {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        let all = [header] + rows
        let cells: [[[Span]]] = all.map { row in (0..<columns).map { $0 < row.count ? spans(row[$0]) : [] } }
        let natural = (0..<columns).map { c in cells.map { TextWidth.of($0[c].map(\.text).joined()) }.max() ?? 0 }
        let longestWord = (0..<columns).map { c in
            cells.map { row in row[c].map(\.text).joined().split(separator: " ").map { TextWidth.of($0) }.max() ?? 0 }.max() ?? 0
        }
        let available = width - (3 * columns + 1)
        guard let widths = Self.columnWidths(natural: natural, longestWord: longestWord, available: available) else {
            return stacked(header: cells[0], rows: Array(cells.dropFirst()), width: width)
        }
        let border = Style(dim: true, color: .gray)
        func rule(_ left: String, _ mid: String, _ right: String) -> String {
            writer.write([Span(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right, border)])
        }
        func line(_ row: [[Span]], bold: Bool) -> [String] {
            let wrapped = (0..<columns).map { c in
                Wrapper.wrap(row[c].map { bold ? Span($0.text, $0.style.with { $0.bold = true }) : $0 }, width: widths[c])
            }
            let height = wrapped.map(\.count).max() ?? 1
            let bar = writer.write([Span("│", border)])
            return (0..<height).map { i in
                bar + (0..<columns).map { c in
                    let content = i < wrapped[c].count ? wrapped[c][i] : []
                    let used = TextWidth.of(content.map(\.text).joined())
                    let gap = max(widths[c] - used, 0)
                    let alignment = c < alignments.count ? alignments[c] : .left
                    let (leading, trailing) = switch alignment {
                    case .left: (0, gap)
                    case .right: (gap, 0)
                    case .center: (gap / 2, gap - gap / 2)
                    }
                    return " " + String(repeating: " ", count: leading) + writer.write(content) + String(repeating: " ", count: trailing) + " "
                }.joined(separator: bar) + bar
            }
        }
        var lines = [rule("┌", "┬", "┐")]
        lines += line(cells[0], bold: true)
        lines.append(rule("├", "┼", "┤"))
        let body = cells.dropFirst().map { line($0, bold: false) }
        // When rows wrap onto several lines, a rule between them shows where each ends.
        let separate = body.contains { $0.count > 1 }
        for (index, row) in body.enumerated() {
            if separate, index > 0 { lines.append(rule("├", "┼", "┤")) }
            lines += row
        }
        lines.append(rule("└", "┴", "┘"))
        return lines
    }

    /// Widths that fit `available` columns: natural widths when they fit, else shrink the widest
    /// columns first, never below a column's longest word (capped) or 3; nil when even that fails.
    static func columnWidths(natural: [Int], longestWord: [Int], available: Int) -> [Int]? {
        let natural = natural.map { max($0, 1) }
        if natural.reduce(0, +) <= available { return natural }
        let floor = zip(natural, longestWord).map { min($0, max(min($1, 12), 3)) }
        guard floor.reduce(0, +) <= available else { return nil }
        var widths = natural
        while widths.reduce(0, +) > available {
            guard let widest = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] }) else { return nil }
            widths[widest] -= 1
        }
        return widths
    }

    /// For screens too narrow for columns: one block per row, titled by its first cell, with
    /// each other cell under its column's header.
    private func stacked(header: [[Span]], rows: [[[Span]]], width: Int) -> [String] {
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            if index > 0 { lines.append("") }
            lines += Wrapper.wrap(row.first ?? [], width: width).map { writer.write($0.map { Span($0.text, $0.style.with { $0.bold = true }) }) }
            for (c, cell) in row.enumerated().dropFirst() {
                let name = c < header.count ? header[c].map(\.text).joined() : ""
                let wrapped = Wrapper.wrap([Span(name + ": ", Style(bold: true, color: .cyan))] + cell, width: max(width - 4, 10))
                lines += wrapped.enumerated().map { ($0.offset == 0 ? "  " : "    ") + writer.write($0.element) }
            }
        }
        return lines
    }
}
