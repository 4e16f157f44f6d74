/// A small Markdown document model: what the terminal renderer knows how to draw.
public struct Document: Hashable, Sendable {
    public var blocks: [Block]
    public init(_ blocks: [Block]) { self.blocks = blocks }
}

public enum TableAlignment: String, Hashable, Sendable, Codable {
    case left, center, right
}

public indirect enum Block: Hashable, Sendable {
    case heading(level: Int, content: [Inline])
    case paragraph([Inline])
    /// A fenced or indented code block; `language` is the first word of the info string.
    case code(language: String, text: String)
    /// A tight list has no blank lines between its items.
    case list(ordered: Bool, start: Int, tight: Bool, items: [ListItem])
    case quote([Block])
    case table(alignments: [TableAlignment], header: [[Inline]], rows: [[[Inline]]])
    case thematicBreak
}

public struct ListItem: Hashable, Sendable {
    /// nil for a plain item; true or false for a task-list item.
    public var checked: Bool?
    public var blocks: [Block]
    public init(checked: Bool? = nil, blocks: [Block]) {
        self.checked = checked
        self.blocks = blocks
    }
}

public indirect enum Inline: Hashable, Sendable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    case link(destination: String, content: [Inline])
    case softBreak
    case lineBreak
}

extension Inline {
    /// The text without any styling.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s): s
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): c.map(\.plainText).joined()
        case .softBreak: " "
        case .lineBreak: "\n"
        }
    }
}

extension Array where Element == Inline {
    public var plainText: String { map(\.plainText).joined() }
}

extension Document {
    /// Moves the blocks of the learner's stack to the front of each stack group: a run of code
    /// blocks, separated only by blank lines, in two or more stacks' languages.
    public func preferring(_ stack: Stack?) -> Document {
        guard let stack else { return self }
        return Document(Self.reorder(blocks, stack))
    }

    private static func reorder(_ blocks: [Block], _ stack: Stack) -> [Block] {
        var result: [Block] = []
        var run: [Block] = []
        func flush() {
            let stacks = Set(run.compactMap { block -> Stack? in
                if case .code(let language, _) = block { return Stack.forCodeTag(language) }
                return nil
            })
            if stacks.count >= 2 {
                let mine = run.filter { if case .code(let l, _) = $0 { return Stack.forCodeTag(l) == stack }; return false }
                let rest = run.filter { if case .code(let l, _) = $0 { return Stack.forCodeTag(l) != stack }; return true }
                result += mine + rest
            } else {
                result += run
            }
            run = []
        }
        for block in blocks {
            switch block {
            case .code(let language, _) where Stack.forCodeTag(language) != nil:
                run.append(block)
            case .quote(let inner):
                flush()
                result.append(.quote(reorder(inner, stack)))
            default:
                flush()
                result.append(block)
            }
        }
        flush()
        return result
    }
}
