import Yams

/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterDocument {
    /// The YAML mapping between the `---` lines.
    var yaml: Node.Mapping
    /// The Markdown after the closing `---`.
    var body: String
    /// The file line on which the body starts (1-based).
    var bodyLine: Int

    /// Splits and parses the file, or throws the problem that stops it being read at all.
    init(text: String, file: String) throws(ContentProblem) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.first.map({ $0.hasPrefix("\u{FEFF}") }) == true { lines[0] = lines[0].dropFirst() }
        guard lines.first == "---" else {
            throw ContentProblem(file: file, line: 1, field: "front matter", message: "the file must start with a line '---' that opens the YAML front matter")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
            throw ContentProblem(file: file, line: 1, field: "front matter", message: "no closing '---' line after the front matter")
        }
        let yamlText = lines[1..<close].joined(separator: "\n")
        let node: Node?
        do {
            node = try Yams.compose(yaml: yamlText)
        } catch {
            throw ContentProblem(file: file, line: 1 + YAMLErrorLine.of(error, base: 1), field: "front matter", message: "invalid YAML: \(YAMLErrorLine.summary(of: error))")
        }
        guard let mapping = node?.mapping else {
            throw ContentProblem(file: file, line: 2, field: "front matter", message: "must be a YAML mapping of field names to values")
        }
        yaml = mapping
        body = lines[(close + 1)...].joined(separator: "\n")
        bodyLine = close + 2
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
