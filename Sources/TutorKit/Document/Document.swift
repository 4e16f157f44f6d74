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
    /// Text a search matched: bold and coloured, or «between marks» without colour.
    case match(String)
    case softBreak
    case lineBreak
}

extension Inline {
    /// The text without any styling.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .match(let s): s
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
    /// The text without Markdown's marks: what search indexes and quotes.
    public var plainText: String { Self.plain(blocks) }

    private static func plain(_ blocks: [Block]) -> String {
        blocks.map { block -> String in
            switch block {
            case .heading(_, let content), .paragraph(let content): content.plainText
            case .code(_, let text): text
            case .list(_, _, _, let items): items.map { plain($0.blocks) }.joined(separator: "\n")
            case .quote(let inner): plain(inner)
            case .table(_, let header, let rows): ([header] + rows).map { $0.map(\.plainText).joined(separator: " · ") }.joined(separator: "\n")
            case .thematicBreak: ""
            }
        }.joined(separator: "\n")
    }
}

/// Which stacks' examples a learner sees where a lesson shows the same code in several stacks.
public enum ExampleStacks: Hashable, Sendable {
    /// Every example in the order written: no stack chosen.
    case everything
    /// The learner's stack only, with a line naming the others.
    case only(Stack)
    /// Every example, the learner's first (`/stack all`, `--all-stacks`).
    case first(Stack)

    public init(stack: Stack?, all: Bool) {
        guard let stack else { self = .everything; return }
        self = all ? .first(stack) : .only(stack)
    }
}

extension Document {
    /// The examples the learner sees. A stack group is a run of code blocks, separated only by
    /// blank lines, in two or more stacks' languages: for `.only`, the learner's block stays and
    /// one line names the other stacks; where the group has none in the learner's stack, a line
    /// says so above the first example. `prefix` writes commands as the mode types them.
    public func examples(_ choice: ExampleStacks, prefix: String = "/") -> Document {
        switch choice {
        case .everything: return self
        case .only(let stack), .first(let stack): return Document(Self.select(blocks, choice: choice, stack: stack, prefix: prefix))
        }
    }

    private static func select(_ blocks: [Block], choice: ExampleStacks, stack: Stack, prefix: String) -> [Block] {
        var result: [Block] = []
        var run: [Block] = []
        func flush() {
            defer { run = [] }
            let stacks = run.compactMap { block -> Stack? in
                if case .code(let language, _) = block { return Stack.forCodeTag(language) }
                return nil
            }
            guard Set(stacks).count >= 2 else { result += run; return }
            let mine = run.filter { if case .code(let l, _) = $0 { return Stack.forCodeTag(l) == stack }; return false }
            let rest = run.filter { if case .code(let l, _) = $0 { return Stack.forCodeTag(l) != stack }; return true }
            if case .first = choice {
                result += mine + rest
                return
            }
            var others: [String] = []
            for other in stacks where other != stack && !others.contains(other.rawValue) { others.append(other.rawValue) }
            if mine.isEmpty, let shown = rest.first, case .code(let language, _) = shown, let shownStack = Stack.forCodeTag(language) {
                result.append(.paragraph([.emphasis([.text("No \(stack.rawValue) example here; this one is \(shownStack.rawValue).")])]))
                result.append(shown)
                others.removeAll { $0 == shownStack.rawValue }
            } else {
                result += mine
            }
            if !others.isEmpty {
                result.append(.paragraph([.emphasis([.text("Also in \(others.joined(separator: ", ")): \(prefix)stack all shows every stack's example.")])]))
            }
        }
        for block in blocks {
            switch block {
            case .code(let language, _) where Stack.forCodeTag(language) != nil:
                run.append(block)
            case .quote(let inner):
                flush()
                result.append(.quote(select(inner, choice: choice, stack: stack, prefix: prefix)))
            default:
                flush()
                result.append(block)
            }
        }
        flush()
        return result
    }
}
