/// How a run of text looks. Rendering decides whether that becomes escape codes.
public struct Style: Hashable, Sendable {
    public enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
    }

    public var bold = false
    public var italic = false
    public var underline = false
    public var strikethrough = false
    public var dim = false
    public var color: Color?
    /// A hyperlink target, drawn with OSC 8 where hyperlinks are on.
    public var link: String?

    public init(bold: Bool = false, italic: Bool = false, underline: Bool = false, dim: Bool = false, color: Color? = nil) {
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.dim = dim
        self.color = color
    }

    public static let plain = Style()

    func with(_ change: (inout Style) -> Void) -> Style {
        var copy = self
        change(&copy)
        return copy
    }
}

extension Style {
    /// `text` in this style, or as it is without colour: for one-line messages and prompts
    /// outside a rendered output. The text is the program's own.
    public func apply(to text: String, color: Bool) -> String {
        guard color else { return text }
        let sgr = ANSI.sgr(self)
        return sgr.isEmpty ? text : sgr + text + ANSI.reset
    }

    /// A prompt for a line editor: the escape codes sit between the markers (U+0001, U+0002)
    /// that tell it they take no columns.
    public func prompt(_ text: String, color: Bool) -> String {
        guard color else { return text }
        let sgr = ANSI.sgr(self)
        return sgr.isEmpty ? text : "\u{1}" + sgr + "\u{2}" + text + "\u{1}" + ANSI.reset + "\u{2}"
    }
}

/// The only place escape sequences are written.
enum ANSI {
    static func sgr(_ style: Style) -> String {
        var codes: [String] = []
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.italic { codes.append("3") }
        if style.underline { codes.append("4") }
        if style.strikethrough { codes.append("9") }
        if let color = style.color { codes.append(String(color.rawValue)) }
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static let reset = "\u{1B}[0m"

    static func linkOpen(_ url: String) -> String { "\u{1B}]8;;\(url)\u{1B}\\" }
    static let linkClose = "\u{1B}]8;;\u{1B}\\"
}

/// A run of text in one style.
struct Span: Hashable {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .plain) {
        self.text = Sanitizer.clean(text)
        self.style = style
    }

    /// A span of text cut from a span's text, which its init already cleaned.
    init(cut text: String, _ style: Style) {
        self.text = text
        self.style = style
    }
}

/// Writes spans as text, with or without escape codes.
struct SpanWriter {
    var color: Bool
    var hyperlinks: Bool

    func write(_ spans: [Span]) -> String {
        guard color else { return spans.map(\.text).joined() }
        var out = ""
        for span in spans where !span.text.isEmpty {
            let sgr = ANSI.sgr(span.style)
            let link = hyperlinks ? span.style.link.map(Sanitizer.clean) : nil
            if let link { out += ANSI.linkOpen(link) }
            out += sgr + span.text + (sgr.isEmpty ? "" : ANSI.reset)
            if link != nil { out += ANSI.linkClose }
        }
        return out
    }
}

/// Greedy word wrapping of styled text to a column width.
enum Wrapper {
    private enum Piece {
        case space(Style)
        case newline
        /// A run of non-space text, each part with its width; it may span several styles (`**bold**ness`).
        case word([(span: Span, width: Int)])
    }

    /// Wraps `spans` into lines no wider than `width`; `\n` in the text forces a break.
    static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        let width = max(width, 1)
        var lines: [[Span]] = [[]]
        var lineWidth = 0
        var pendingSpace: Style?

        func append(_ piece: Span, width pieceWidth: Int) {
            guard !piece.text.isEmpty else { return }
            if let last = lines[lines.count - 1].last, last.style == piece.style {
                lines[lines.count - 1][lines[lines.count - 1].count - 1].text += piece.text
            } else {
                lines[lines.count - 1].append(piece)
            }
            lineWidth += pieceWidth
        }
        func newLine() {
            lines.append([])
            lineWidth = 0
            pendingSpace = nil
        }

