/// How rendered text should look on the way out.
public struct RenderOptions: Sendable, Hashable {
    public var width: Int
    /// Escape codes for colour and style; off for pipes, NO_COLOR, TERM=dumb and --no-color.
    public var color: Bool
    /// OSC 8 hyperlinks; only with colour.
    public var hyperlinks: Bool
    /// ASCII only, for a terminal whose locale cannot show UTF-8.
    public var ascii: Bool

    public init(width: Int = 80, color: Bool = false, hyperlinks: Bool? = nil, ascii: Bool = false) {
        self.width = min(max(width, 20), 400)
        self.color = color
        self.hyperlinks = hyperlinks ?? color
        self.ascii = ascii
    }
}

/// Turns ``Output`` into text for a terminal or a pipe. Pure: the same input gives the same text.
public struct TerminalRenderer: Sendable {
    public var options: RenderOptions

    public init(options: RenderOptions) { self.options = options }

    private var writer: SpanWriter { SpanWriter(color: options.color, hyperlinks: options.color && options.hyperlinks) }

    public func render(_ output: Output) -> String {
        let parts = output.blocks.map { render($0).joined(separator: "\n") }.filter { !$0.isEmpty }
        let text = parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n"
        return options.ascii ? ASCIIText.fold(text) : text
    }

    public func render(_ document: Document) -> String {
        render(Output([.document(document)]))
    }

    func render(_ block: OutputBlock) -> [String] {
        switch block {
        case .document(let document):
            return renderBlocks(document.blocks, width: options.width)
        case .fields(let fields):
            return renderFields(fields)
        case .notice(let kind, let text):
            let (symbol, color): (String, Style.Color) = switch kind {
            case .info: ("›", .cyan)
            case .success: ("✓", .green)
            case .warning: ("!", .yellow)
            case .error: ("✗", .red)
            }
            return Wrapper.wrap([Span(text)], width: min(options.width, Self.proseWidth) - 2).enumerated().map { index, line in
                (index == 0 ? writer.write([Span(symbol, Style(bold: true, color: color))]) + " " : "  ") + writer.write(line)
            }
        case .preformatted(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.clean(String($0)) }
        case .bars(let bars):
            return renderBars(bars)
        }
    }

    /// `label  ███████░░░░░░  40%  12/30 (3 skipped)  note`, fitted to the width: when a label,
    /// a bar of ten cells, the figures and the note do not fit on one line, the label and note go
    /// on a line of their own above the bar.
    private func renderBars(_ bars: [Bar]) -> [String] {
        let figures = bars.map { bar -> String in
            let finished = bar.done + bar.known
            let percent = bar.total == 0 ? 100 : Int((Double(finished) / Double(bar.total) * 100).rounded(.down))
            var text = "\(String(repeating: " ", count: max(0, 3 - String(percent).count)))\(percent)%  \(finished)/\(bar.total)"
            let extra = [bar.known > 0 ? "\(bar.known) known" : nil, bar.skipped > 0 ? "\(bar.skipped) skipped" : nil].compactMap { $0 }
            if !extra.isEmpty { text += " (\(extra.joined(separator: ", ")))" }
            return text
        }
        let labels = bars.map { Sanitizer.clean($0.label) }
        let notes = bars.map { $0.note.map(Sanitizer.clean) }
        let labelWidth = labels.map { TextWidth.of($0) }.max() ?? 0
        let figureWidth = figures.map { TextWidth.of($0) }.max() ?? 0
        let noteWidth = notes.map { $0.map { TextWidth.of($0) + 2 } ?? 0 }.max() ?? 0
        let oneLine = labelWidth + 2 + 10 + 2 + figureWidth + noteWidth <= options.width
        let barWidth = oneLine
            ? min(options.width - labelWidth - figureWidth - noteWidth - 4, 30)
            : max(min(options.width - figureWidth - 4, 30), 5)
        return zip(bars.indices, bars).flatMap { index, bar -> [String] in
            let total = max(bar.total, 1)
            let full = bar.total == 0 ? barWidth : min((bar.done + bar.known) * barWidth / total, barWidth)
            let skipped = min(bar.skipped * barWidth / total, barWidth - full)
            let drawn = writer.write([
                Span(String(repeating: "█", count: full), Style(color: .green)),
                Span(String(repeating: "▒", count: skipped), Style(dim: true, color: .gray)),
                Span(String(repeating: "░", count: barWidth - full - skipped), Style(dim: true, color: .gray)),
            ]) + "  " + figures[index]
            let note = notes[index].map { "  " + writer.write([Span($0, Style(bold: true, color: .cyan))]) } ?? ""
            let label = labels[index]
            guard oneLine else {
                let heading = Wrapper.wrap([Span(label, Style(bold: true))], width: max(options.width - noteWidth, 10)).map { writer.write($0) }
                return heading.dropLast() + [(heading.last ?? "") + note, "  " + drawn]
            }
            let padding = String(repeating: " ", count: labelWidth - TextWidth.of(label) + 2)
            let notePadding = note.isEmpty ? "" : String(repeating: " ", count: figureWidth - TextWidth.of(figures[index]))
            return [writer.write([Span(label, Style(bold: true))]) + padding + drawn + notePadding + note]
        }
    }

