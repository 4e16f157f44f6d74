import Foundation
import Testing
import Yams
@testable import TutorKit

/// The quicker ways of doing common work must give what the plain ways gave.
@Suite("Fast paths give what the plain ways gave")
struct FastPathTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a skill read to be shown is the skill lint reads; only lint hears of the problems that leave it usable")
    func skillReadWithoutLint() throws {
        let catalog = Catalog.load(from: Self.root)
        for slug in catalog.skillSlugs {
            let file = SkillReader.file(slug)
            let text = try #require(ContentFiles.read(Self.root.appendingPathComponent(file), relative: file, sink: ProblemSink(file: file), facts: catalog.facts))
            let quiet = ProblemSink(file: file), linted = ProblemSink(file: file)
            let shown = SkillReader.read(text: text, slug: slug, file: file, references: nil, sink: quiet)
            #expect(shown != nil && shown == SkillReader.read(text: text, slug: slug, file: file, references: nil, sink: linted, lint: true), "\(slug)")
            #expect(quiet.problems.isEmpty && linted.problems.isEmpty, "\(slug)")
        }
        // Too few words, its own prerequisite, no Exercises or Sources: usable, but not clean.
        let fixture = try ContentFixture()
        try fixture.writeSkill("short-skill", prerequisites: ["short-skill"], lessons: (1...4).map { ("Lesson \($0)", "Few words.") }, tail: "")
        let file = SkillReader.file("short-skill")
        let text = try String(contentsOf: fixture.root.appendingPathComponent(file), encoding: .utf8)
        let quiet = ProblemSink(file: file), linted = ProblemSink(file: file)
        let shown = try #require(SkillReader.read(text: text, slug: "short-skill", file: file, references: nil, sink: quiet))
        #expect(shown == SkillReader.read(text: text, slug: "short-skill", file: file, references: nil, sink: linted, lint: true))
        #expect(quiet.problems.isEmpty)
        #expect(Set(linted.problems.map(\.field)) == ["prerequisites", "lessons", "exercises", "sources"], "\(linted.problems)")
        #expect(try Catalog.load(from: fixture.root).loadSkill("short-skill") == shown)
    }

    @Test("a context's days, found when first read, are the system's unless some were given or set")
    func contextDays() throws {
        var context = CommandContext(mode: .shell, catalog: .empty(root: Self.root))
        #expect(context.days == LocalDays.current)
        let utc = LocalDays(timeZone: TimeZone(identifier: "UTC")!)
        let other = LocalDays(timeZone: TimeZone(identifier: "Pacific/Kiritimati")!)
        #expect(CommandContext(mode: .shell, catalog: .empty(root: Self.root), days: utc).days == utc)
        context.days = other
        #expect(context.days == other && context.days != utc)
    }

    @Test("the catalog from the cache's parts equals the catalog read from the files, part by part")
    func cachedCatalogParts() throws {
        let cache = ContentCache.inMemory()
        let stored = cache.catalog(root: Self.root)
        #expect(stored.rebuilt)
        let cached = cache.catalog(root: Self.root)
        #expect(!cached.rebuilt && cached.notice == nil)
        let files = Catalog.load(from: Self.root)
        #expect(cached.catalog.skills == files.skills)
        #expect(cached.catalog.projectOutlines == files.projectOutlines && files.projectOutlines.count == files.projects.count)
        #expect(cached.catalog.projects == files.projects.map(\.withoutCriteria))
        #expect(cached.catalog.comparisons == files.comparisons && !files.comparisons.isEmpty)
        #expect(cached.catalog.checklists == files.checklists && !files.checklists.isEmpty)
        #expect(cached.catalog.facts == files.facts && !files.facts.facts.isEmpty)
        for outline in files.projectOutlines {
            #expect(cached.catalog.outline(outline.slug) == outline)
            #expect(cached.catalog.project(outline.slug)?.title == outline.title)
        }
        #expect(cached.catalog.outline("no-such-project") == nil && cached.catalog.project("no-such-project") == nil)
    }

    @Test("skills' metadata survives its compact form; cut, padded or misspelt bytes are refused, never a crash")
    func compactSkills() throws {
        let skills = Catalog.load(from: Self.root).skills
        let data = SkillMetadata.compact(skills)
        #expect(try SkillMetadata.decompact(data) == skills)
        let odd = SkillMetadata(slug: "é-✓", title: "", area: .apiDesign, level: .expert, prerequisites: [], stack: .rust, hours: 1 << 40,
                                summary: String(repeating: "ü", count: 300), tags: ["a", ""], lessons: [])
        #expect(try SkillMetadata.decompact(SkillMetadata.compact([odd])) == [odd])
        // Summary and tags stay bytes until read: equal and hashed as the strings they hold, and
        // setting one keeps the other.
        var read = try #require(try SkillMetadata.decompact(SkillMetadata.compact([odd])).first)
        #expect(read.hashValue == odd.hashValue && Set([read, odd]).count == 1)
        #expect(read.summary == odd.summary && read.tags == ["a", ""])
        read.summary = "changed"
        #expect(read.tags == ["a", ""] && read.summary == "changed" && read != odd)
        read.tags = ["b"]
        #expect(read.summary == "changed" && read.tags == ["b"])
        var titled = try #require(try SkillMetadata.decompact(data).first(where: { $0.stack == nil }))
        let original = try #require(skills.first(where: { $0.slug == titled.slug }))
        #expect(titled.title == original.title && titled.title != "")
        titled.title = "Renamed"
        #expect(titled.title == "Renamed" && titled.summary == original.summary && titled.tags == original.tags && titled != original)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(try SkillMetadata.decompact(data))
        #expect(try JSONDecoder().decode([SkillMetadata].self, from: json) == skills)
        #expect(json == (try encoder.encode(skills)), "encoded with the same keys and values as the strings were")
        for cut in [1, data.count / 2, data.count - 1] {
            #expect(throws: CompactReader.Malformed.self) { try SkillMetadata.decompact(data.prefix(cut)) }
        }
        #expect(throws: CompactReader.Malformed.self) { try SkillMetadata.decompact(data + Data([0])) }
        var misspelt = CompactWriter()
        misspelt.int(1)
        ["s", "t", "no-such-area", "beginner"].forEach { misspelt.string($0) }
        #expect(throws: CompactReader.Malformed.self) { try SkillMetadata.decompact(Data(misspelt.bytes)) }
        #expect(throws: CompactReader.Malformed.self) { try SkillMetadata.decompact(Data([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])) }
    }

    @Test("lesson titles left as bytes read, iterate, compare, hash and encode as the strings they were")
    func lessonTitlesFromBytes() throws {
        let skills = Catalog.load(from: Self.root).skills
        var generator = SystemRandomNumberGenerator()
        let odd = ["", "é ✓ — ü", String(repeating: "x", count: 200), "a\u{0}b", "🧪 tests"]
        let lists = skills.map(\.lessons.array) + (0..<50).map { _ in (0..<Int.random(in: 0...30, using: &generator)).map { _ in odd.randomElement(using: &generator)! } }
        for plain in lists {
            var writer = CompactWriter()
            writer.int(7)
            writer.strings(plain)
            writer.int(9)
            var reader = CompactReader(Data(writer.bytes))
            #expect(try reader.int() == 7)
            let titles = try reader.titles()
            #expect(try reader.int() == 9 && reader.isAtEnd)
            #expect(titles.count == plain.count && Array(titles) == plain)
            #expect(plain.indices.allSatisfy { titles[$0] == plain[$0] })
            #expect(titles == LessonTitles(plain) && titles.hashValue == LessonTitles(plain).hashValue)
            #expect(plain.isEmpty || titles != LessonTitles(plain.dropLast() + ["changed"]))
            #expect(try JSONEncoder().encode(titles) == JSONEncoder().encode(plain))
            #expect(try JSONDecoder().decode(LessonTitles.self, from: JSONEncoder().encode(plain)) == titles)
        }
        var cut = CompactWriter()
        cut.strings(["one", "two"])
        var reader = CompactReader(Data(cut.bytes.dropLast()))
        #expect(throws: CompactReader.Malformed.self) { try reader.titles() }
    }

    @Test("a reader bounded to one part of a buffer reads that part as a copy of it reads, and nothing past its end")
    func boundedReader() throws {
        let catalog = Catalog.load(from: Self.root)
        let part = Array(SkillMetadata.compact(catalog.skills))
        let buffer = [7, 7, 7] + part + [0, 1, 2]
        let bounded = CompactReader(bytes: buffer, from: 3, to: 3 + part.count)
        #expect(try SkillMetadata.decompact(bounded) == SkillMetadata.decompact(Data(part)))
        // Cut short by its bound, though the buffer goes on: refused, as cut bytes are.
        #expect(throws: CompactReader.Malformed.self) { try SkillMetadata.decompact(CompactReader(bytes: buffer, from: 3, to: 2 + part.count)) }
        var strings = CompactWriter()
        strings.strings(["one", "two"])
        var short = CompactReader(bytes: strings.bytes + strings.bytes, from: 0, to: strings.bytes.count - 1)
        #expect(throws: CompactReader.Malformed.self) { try short.strings() }
        var whole = CompactReader(bytes: strings.bytes + strings.bytes, from: 0, to: strings.bytes.count)
        #expect(try whole.strings() == ["one", "two"] && whole.isAtEnd)
    }

    @Test("an area's and a level's ordinal is its place among all cases")
    func ordinals() {
        #expect(Area.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        #expect(Level.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
    }

    @Test("an array of strings joins as the standard library joins it, with and without a separator")
    func joinedStrings() {
        // In a generic function the package's Array extension does not apply: this is the standard library's.
        func standard<C: BidirectionalCollection>(_ strings: C, _ separator: String) -> String where C.Element == String {
            strings.joined(separator: separator)
        }
        let lists: [[String]] = [[], [""], ["a"], ["", ""], ["é", "✓ two", "", "line\n", "👩‍💻"], (0..<50).map { String(repeating: "x", count: $0) }]
        for list in lists {
            for separator in ["", "\n", ", ", "∙"] {
                #expect(list.joined(separator: separator) == standard(list, separator), "\(list) with \(separator.debugDescription)")
            }
            #expect(list.joined() == standard(list, ""))
        }
    }

    @Test("the slug index finds what a dictionary of first positions finds, among slugs that share slots, repeat or are absent")
    func slugIndex() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 7, 8, 9, 300] {
            // Short slugs are stored in the String itself, those past 15 bytes on the heap.
            let slugs = (0..<size).map { _ in "skill-\(Int.random(in: 0..<(size + 3), using: &generator))" }
                + (0..<size).map { _ in "a-longer-skill-name-\(Int.random(in: 0..<(size + 3), using: &generator))" } + (size > 0 ? ["é-✓", "", "é-✓"] : [])
            let skills = slugs.map {
                SkillMetadata(slug: $0, title: $0, area: .apiDesign, level: .beginner, prerequisites: [], stack: nil, hours: 1,
                              summary: "", tags: [], lessons: LessonTitles([]))
            }
            let index = SlugIndex(skills)
            let first = Dictionary(slugs.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
            for slug in Set(slugs).union((0..<(size + 5)).flatMap { ["skill-\($0)", "a-longer-skill-name-\($0)"] } + ["absent", "é"]) {
                #expect(index.position(of: slug, in: skills) == first[slug], "\(slug) among \(size)")
            }
        }
    }

    @Test("a list already in order is kept as it is, any other is sorted as sorted(by:) sorts it")
    func orderedLists() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            // Pairs compared by their first number only, so that equal keys show the order is stable.
            let list = (0..<Int.random(in: 0...40, using: &generator)).map { (Int.random(in: 0...9, using: &generator), $0) }
            let precedes: ((Int, Int), (Int, Int)) -> Bool = { $0.0 < $1.0 }
            let sorted = list.sorted(by: precedes)
            #expect(Catalog.inOrder(list, by: precedes).map(\.1) == sorted.map(\.1))
            #expect(Catalog.inOrder(sorted, by: precedes).map(\.1) == sorted.map(\.1))
        }
    }

    @Test("the paths, outlines and problems survive their compact form; cut, padded or misspelt bytes are refused, never a crash")
    func compactCore() throws {
        let catalog = Catalog.load(from: Self.root)
        let core = CatalogSnapshot.Core(paths: catalog.paths.values.sorted { $0.slug < $1.slug }, outlines: catalog.projectOutlines,
                                     problems: [ContentProblem(file: "Skills/é/SKILL.md", line: 7, field: "hours", message: "must be a number", severity: .warning)])
        #expect(!core.paths.isEmpty && !core.outlines.isEmpty)
        let data = core.compact()
        #expect(try CatalogSnapshot.Core.decompact(data) == core)
        for cut in [1, data.count / 2, data.count - 1] {
            #expect(throws: CompactReader.Malformed.self) { try CatalogSnapshot.Core.decompact(data.prefix(cut)) }
        }
        #expect(throws: CompactReader.Malformed.self) { try CatalogSnapshot.Core.decompact(data + Data([0])) }
        var misspelt = CompactWriter()
        misspelt.int(0)
        misspelt.int(1)
        ["p", "P", "no-such-level"].forEach { misspelt.string($0) }
        #expect(throws: CompactReader.Malformed.self) { try CatalogSnapshot.Core.decompact(Data(misspelt.bytes)) }
    }

    @Test("sections split from the text's bytes are the sections a plain line-by-line split gives")
    func sectionsAsPlain() {
        // The plain way: the text cut into lines, each line looked at as a String.
        func plain(_ body: String, firstLine: Int) -> (String, [Section]) {
            let lines = body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            func trimmed(_ text: String) -> String {
                var text = Substring(text)
                while let first = text.unicodeScalars.first, first == "\n" || first == "\r" { text = Substring(text.unicodeScalars.dropFirst()) }
                while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text = Substring(text.unicodeScalars.dropLast()) }
                return String(text)
            }
            var preamble: [String] = [], sections: [Section] = [], current: (title: String, line: Int, lines: [String])?
            var fence: (Character, Int)?
            for (offset, line) in lines.enumerated() {
                let indent = line.prefix { $0 == " " }.count
                let rest = line.utf8.dropFirst(indent)
                var heading = false
                if let open = fence {
                    let run = rest.prefix { $0 == open.0.asciiValue! }.count
                    if indent < 4, run >= open.1, rest.dropFirst(run).allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { fence = nil }
                } else if indent < 4, let marker = ["`", "~"].lazy.compactMap({ (mark: Character) -> (Character, Int)? in
                    let run = rest.prefix { $0 == mark.asciiValue! }.count
                    guard run >= 3 else { return nil }
                    return mark == "`" && rest.dropFirst(run).contains(mark.asciiValue!) ? nil : (mark, run)
                }).first {
                    fence = marker
                } else if line.utf8.starts(with: "## ".utf8) || line == "##" {
                    heading = true
                    if let open = current { sections.append(Section(title: open.title, markdown: trimmed(open.lines.joined(separator: "\n")), line: open.line)) }
                    var title = Substring(String(line.utf8.dropFirst(2))!)
                    title = title.drop { $0 == " " }
                    while let last = title.last, last == " " || last == "#" || last == "\r" { title = title.dropLast() }
                    current = (String(title), firstLine + offset, [])
                }
                if !heading {
                    if current == nil { preamble.append(line) } else { current!.lines.append(line) }
                }
            }
            if let open = current { sections.append(Section(title: open.title, markdown: trimmed(open.lines.joined(separator: "\n")), line: open.line)) }
            return (trimmed(preamble.joined(separator: "\n")), sections)
        }
        let vocabulary = ["## Methods", "##", "##x", "## Title ##", "##  spaced  ", "## é ##", "```", "```js", "``` `inline`", "~~~~", "   ```", "    ```",
                          "    ## indented", "## in \\r\r", "text", "", "\r", "é and ü", "```\r", "~~~ ", " ## not at column 0", "#", "### Three"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let body = (0..<Int.random(in: 0...14, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: "\n")
                + (Bool.random(using: &generator) ? "\n" : "")
            let fast = SectionSplitter.split(body, firstLine: 3), reference = plain(body, firstLine: 3)
            #expect(fast.preamble == reference.0, "\(body.debugDescription)")
            #expect(fast.sections == reference.1, "\(body.debugDescription)")
        }
    }

    @Test("the process's variables, read one at a time, are what ProcessInfo's dictionary gives; an empty one counts as unset")
    func processVariables() {
        setenv("BACKEND_TUTOR_TEST_SET", "set", 1)
        setenv("BACKEND_TUTOR_TEST_EMPTY", "", 1)
        unsetenv("BACKEND_TUTOR_TEST_UNSET")
        let environment = TutorEnvironment.current()
        for (name, value) in ProcessInfo.processInfo.environment {
            #expect(environment.value(name) == (value.isEmpty ? nil : value), "\(name)")
        }
        #expect(environment.value("BACKEND_TUTOR_TEST_SET") == "set")
        #expect(environment.value("BACKEND_TUTOR_TEST_EMPTY") == nil)
        #expect(environment.value("BACKEND_TUTOR_TEST_UNSET") == nil)
    }

    @Test("facts survive their flat and compact forms in the cache; a list that is not one is refused")
    func flatFacts() {
        let facts = Facts([
            .init(id: "node-lts", value: "Node.js 24 — “Krypton”", source: "https://nodejs.org/en/about/previous-releases", checked: "2026-11-01",
                  reviewBy: "2027-05-01", file: "Content/facts/stacks.yml", line: 3),
            .init(id: "empty", value: "", source: "s", checked: "2026-01-01", reviewBy: "2026-06-01", file: "f.yml", line: 12),
        ])
        #expect(CatalogSnapshot.facts(flat: CatalogSnapshot.flat(facts)) == facts)
        #expect(CatalogSnapshot.facts(compact: CatalogSnapshot.compact(facts)) == facts)
        #expect(CatalogSnapshot.facts(compact: CatalogSnapshot.compact(facts).dropLast()) == nil)
        #expect(CatalogSnapshot.facts(compact: CatalogSnapshot.compact(facts) + [0]) == nil)
        #expect(CatalogSnapshot.facts(flat: ["a", "b"]) == nil)
        #expect(CatalogSnapshot.facts(flat: ["id", "v", "s", "c", "r", "f", "not a line"]) == nil)
    }

    @Test("{{fact:ID}} is replaced in any text; an unknown one is kept and reported on its line; an unclosed one stays")
    func substitution() {
        let facts = Facts([
            .init(id: "a", value: "Ä1", source: "s", checked: "c", reviewBy: "r", file: "f", line: 1),
            .init(id: "b", value: "two", source: "s", checked: "c", reviewBy: "r", file: "f", line: 2),
        ])
        #expect(facts.substitute("no facts here — é", sink: nil) == "no facts here — é")
        #expect(facts.substitute("ü {{fact:a}}{{fact:b}} ✓", sink: nil) == "ü Ä1two ✓")
        let sink = ProblemSink(file: "x.md")
        #expect(facts.substitute("é\nline two\n{{fact:zz}} and {{fact:a}}\n{{fact:", sink: sink) == "é\nline two\n{{fact:zz}} and Ä1\n{{fact:")
        #expect(sink.problems.map(\.line) == [3])
        #expect(sink.problems.first?.message.contains("{{fact:zz}}") == true)
    }

    @Test("facts are substituted in place as the byte-array way substituted them: every shipped content file, combining marks and broken markers")
    func substitutionAsPlain() throws {
        // The plain way: the text copied into an array, searched a byte at a time, the result validated.
        func plain(_ facts: Facts, _ text: String, _ sink: ProblemSink) -> String {
            let bytes = Array(text.utf8), opening = Array("{{fact:".utf8), closing = Array("}}".utf8)
            func find(_ needle: [UInt8], _ start: Int) -> Int? {
                var index = start
                while index + needle.count <= bytes.count {
                    if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
                    index += 1
                }
                return nil
            }
            guard var open = find(opening, 0) else { return text }
            var result: [UInt8] = [], done = 0, line = 1, counted = 0
            while true {
                result += bytes[done..<open]
                let after = open + opening.count
                guard let close = find(closing, after) else { done = open; break }
                let id = String(decoding: bytes[after..<close], as: UTF8.self)
                if let fact = facts.facts[id] {
                    result += fact.value.utf8
                } else {
                    line += bytes[counted..<open].filter { $0 == UInt8(ascii: "\n") }.count
                    counted = open
                    sink.report(line, "fact", "{{fact:\(id)}} names no fact in \(Facts.folder)/")
                    result += bytes[open..<close + closing.count]
                }
                done = close + closing.count
                guard let next = find(opening, done) else { break }
                open = next
            }
            result += bytes[done...]
            return String(decoding: result, as: UTF8.self)
        }
        func agree(_ facts: Facts, _ text: String) {
            let sink = ProblemSink(file: "x"), plainSink = ProblemSink(file: "x")
            let fast = facts.substitute(text, sink: sink)
            #expect(fast == plain(facts, text, plainSink) && fast.utf8.elementsEqual(plain(facts, text, ProblemSink(file: "x")).utf8), "\(text.prefix(80))")
            #expect(sink.problems == plainSink.problems)
        }
        let root = CurriculumTests.root
        let shipped = Facts.read(root: root).0
        #expect(!shipped.facts.isEmpty)
        var files = 0
        for case let url as URL in FileManager.default.enumerator(at: root.appendingPathComponent("Skills"), includingPropertiesForKeys: nil)!
            where ["md", "yml"].contains(url.pathExtension) {
            agree(shipped, try String(contentsOf: url, encoding: .utf8))
            files += 1
        }
        for case let url as URL in FileManager.default.enumerator(at: root.appendingPathComponent("Content"), includingPropertiesForKeys: nil)!
            where ["md", "yml"].contains(url.pathExtension) {
            agree(shipped, try String(contentsOf: url, encoding: .utf8))
            files += 1
        }
        #expect(files > 100)
        let facts = Facts([
            .init(id: "a", value: "Ä1", source: "s", checked: "c", reviewBy: "r", file: "f", line: 1),
            .init(id: "b", value: "", source: "s", checked: "c", reviewBy: "r", file: "f", line: 2),
        ])
        let pieces = ["{{fact:a}}", "{{fact:b}}", "{{fact:zz}}", "{{fact:", "}}", "{{", "{", "}", "\u{301}", "e\u{301}", "é", "\n", "x", "✓", "🇫🇷", "{{fact:a}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            agree(facts, (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        #expect(facts.substitute("{{fact:a}}\u{301}x", sink: nil).unicodeScalars.elementsEqual("Ä1\u{301}x".unicodeScalars))
    }

    @Test("printable text comes back as it was; control characters and tabs are handled in ASCII and in other text alike")
    func sanitizer() {
        let code = "func main() {\n    print(\"hi\")\n}\n"
        #expect(Sanitizer.clean(code) == code)
        #expect(Sanitizer.clean("naïve\ncafé ✓") == "naïve\ncafé ✓")
        #expect(Sanitizer.clean("a\tb") == "a    b")
        #expect(Sanitizer.clean("red\u{1B}[31m\r\n") == "red[31m\n")
        #expect(Sanitizer.clean("é\u{9B}31m and \u{202E}evil") == "é31m and evil")
        #expect(Sanitizer.clean("\u{7F}x") == "x")
    }

    @Test("words are counted as splitting on white space counted them", arguments: [
        "", "one", "  two words  ", "tabs\tand\nnew\r\nlines", "no\u{A0}break space", "ideographic\u{3000}space", "emoji 👩‍💻 counts", "é à ü",
    ])
    func words(_ text: String) {
        #expect(SkillReader.wordCount(text) == text.split(whereSeparator: { $0.isWhitespace }).count)
    }

    @Test("booleans read as YAML 1.1 reads plain scalars; quoted ones and odd casing are not booleans")
    func booleans() throws {
        let node = try #require(try Yams.compose(yaml: "a: yes\nb: No\nc: TRUE\nd: off\ne: tRue\nf: 'true'\ng: 1\nh: On", .basic))
        let fields = YAMLFields(try #require(node.mapping), lineOffset: 0, sink: ProblemSink(file: "t.yml"))
        let read = ["a", "b", "c", "d", "e", "f", "g", "h"].map { fields.node($0).flatMap(YAMLFields.bool) }
        #expect(read == [true, false, true, false, nil, nil, nil, true])
        // Criteria's JSON values read booleans with the same reader.
        #expect(read.indices.map { JSONValue(yaml: fields.node(["a", "b", "c", "d", "e", "f", "g", "h"][$0])!) }
                == [.bool(true), .bool(false), .bool(true), .bool(false), .string("tRue"), .string("true"), .number(1), .bool(true)])
    }

    /// Every property of a command, as argument-parser's wrappers hold them: a value, or the
    /// definition of one never filled in.
    static func dumped(_ command: Any) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    @Test("a command line read without argument-parser is the command argument-parser makes of it, property by property", arguments: [
        ("progress", ["--json", "--jso", "-j", "--no-json"]),
        ("next", ["--skip-exercises", "--no-skip-exercises", "--skip-exercises=1"]),
        ("skill", ["rest-api-design", "--json", "-x"]),
        ("search", ["idempotent", "retries", "--json", "-x"]),
        ("help", ["skill", "next", "-h"]),
    ])
    func directArguments(name: String, own: [String]) throws {
        let type = try #require(CommandList.command(named: name))
        let vocabulary = own + ["--no-color", "--no-pager", "--all-stacks", "--content", "dir", "--content=dir", "--db=", "--profile", "--", "--unknown"]
        // Every line of up to two of these words and 400 lines of three, each read both ways.
        let pairs = vocabulary.flatMap { first in vocabulary.map { [first, $0] } }
        let lines = [[]] + vocabulary.map { [$0] } + pairs + (0..<400).map { _ in pairs.randomElement()! + [vocabulary.randomElement()!] }
        var read = 0
        for words in lines {
            let parsed = try? type.parse(words)
            guard var direct = type.direct(words), (try? direct.validate()) != nil else { continue }
            read += 1
            guard let parsed else {
                Issue.record("\(name) \(words) is read directly, but argument-parser refuses it")
                continue
            }
            #expect(Self.dumped(direct) == Self.dumped(parsed), "\(name) \(words)")
        }
        #expect(read > 20, "\(name): only \(read) of \(lines.count) lines read directly")
    }

    @Test("global options before the command's name are read as argument-parser reads them from the root, and the rest goes to it")
    func directAfterGlobalOptions() throws {
        let lines: [[String]] = [
            ["--content", "dir", "progress"], ["--no-color", "--content=dir", "skill", "rest-api-design", "--json"],
            ["--db", "p.sqlite", "--profile", "ada", "next", "--no-skip-exercises"], ["--no-pager", "search", "cache", "hits"],
            ["--all-stacks", "help", "skill"],
        ]
        for words in lines {
            guard case .run(let direct) = try CommandParser.parse(arguments: words) else {
                Issue.record("\(words) is not a command")
                continue
            }
            #expect(Self.dumped(direct) == Self.dumped(try RootCommand.parseAsRoot(words)), "\(words)")
        }
        // What the direct reader leaves alone still parses, and still fails, as it did.
        guard case .run(let learn) = try CommandParser.parse(arguments: ["--content", "dir", "learn", "backend", "--stack", "python"]) else {
            Issue.record("learn is not a command")
            return
        }
        #expect(Self.dumped(learn) == Self.dumped(try RootCommand.parseAsRoot(["--content", "dir", "learn", "backend", "--stack", "python"])))
        #expect(throws: CommandError.self) { try CommandParser.parse(arguments: ["progress", "--jsn"]) }
        #expect(throws: CommandError.self) { try CommandParser.parse(arguments: ["search"]) }
        #expect(throws: CommandError.self) { try CommandParser.parse(arguments: ["progress", "--content"]) }
    }
}
