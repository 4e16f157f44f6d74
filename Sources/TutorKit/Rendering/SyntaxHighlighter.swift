/// Light colouring of code: keywords, strings, comments and numbers, line by line.
enum SyntaxHighlighter {
    struct Grammar: Sendable {
        var keywords: Set<String>
        var lineComments: [String]
        var blockComment: (open: String, close: String)?
        var quotes: Set<UInt8>
        var caseInsensitive = false
    }

    /// Grammars are built once, not for every line.
    private static let grammars: [String: Grammar] = {
        var table: [String: Grammar] = [:]
        for language in ["js", "javascript", "mjs", "ts", "typescript", "python", "py", "go", "golang", "java", "rust", "rs", "sql", "postgresql", "mysql", "sqlite", "bash", "sh", "shell", "console", "zsh", "json", "yaml", "yml"] {
            table[language] = makeGrammar(for: language)
        }
        return table
    }()

    static func grammar(for language: String) -> Grammar? { grammars[language] }

    static let keyword = Style(color: .magenta)
    static let string = Style(color: .green)
    static let comment = Style(dim: true, color: .gray)
    static let number = Style(color: .yellow)
    static let name = Style(color: .cyan)

    private static func makeGrammar(for language: String) -> Grammar? {
        switch language {
        case "js", "javascript", "mjs", "ts", "typescript":
            return Grammar(keywords: ["async", "await", "break", "case", "catch", "class", "const", "continue", "default", "delete", "else", "export", "extends", "false", "finally", "for", "from", "function", "if", "import", "in", "instanceof", "interface", "let", "new", "null", "of", "return", "static", "switch", "this", "throw", "true", "try", "type", "typeof", "undefined", "var", "void", "while", "yield"], lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")])
        case "python", "py":
            return Grammar(keywords: ["and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True", "try", "while", "with", "yield", "match", "case"], lineComments: ["#"], quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")])
        case "go", "golang":
            return Grammar(keywords: ["break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var", "nil", "true", "false"], lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")])
        case "java":
            return Grammar(keywords: ["abstract", "boolean", "break", "case", "catch", "class", "else", "enum", "extends", "final", "finally", "for", "if", "implements", "import", "instanceof", "int", "interface", "long", "new", "null", "package", "private", "protected", "public", "record", "return", "sealed", "static", "super", "switch", "this", "throw", "throws", "true", "false", "try", "var", "void", "while", "yield"], lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")])
        case "rust", "rs":
            return Grammar(keywords: ["as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while"], lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [UInt8(ascii: "\"")])
        case "sql", "postgresql", "mysql", "sqlite":
            return Grammar(keywords: ["add", "all", "alter", "and", "as", "asc", "begin", "between", "by", "cascade", "check", "commit", "constraint", "create", "default", "delete", "desc", "distinct", "drop", "exists", "explain", "foreign", "from", "group", "having", "in", "index", "inner", "insert", "into", "is", "join", "key", "left", "like", "limit", "not", "null", "on", "or", "order", "outer", "plan", "primary", "query", "references", "returning", "rollback", "select", "set", "table", "transaction", "union", "unique", "update", "values", "where", "with"], lineComments: ["--"], blockComment: ("/*", "*/"), quotes: [UInt8(ascii: "'")], caseInsensitive: true)
        case "bash", "sh", "shell", "console", "zsh":
            return Grammar(keywords: ["if", "then", "else", "fi", "for", "in", "do", "done", "while", "case", "esac", "export", "function", "return", "local"], lineComments: ["#"], quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")])
        case "json":
            return Grammar(keywords: ["true", "false", "null"], lineComments: [], quotes: [UInt8(ascii: "\"")])
        case "yaml", "yml":
            return Grammar(keywords: ["true", "false", "null"], lineComments: ["#"], quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")])
        default:
            return nil
        }
    }

    /// Colours one line; `inBlockComment` carries a block comment across lines. The line is clean
    /// (``Sanitizer/clean(_:)``), so its pieces are not cleaned again.
    static func highlight(_ line: String, language: String, inBlockComment: inout Bool) -> [Span] {
        if language == "http" { return highlightHTTP(line) }
        guard let grammar = grammar(for: language) else { return [Span(cut: line, .plain)] }
        // UTF-8 bytes, not Characters: every token boundary in code is ASCII, and bytes of
        // other scripts count as letters.
        let chars = Array(line.utf8)
        var spans: [Span] = []
        var i = 0
        func starts(_ token: String, at index: Int) -> Bool {
            var i = index
            for ch in token.utf8 {
                guard i < chars.count, chars[i] == ch else { return false }
                i += 1
            }
            return true
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: chars[range], as: UTF8.self)
        }
        func text(from start: Int) -> String { text(start..<chars.count) }
        while i < chars.count {
            if inBlockComment, let block = grammar.blockComment {
                var j = i
                while j < chars.count, !starts(block.close, at: j) { j += 1 }
                if j < chars.count { j += block.close.count; inBlockComment = false }
                spans.append(Span(cut: text(i..<j), comment))
                i = j
                continue
            }
            if let block = grammar.blockComment, starts(block.open, at: i) {
                inBlockComment = true
                spans.append(Span(cut: block.open, comment))
                i += block.open.count
                continue
            }
            if grammar.lineComments.contains(where: { starts($0, at: i) }),
               language != "bash" || i == 0 || chars[i - 1] == UInt8(ascii: " ") {
                spans.append(Span(cut: text(from: i), comment))
                break
            }
            let ch = chars[i]
            if grammar.quotes.contains(ch) {
                var j = i + 1
                while j < chars.count, chars[j] != ch {
                    j += chars[j] == UInt8(ascii: "\\") ? 2 : 1
                }
                j = min(j + 1, chars.count)
                let isKey = (language == "json" || language == "yaml") && chars[j...].drop(while: { $0 == UInt8(ascii: " ") }).first == UInt8(ascii: ":")
                spans.append(Span(cut: text(i..<j), isKey ? name : string))
                i = j
                continue
            }
            if isDigit(ch), i == 0 || !(isLetter(chars[i - 1]) || chars[i - 1] == UInt8(ascii: "_")) {
                var j = i
                while j < chars.count, isHexDigit(chars[j]) || chars[j] == UInt8(ascii: ".") || chars[j] == UInt8(ascii: "_") || chars[j] == UInt8(ascii: "x") { j += 1 }
                spans.append(Span(cut: text(i..<j), number))
                i = j
                continue
            }
            if isLetter(ch) || ch == UInt8(ascii: "_") {
                var j = i
                while j < chars.count, isLetter(chars[j]) || isDigit(chars[j]) || chars[j] == UInt8(ascii: "_") || (language == "yaml" && chars[j] == UInt8(ascii: "-")) { j += 1 }
                let word = text(i..<j)
                let isKeyword = grammar.caseInsensitive ? grammar.keywords.contains(word.lowercased()) : grammar.keywords.contains(word)
                if language == "yaml", chars[j...].first == UInt8(ascii: ":") {
                    spans.append(Span(cut: word, name))
                } else {
                    spans.append(Span(cut: word, isKeyword ? keyword : .plain))
                }
                i = j
                continue
            }
            var j = i + 1
            while j < chars.count, !isLetter(chars[j]), !isDigit(chars[j]), chars[j] != UInt8(ascii: "_"), !grammar.quotes.contains(chars[j]),
                  !grammar.lineComments.contains(where: { starts($0, at: j) }), !(grammar.blockComment.map { starts($0.open, at: j) } ?? false) {
                j += 1
            }
            spans.append(Span(cut: text(i..<j), .plain))
            i = j
        }
        return spans
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) }
    private static func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c >= 0x80 }

    private static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// Request and status lines stand out; header names are coloured; bodies are left alone.
    private static func highlightHTTP(_ line: String) -> [Span] {
        let words = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        if let first = words.first, methods.contains(String(first)) || first.hasPrefix("HTTP/") {
            return [Span(cut: String(first), keyword.with { $0.bold = true })] + (words.count > 1 ? [Span(cut: " " + words[1], .plain)] : [])
        }
        if let colon = line.firstIndex(of: ":"), !line.hasPrefix("{"), !line.hasPrefix(" "),
           line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), colon != line.startIndex {
            return [Span(cut: String(line[..<colon]), name), Span(cut: String(line[colon...]), .plain)]
        }
        return [Span(cut: line, .plain)]
    }
}