    // MARK: - Blocks

    private func renderBlocks(_ blocks: [Block], width: Int, tight: Bool = false) -> [String] {
        var lines: [String] = []
        for block in blocks {
            let rendered = renderBlock(block, width: width)
            if rendered.isEmpty { continue }
            if !lines.isEmpty, !tight { lines.append("") }
            lines += rendered
        }
        return lines
    }

    /// Plain text wrapped at word boundaries, for messages written outside a rendered output.
    public static func wrap(_ text: String, width: Int) -> [String] {
        Wrapper.wrap([Span(text)], width: min(width, proseWidth)).map { $0.map(\.text).joined() }
    }

    /// The widest a paragraph of prose is set, as glow and mdcat do.
    static let proseWidth = 100

    private func renderBlock(_ block: Block, width: Int) -> [String] {
        switch block {
        case .heading(let level, let content):
            let style: Style = switch level {
            case 1: Style(bold: true, color: .cyan)
            case 2: Style(bold: true, color: .yellow)
            case 3: Style(bold: true)
            default: Style(bold: true, dim: true)
            }
            let lines = Wrapper.wrap(spans(content, base: style), width: width)
            var out = lines.map(writer.write)
            if level <= 2 {
                let rule = level == 1 ? "═" : "─"
                let ruleWidth = min(width, lines.map { TextWidth.of($0.map(\.text).joined()) }.max() ?? 0)
                out.append(writer.write([Span(String(repeating: rule, count: ruleWidth), Style(color: level == 1 ? .cyan : .yellow))]))
            }
            return out
        case .paragraph(let content):
            // Lines of prose longer than this are hard to read; code and tables may use the width.
            return Wrapper.wrap(spans(content), width: min(width, Self.proseWidth)).map(writer.write)
        case .code(let language, let text):
            return renderCode(language: language, text: text, width: width)
        case .list(let ordered, let start, let tight, let items):
            return renderList(ordered: ordered, start: start, tight: tight, items: items, width: width)
        case .quote(let blocks):
            let bar = writer.write([Span("│ ", Style(dim: true, color: .gray))])
            return renderBlocks(blocks, width: width - 2).map { bar + $0 }
        case .table(let alignments, let header, let rows):
            return TableRenderer(writer: writer, spans: { spans($0) }).render(alignments: alignments, header: header, rows: rows, width: width)
        case .thematicBreak:
            return [writer.write([Span(String(repeating: "─", count: width), Style(dim: true, color: .gray))])]
        }
    }

    private func renderCode(language: String, text: String, width: Int) -> [String] {
        var lines: [String] = []
        let label = language.isEmpty ? "code" : language
        lines.append("  " + writer.write([Span(label, Style(dim: true, color: .gray))]))
        var inComment = false
        // Room for the indent and the continuation sign.
        let codeWidth = max(width - 5, 10)
        let continuation = writer.write([Span("↩", Style(dim: true, color: .gray))])
        for line in Sanitizer.clean(text).split(separator: "\n", omittingEmptySubsequences: false) {
            let spans = SyntaxHighlighter.highlight(String(line), language: language, inBlockComment: &inComment)
            let pieces = CodeWrapper.wrap(spans, width: codeWidth)
            for (index, piece) in pieces.enumerated() {
                let text = writer.write(piece)
                let marked = index < pieces.count - 1 ? text + continuation : text
                lines.append(text.utf8.allSatisfy { $0 == 0x20 } && index == pieces.count - 1 ? "" : "    " + marked)
            }
        }
        return lines
    }

