import CMarkGFM

/// Parses GitHub-flavoured Markdown with cmark-gfm into a ``Document``.
public enum MarkdownParser {
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// How deep lists and quotes, and emphasis and links, nest before what is deeper is shown flat,
    /// as its plain text: enough for any real document, and no hostile one can exhaust the stack.
    public static let maximumDepth = 16

    public static func parse(_ markdown: String) -> Document {
        withTree(markdown) { root in Document(blocks(childrenOf: root, depth: 0)) } ?? Document([])
    }

    /// How deep the document's block containers (lists, list items, quotes) nest; lint reports a
    /// document deeper than ``maximumDepth``. Walks the tree without recursion.
    public static func depth(_ markdown: String) -> Int {
        withTree(markdown) { root in
            var deepest = 0, current = 0
            guard let iterator = cmark_iter_new(root) else { return 0 }
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard let node = cmark_iter_get_node(iterator), ["list", "item", "block_quote", "tasklist"].contains(type(node)) else { continue }
                if event == CMARK_EVENT_ENTER {
                    current += type(node) == "list" ? 0 : 1
                    deepest = max(deepest, current)
                } else if event == CMARK_EVENT_EXIT, type(node) != "list" {
                    current -= 1
                }
            }
            return deepest
        } ?? 0
    }

    /// Parses `markdown` and hands the tree to `body`, freeing it afterwards.
    private static func withTree<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T? {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(root) }
        return body(root)
    }

    private static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func type(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private static func blocks(childrenOf node: OpaquePointer, depth: Int) -> [Block] {
        children(node).compactMap { block($0, depth: depth) }
    }

    /// The text of a subtree, gathered without recursion: what is shown of what nests too deep.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch type(current) {
            case "text", "code", "code_block", "html_inline", "html_block": text += literal(current)
            case "softbreak", "linebreak": text += " "
            case "paragraph", "heading", "item": if !text.isEmpty, !text.hasSuffix(" ") { text += " " }
            default: break
            }
        }
        return text.trimmedWhitespace
    }

    private static func block(_ node: OpaquePointer, depth: Int) -> Block? {
        if depth > maximumDepth {
            let text = plainText(of: node)
            return text.isEmpty ? nil : .paragraph([.text(text)])
        }
        switch type(node) {
        case "paragraph":
            return .paragraph(inlines(childrenOf: node, depth: 0))
        case "heading":
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: inlines(childrenOf: node, depth: 0))
        case "code_block":
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            var text = literal(node)
            if text.hasSuffix("\n") { text.removeLast() }
            return .code(language: language.lowercased(), text: text)
        case "block_quote":
            return .quote(blocks(childrenOf: node, depth: depth + 1))
        case "list":
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let items = children(node).map { item in
                let checked: Bool? = type(item) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil
                return ListItem(checked: checked, blocks: blocks(childrenOf: item, depth: depth + 1))
            }
            return .list(ordered: ordered, start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0, items: items)
        case "thematic_break":
            return .thematicBreak
        case "html_block":
            // Raw HTML has no meaning in a terminal: show it as the text it is.
            return .code(language: "html", text: literal(node).trimmingCharacters(in: .newlines))
        case "table":
            return table(node)
        default:
            let content = blocks(childrenOf: node, depth: depth + 1)
            return content.isEmpty ? nil : .quote(content)
        }
    }

    private static func table(_ node: OpaquePointer) -> Block {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [TableAlignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for i in 0..<columns {
                switch UInt8(raw[i]) {
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.left)
                }
            }
        }
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        for row in children(node) {
            let cells = children(row).map { inlines(childrenOf: $0, depth: 0) }
            if type(row) == "table_header" || cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        while alignments.count < columns { alignments.append(.left) }
        return .table(alignments: alignments, header: header, rows: rows)
    }

    private static func inlines(childrenOf node: OpaquePointer, depth: Int) -> [Inline] {
        if depth > maximumDepth { return [.text(plainText(of: node))] }
        var result: [Inline] = []
        for child in children(node) {
            switch type(child) {
            case "text":
                let text = literal(child)
                if case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(.text(text))
                }
            case "code": result.append(.code(literal(child)))
            case "softbreak": result.append(.softBreak)
            case "linebreak": result.append(.lineBreak)
            case "emph": result.append(.emphasis(inlines(childrenOf: child, depth: depth + 1)))
            case "strong": result.append(.strong(inlines(childrenOf: child, depth: depth + 1)))
            case "strikethrough": result.append(.strikethrough(inlines(childrenOf: child, depth: depth + 1)))
            case "link":
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                result.append(.link(destination: url, content: inlines(childrenOf: child, depth: depth + 1)))
            case "image":
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                result.append(.link(destination: url, content: [.text("image: ")] + inlines(childrenOf: child, depth: depth + 1)))
            case "html_inline": result.append(.code(literal(child)))
            default: result += inlines(childrenOf: child, depth: depth + 1)
            }
        }
        return result
    }
}