        for piece in pieces(spans) {
            switch piece {
            case .newline:
                newLine()
            case .space(let style):
                if lineWidth > 0 { pendingSpace = style }
            case .word(let parts):
                let wordWidth = parts.reduce(0) { $0 + $1.width }
                if lineWidth > 0, lineWidth + (pendingSpace == nil ? 0 : 1) + wordWidth > width {
                    newLine()
                } else if let style = pendingSpace {
                    append(Span(cut: " ", style), width: 1)
                }
                pendingSpace = nil
                if lineWidth + wordWidth <= width {
                    for part in parts { append(part.span, width: part.width) }
                    continue
                }
                // Longer than a whole line: break it after a hyphen or slash when one falls on
                // the line (`idempotency-` / `key`), else where the line is full.
                var rest = Styled.characters(parts.map(\.span))
                while !rest.isEmpty {
                    var fits = Styled.fitting(rest, in: width - lineWidth)
                    if fits == rest.count {
                        for item in rest { append(Span(cut: String(item.character), item.style), width: TextWidth.of(item.character)) }
                        break
                    }
                    if fits == 0 {
                        if lineWidth == 0 { fits = 1 } else { newLine(); continue }
                    }
                    if let hyphen = rest[..<fits].lastIndex(where: { "-/".contains($0.character) }), hyphen > 0 { fits = hyphen + 1 }
                    for item in rest[..<fits] { append(Span(cut: String(item.character), item.style), width: TextWidth.of(item.character)) }
                    rest.removeFirst(fits)
                    newLine()
                }
            }
        }
        return lines
    }

    /// Splits styled text into words, spaces and forced breaks; a word keeps every style it crosses.
    private static func pieces(_ spans: [Span]) -> [Piece] {
        var result: [Piece] = []
        var word: [(span: Span, width: Int)] = []
        for span in spans {
            // Words are cut out of the text, not built a character at a time (12 of the 55
            // million instructions of rendering a skill).
            let text = span.text
            func cut(_ range: Range<String.Index>, width: Int) {
                if !range.isEmpty { word.append((Span(cut: String(text[range]), span.style), width)) }
            }
            func breaks(after range: Range<String.Index>, width: Int, space: Bool) {
                cut(range, width: width)
                if !word.isEmpty { result.append(.word(word)) }
                word = []
                result.append(space ? .space(span.style) : .newline)
            }
            let utf8 = text.utf8
            var start = text.startIndex
            if utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII: every byte is a character, and a printable one a column (a span's text is
                // clean, so only the newline is a control). Cut by bytes, without breaking the text
                // into characters: 8 million instructions of rendering a skill.
                var index = start
                while index != utf8.endIndex {
                    let byte = utf8[index]
                    let next = utf8.index(after: index)
                    if byte == 0x20 || byte == 0x0A {
                        breaks(after: start..<index, width: utf8.distance(from: start, to: index), space: byte == 0x20)
                        start = next
                    }
                    index = next
                }
                cut(start..<text.endIndex, width: utf8.distance(from: start, to: utf8.endIndex))
                continue
            }
            var index = start
            for ch in text {
                let next = utf8.index(index, offsetBy: ch.utf8.count)
                if ch == " " || ch == "\n" {
                    breaks(after: start..<index, width: TextWidth.of(text[start..<index]), space: ch == " ")
                    start = next
                }
                index = next
            }
            cut(start..<text.endIndex, width: TextWidth.of(text[start...]))
        }
        if !word.isEmpty { result.append(.word(word)) }
        return result
    }
}

/// Wrapping for code, which is never reflowed: a line longer than the width is cut only where it
/// runs past it, after a space or punctuation rather than inside a name, and the renderer marks
/// each cut with a continuation sign.
enum CodeWrapper {
    /// Characters after which a code line may be cut.
    static let breakAfter: Set<Character> = [" ", ",", ";", "(", "[", "{", "=", ">", ":", "|", "&", "+", "/", "."]

    /// The line's pieces, each at most `width` columns.
    static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        let width = max(width, 2)
        // Most lines fit: measure them before taking them apart.
        if spans.reduce(0, { $0 + TextWidth.of($1.text) }) <= width { return [spans] }
        var rest = Styled.characters(spans)
        var lines: [[Span]] = []
        while !rest.isEmpty {
            var fits = Styled.fitting(rest, in: width)
            if fits < rest.count {
                fits = max(fits, 1)
                // A space in the second half of the line is the best cut; else punctuation.
                let spaces = rest[..<fits].lastIndex { $0.character == " " }
                let punctuation = rest[..<fits].lastIndex { breakAfter.contains($0.character) }
                if let space = spaces, space >= fits / 2 {
                    fits = space + 1
                } else if let mark = punctuation, mark > 0 {
                    fits = mark + 1
                }
            }
            var line: [Span] = []
            for item in rest[..<fits] {
                if let last = line.last, last.style == item.style {
                    line[line.count - 1].text.append(item.character)
                } else {
                    line.append(Span(String(item.character), item.style))
                }
            }
            rest.removeFirst(fits)
            // The cut's trailing spaces would only push the continuation sign away.
            // Trimmed in place: a String made from the reversed, dropped, reversed characters walked
            // them again for each one, 0.15 million instructions a cut.
            while !rest.isEmpty, let last = line.last, last.text.hasSuffix(" ") {
                var trimmed = last.text
                while trimmed.last == " " { trimmed.removeLast() }
                if trimmed.isEmpty { line.removeLast() } else { line[line.count - 1].text = trimmed }
            }
            lines.append(line)
        }
        return lines
    }
}

/// Styled text taken apart into characters, for cutting a word or a code line where it fills the width.
enum Styled {
    static func characters(_ spans: [Span]) -> [(character: Character, style: Style)] {
        spans.flatMap { span in span.text.map { (character: $0, style: span.style) } }
    }

    /// How many of the first characters fit in `columns`.
    static func fitting(_ characters: [(character: Character, style: Style)], in columns: Int) -> Int {
        var count = 0
        var used = 0
        while count < characters.count {
            let width = TextWidth.of(characters[count].character)
            guard used + width <= columns else { break }
            used += width
            count += 1
        }
        return count
    }
}
