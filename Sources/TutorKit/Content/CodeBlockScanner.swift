/// A fenced code block found in a Markdown body, with where it is.
public struct FencedBlock: Hashable, Sendable {
    /// The first word of the info string, lower-cased.
    public var language: String
    /// Everything after the language in the info string.
    public var attributes: String
    public var text: String
    /// The file line of the opening fence.
    public var line: Int

    /// True when the block is tagged as a deliberate fragment (`LANG fragment: reason`).
    public var isFragment: Bool { attributes.hasPrefix("fragment") }
}

/// Finds fenced code blocks without parsing the rest of the Markdown.
public enum CodeBlockScanner {
    public static func blocks(in markdown: String, firstLine: Int = 1) -> [FencedBlock] {
        var result: [FencedBlock] = []
        var open: (fence: Substring, indent: Int, info: Substring, line: Int, lines: [Substring])?
        for (offset, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.dropFirst(indent)
            if var current = open {
                if indent < 4, trimmed.hasPrefix(current.fence),
                   trimmed.drop(while: { $0 == current.fence.first }).allSatisfy({ $0 == " " }) {
                    let info = current.info.trimmingCharacters(in: .whitespaces)
                    let language = info.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                    let attributes = info.split(separator: " ", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                    result.append(FencedBlock(language: language, attributes: attributes, text: current.lines.joined(separator: "\n"), line: current.line))
                    open = nil
                } else {
                    current.lines.append(line.dropFirst(min(indent, current.indent)))
                    open = current
                }
            } else if indent < 4, let fence = FenceMarker.opening(trimmed) {
                open = (fence, indent, trimmed.dropFirst(fence.count), firstLine + offset, [])
            }
        }
        return result
    }
}
