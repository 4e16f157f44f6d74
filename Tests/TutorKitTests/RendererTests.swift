import Foundation
import Testing
@testable import TutorKit

/// Golden files live in Tests/TutorKitTests/Golden; run with RECORD_GOLDEN=1 to write them anew
/// and review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8), "missing golden file \(name): run the tests with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        #expect(actual == expected, "rendering differs from \(name); if the change is intended, re-record with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
    }
}

@Suite("Terminal rendering")
struct RendererTests {
    let sample: Document

    init() throws {
        sample = MarkdownParser.parse(try String(contentsOf: Golden.fixtures.appendingPathComponent("sample.md"), encoding: .utf8))
    }

    @Test("the sample renders as its golden file", arguments: [80, 40], [false, true])
    func golden(width: Int, color: Bool) throws {
        let text = TerminalRenderer(options: RenderOptions(width: width, color: color)).render(sample)
        try Golden.check(text, named: "sample.\(width).\(color ? "color" : "plain").txt")
    }

    @Test("no plain line is wider than the screen", arguments: [80, 40, 20])
    func fitsWidth(width: Int) {
        let text = TerminalRenderer(options: RenderOptions(width: width)).render(sample)
        for line in text.split(separator: "\n") {
            #expect(TextWidth.of(line) <= width, "too wide at \(width): \(line)")
        }
    }

    @Test("plain output has no escape codes; colour output has them")
    func colourSwitch() {
        let plain = TerminalRenderer(options: RenderOptions(width: 80, color: false)).render(sample)
        let colour = TerminalRenderer(options: RenderOptions(width: 80, color: true)).render(sample)
        #expect(!plain.contains("\u{1B}"))
        #expect(colour.contains("\u{1B}[1;36m"))
        #expect(colour.contains("\u{1B}]8;;https://www.rfc-editor.org/rfc/rfc9111\u{1B}\\"))
    }

    @Test("escape sequences from content never reach the terminal")
    func contentIsData() {
        for color in [false, true] {
            let text = TerminalRenderer(options: RenderOptions(width: 80, color: color)).render(sample)
            #expect(!text.contains("\u{1B}[31mRED"))
            #expect(!text.contains("\u{1B}]8;;http://evil"))
            #expect(!text.contains("\u{7}"))
            #expect(text.contains("RED"))
        }
        #expect(Sanitizer.clean("a\u{1B}[2Jb\u{9B}c\u{202E}d\te") == "a[2Jbcd    e")
    }

    @Test("links read as text (url) without hyperlinks; autolinks once")
    func links() {
        let text = TerminalRenderer(options: RenderOptions(width: 200)).render(sample)
        #expect(text.contains("RFC 9111 (https://www.rfc-editor.org/rfc/rfc9111)"))
        #expect(text.contains("https://example.com/docs."))
        #expect(!text.contains("https://example.com/docs (https://example.com/docs)"))
    }

    @Test("the learner's stack comes first in a stack group")
    func stackFirst() throws {
        let python = TerminalRenderer(options: RenderOptions(width: 80)).render(sample.examples(.first(.python)))
        let node = TerminalRenderer(options: RenderOptions(width: 80)).render(sample.examples(.first(.node)))
        let pythonFirst = try #require(python.range(of: "FastAPI")).lowerBound < (try #require(python.range(of: "Express"))).lowerBound
        let nodeFirst = try #require(node.range(of: "Express")).lowerBound < (try #require(node.range(of: "FastAPI"))).lowerBound
        #expect(pythonFirst)
        #expect(nodeFirst)
    }

    @Test("a table too wide for any column layout becomes one block per row")
    func stackedTable() {
        let table = Document([.table(alignments: [.left, .left, .left, .left, .left], header: (1...5).map { [.text("Column\($0)")] }, rows: [(1...5).map { [.text("value\($0)")] }])])
        let text = TerminalRenderer(options: RenderOptions(width: 20)).render(table)
        #expect(!text.contains("┌"))
        #expect(text.contains("  Column3: value3"))
    }

    @Test("wide and combining characters count as the columns they take")
    func widths() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("🚀") == 2)
    }

    @Test("wrapping keeps words whole and breaks only words longer than a line")
    func wrapping() {
        let lines = Wrapper.wrap([Span("the quick brown fox jumps")], width: 10).map { $0.map(\.text).joined() }
        #expect(lines == ["the quick", "brown fox", "jumps"])
        let long = Wrapper.wrap([Span("abcdefghijklmnop")], width: 6).map { $0.map(\.text).joined() }
        #expect(long == ["abcdef", "ghijkl", "mnop"])
    }
}
