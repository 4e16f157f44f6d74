import Yams

/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterDocument {
    /// The YAML mapping between the `---` lines.
    var yaml: Node.Mapping
    /// The Markdown after the closing `---`.
    var body: String
    /// The file line on which the body starts (1-based).
    var bodyLine: Int

    /// The document, or nil with the problem that stops it being read reported to `sink`.
    static func read(_ text: String, file: String, sink: ProblemSink) -> FrontMatterDocument? {
        do { return try FrontMatterDocument(text: text, file: file) } catch {
            sink.report(error)
            return nil
        }
    }

    /// The front matter's fields, reporting what is wrong with them to `sink`.
    func fields(_ sink: ProblemSink) -> YAMLFields { YAMLFields(yaml, lineOffset: 1, sink: sink) }

    /// Splits and parses the file, or throws the problem that stops it being read at all.
    init(text: String, file: String) throws(ContentProblem) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let utf8 = text.utf8
        func lineEnd(from start: String.Index) -> String.Index { utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex }
        func content(_ start: String.Index, _ end: String.Index) -> Substring {
            var line = text[start..<end]
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return line
        }
        let firstEnd = lineEnd(from: utf8.startIndex)
        guard content(utf8.startIndex, firstEnd) == "---", firstEnd < utf8.endIndex else {
            throw ContentProblem(file: file, line: 1, field: "front matter", message: "the file must start with a line '---' that opens the YAML front matter")
        }
        let yamlStart = utf8.index(after: firstEnd)
        var lineStart = yamlStart
        var lineNumber = 2
        var closing: (start: String.Index, end: String.Index)?
        while lineStart < utf8.endIndex {
            let end = lineEnd(from: lineStart)
            let line = content(lineStart, end)
            if line == "---" || line == "..." {
                closing = (lineStart, end)
                break
            }
            lineNumber += 1
            if end == utf8.endIndex { break }
            lineStart = utf8.index(after: end)
        }
        guard let closing else {
            throw ContentProblem(file: file, line: 1, field: "front matter", message: "no closing '---' line after the front matter")
        }
        let node: Node?
        do {
            // Fields are read with typed accessors, so tags need no resolving: the basic resolver
            // spares every run compiling the default resolver's regular expressions. UTF-8 is
            // named because Yams' default encoding copies the whole environment to decide
            // (380,000 instructions a file).
            node = try Yams.compose(yaml: String(text[yamlStart..<closing.start]), .basic, .default, .utf8)
        } catch {
            throw ContentProblem(file: file, line: 1 + YAMLErrorLine.of(error, base: 1), field: "front matter", message: "invalid YAML: \(YAMLErrorLine.summary(of: error))")
        }
        guard let mapping = node?.mapping else {
            throw ContentProblem(file: file, line: 2, field: "front matter", message: "must be a YAML mapping of field names to values")
        }
        yaml = mapping
        body = closing.end < utf8.endIndex ? String(text[utf8.index(after: closing.end)...]) : ""
        bodyLine = lineNumber + 1
    }
}

/// Locates and summarises Yams errors, whose descriptions span several lines.
enum YAMLErrorLine {
    static func of(_ error: Error, base: Int) -> Int {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return base + mark.line - 1
            default: break
            }
        }
        return base
    }

    static func summary(of error: Error) -> String {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
                return problem
            default: break
            }
        }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
    }
}