    private func renderList(ordered: Bool, start: Int, tight: Bool, items: [ListItem], width: Int) -> [String] {
        var lines: [String] = []
        let lastNumber = start + items.count - 1
        let numberWidth = String(lastNumber).count
        for (index, item) in items.enumerated() {
            var marker: String
            var markerStyle = Style(color: .cyan)
            if ordered {
                let number = String(start + index)
                marker = String(repeating: " ", count: numberWidth - number.count) + number + ". "
            } else {
                marker = "• "
            }
            if let checked = item.checked {
                marker += checked ? "[x] " : "[ ] "
                if checked { markerStyle = Style(color: .green) }
            }
            let indent = TextWidth.of(marker)
            let body = renderBlocks(item.blocks, width: max(min(width, Self.proseWidth) - indent, 10), tight: tight)
            if !tight, !lines.isEmpty { lines.append("") }
            for (lineIndex, line) in body.enumerated() {
                let prefix = lineIndex == 0 ? writer.write([Span(marker, markerStyle)]) : String(repeating: " ", count: indent)
                lines.append(line.isEmpty ? "" : prefix + line)
            }
        }
        return lines
    }

    private func renderFields(_ fields: [Field]) -> [String] {
        let labelWidth = min(fields.map { TextWidth.of($0.label) }.max() ?? 0, options.width * 2 / 5)
        var lines: [String] = []
        for field in fields {
            let label = Span(field.label, Style(bold: true))
            let valueLines = Wrapper.wrap([Span(field.value)], width: max(options.width - labelWidth - 2, 10))
            // A label too long for the column takes a line of its own.
            let ownLine = TextWidth.of(label.text) > labelWidth
            if ownLine { lines.append(writer.write([label])) }
            for (index, line) in valueLines.enumerated() {
                if index == 0, !ownLine {
                    let pad = String(repeating: " ", count: max(labelWidth - TextWidth.of(label.text), 0) + 2)
                    lines.append(writer.write([label]) + pad + writer.write(line))
                } else {
                    lines.append(String(repeating: " ", count: labelWidth + 2) + writer.write(line))
                }
            }
        }
        return lines
    }

    // MARK: - Inlines

    func spans(_ inlines: [Inline], base: Style = .plain) -> [Span] {
        var result: [Span] = []
        for inline in inlines {
            switch inline {
            case .text(let text):
                result.append(Span(text, base))
            case .code(let code):
                let text = options.color ? code : "`\(code)`"
                result.append(Span(text, base.with { $0.color = .cyan }))
            case .emphasis(let content):
                result += spans(content, base: base.with { $0.italic = true })
            case .strong(let content):
                result += spans(content, base: base.with { $0.bold = true })
            case .strikethrough(let content):
                if options.color {
                    result += spans(content, base: base.with { $0.strikethrough = true })
                } else {
                    result += [Span("~~", base)] + spans(content, base: base) + [Span("~~", base)]
                }
            case .link(let destination, let content):
                let label = content.plainText
                if options.color && options.hyperlinks {
                    result += spans(content, base: base.with { $0.underline = true; $0.color = .blue; $0.link = destination })
                } else if label == destination || "mailto:" + label == destination {
                    result.append(Span(label, base.with { $0.underline = true }))
                } else {
                    result += spans(content, base: base.with { $0.underline = true })
                    result.append(Span(" (\(destination))", base.with { $0.dim = true }))
                }
            case .match(let text):
                if options.color {
                    result.append(Span(text, base.with { $0.bold = true; $0.color = .yellow }))
                } else {
                    result.append(Span("«\(text)»", base))
                }
            case .softBreak:
                result.append(Span(" ", base))
            case .lineBreak:
                result.append(Span("\n", base))
            }
        }
        return result
    }
}
