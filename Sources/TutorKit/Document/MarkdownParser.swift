import CMarkGFM

/// Parses GitHub-flavoured Markdown with cmark-gfm into a ``Document``.
public enum MarkdownParser {
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    public static func parse(_ markdown: String) -> Document {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) else { return Document([]) }
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
        guard let root = cmark_parser_finish(parser) else { return Document([]) }
        defer { cmark_node_free(root) }
        return Document(blocks(childrenOf: root))
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

    private static func blocks(childrenOf node: OpaquePointer) -> [Block] {
        children(node).compactMap(block)
    }

    private static func block(_ node: OpaquePointer) -> Block? {
        switch type(node) {
        case "paragraph":
            return .paragraph(inlines(childrenOf: node))
        case "heading":
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: inlines(childrenOf: node))
        case "code_block":
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            var text = literal(node)
            if text.hasSuffix("\n") { text.removeLast() }
            return .code(language: language.lowercased(), text: text)
        case "block_quote":
            return .quote(blocks(childrenOf: node))
        case "list":
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let items = children(node).map { item in
                let checked: Bool? = type(item) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil
                return ListItem(checked: checked, blocks: blocks(childrenOf: item))
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
            let content = blocks(childrenOf: node)
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
            let cells = children(row).map { inlines(childrenOf: $0) }
            if type(row) == "table_header" || cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        while alignments.count < columns { alignments.append(.left) }
        return .table(alignments: alignments, header: header, rows: rows)
    }

    private static func inlines(childrenOf node: OpaquePointer) -> [Inline] {
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
            case "emph": result.append(.emphasis(inlines(childrenOf: child)))
            case "strong": result.append(.strong(inlines(childrenOf: child)))
            case "strikethrough": result.append(.strikethrough(inlines(childrenOf: child)))
            case "link":
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                result.append(.link(destination: url, content: inlines(childrenOf: child)))
            case "image":
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                result.append(.link(destination: url, content: [.text("image: ")] + inlines(childrenOf: child)))
            case "html_inline": result.append(.code(literal(child)))
            default: result += inlines(childrenOf: child)
            }
        }
        return result
    }
}
