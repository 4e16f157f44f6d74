import Foundation
import Yams

/// Facts with a shelf life (a version, an end-of-life date, a draft's revision, a benchmark
/// round), each written once in a file of `Content/facts/` with its source and a date to review
/// it by, and used in any content file as `{{fact:ID}}`.
public struct Facts: Hashable, Sendable, Codable {
    public struct Fact: Hashable, Sendable, Codable {
        public var id: String
        public var value: String
        /// Where the value can be checked.
        public var source: String
        /// When it was last checked, `YYYY-MM-DD`.
        public var checked: String
        /// When to check it again, `YYYY-MM-DD`.
        public var reviewBy: String
        /// The facts file it is in, relative to the content root, and its line there.
        public var file: String
        public var line: Int
    }

    public static let folder = "Content/facts"
    static let opening = "{{fact:"

    public var facts: [String: Fact]

    public init(_ facts: [Fact] = []) {
        self.facts = Dictionary(facts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads every `.yml` file of `Content/facts/` under `root`; no folder means no facts. Each
    /// file's problems, and an id used in two files, are returned with the facts.
    static func read(root: URL) -> (Facts, [ContentProblem]) {
        var all: [String: Fact] = [:]
        var problems: [ContentProblem] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
            .filter { $0.hasSuffix(".yml") && !$0.hasPrefix(".") }.sorted()
        for name in names {
            let file = "\(folder)/\(name)"
            let sink = ProblemSink(file: file)
            if let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink, facts: Facts()) {
                for fact in read(text: text, file: file, sink: sink).facts.values.sorted(by: { $0.line < $1.line }) {
                    if let first = all[fact.id] {
                        sink.report(fact.line, "facts.\(fact.id)", "is already a fact in \(first.file):\(first.line)")
                    } else {
                        all[fact.id] = fact
                    }
                }
            }
            problems += sink.problems
        }
        return (Facts(Array(all.values)), problems)
    }

    static func read(text: String, file: String, sink: ProblemSink) -> Facts {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch {
            sink.report(YAMLErrorLine.of(error, base: 0), "yaml", "invalid YAML: \(YAMLErrorLine.summary(of: error))")
            return Facts()
        }
        guard let root = node?.mapping else {
            sink.report(1, "facts", "the file must be a mapping with a 'facts' map of ids to facts")
            return Facts()
        }
        let top = YAMLFields(root, lineOffset: 0, sink: sink)
        top.rejectUnknownKeys(["facts"])
        guard let entries = top.node("facts")?.mapping else {
            sink.report(top.line(of: "facts"), "facts", "must be a map of fact ids to facts")
            return Facts()
        }
        var facts: [Fact] = []
        for (key, value) in entries {
            let id = key.string ?? ""
            let line = top.line(of: key)
            guard Slug.isValid(id) else {
                sink.report(line, "facts.\(id)", "'\(id)' is not a slug (lower-case letters, digits and hyphens)")
                continue
            }
            guard let mapping = value.mapping else {
                sink.report(line, "facts.\(id)", "must be a mapping with value, source, checked and review_by")
                continue
            }
            let fields = YAMLFields(mapping, lineOffset: 0, sink: sink, path: "facts.\(id).")
            fields.rejectUnknownKeys(["value", "source", "checked", "review_by"])
            let factValue = fields.string("value"), source = fields.string("source")
            let checked = fields.string("checked"), reviewBy = fields.string("review_by")
            if let factValue, factValue.contains("\n") || factValue.contains("{{") {
                sink.report(fields.line(of: "value"), "facts.\(id).value", "must be one line of text, with no {{ in it")
            }
            if let source, !source.hasPrefix("https://"), !source.hasPrefix("http://") {
                sink.report(fields.line(of: "source"), "facts.\(id).source", "must be an http(s) URL")
            }
            for (name, date) in [("checked", checked), ("review_by", reviewBy)] where date != nil && Self.day(date!) == nil {
                sink.report(fields.line(of: name), "facts.\(id).\(name)", "'\(date!)' is not a date written YYYY-MM-DD")
            }
            guard let factValue, let source, let checked, let reviewBy else { continue }
            facts.append(Fact(id: id, value: factValue, source: source, checked: checked, reviewBy: reviewBy, file: file, line: line))
        }
        return Facts(facts)
    }

    /// `text` with every `{{fact:ID}}` replaced by its fact's value; an unknown id is reported
    /// at its line and left as it is.
    func substitute(_ text: String, sink: ProblemSink?) -> String {
        // Bytes, not Foundation's `range(of:)`: on an exercises file of 60 KB that took 28
        // million instructions, a third of what `next` ran to offer an exercise. The text is
        // searched where it lies, with memchr, and the result is made of slices of it, which are
        // valid UTF-8 already: copying the text into an array, searching it a byte at a time and
        // validating the result again were 1.2 million instructions of `next`.
        let found = text.utf8.withContiguousStorageIfAvailable { replacements(in: $0, sink: sink) } ?? Array(text.utf8).withUnsafeBufferPointer { replacements(in: $0, sink: sink) }
        guard !found.isEmpty else { return text }
        // The slices start and end at ASCII braces, so on unicode scalars' boundaries, which is
        // where a String's range subscript keeps them (a combining mark after `}}` stays whole);
        // `append(contentsOf:)` takes a Substring's bytes whole, where `+=` went a character at a time.
        let utf8 = text.utf8
        func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var result = ""
        result.reserveCapacity(utf8.count)
        var done = 0
        for (range, value) in found {
            result.append(contentsOf: text[at(done)..<at(range.lowerBound)])
            result.append(contentsOf: value)
            done = range.upperBound
        }
        result.append(contentsOf: text[at(done)...])
        return result
    }

    /// Each known `{{fact:ID}}` in `bytes`, as its byte range and its value; an unknown one is
    /// reported and left out.
    private func replacements(in bytes: UnsafeBufferPointer<UInt8>, sink: ProblemSink?) -> [(Range<Int>, String)] {
        var found: [(Range<Int>, String)] = []
        var from = 0, line = 1, counted = 0
        while let open = Self.find(Self.openingBytes, in: bytes, from: from) {
            let after = open + Self.openingBytes.count
            guard let close = Self.find(Self.closingBytes, in: bytes, from: after) else { break }
            let id = String(decoding: UnsafeBufferPointer(rebasing: bytes[after..<close]), as: UTF8.self)
            if let fact = facts[id] {
                found.append((open..<close + Self.closingBytes.count, fact.value))
            } else {
                line += bytes[counted..<open].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                counted = open
                sink?.report(line, "fact", "{{fact:\(id)}} names no fact in \(Self.folder)/")
            }
            from = close + Self.closingBytes.count
        }
        return found
    }

    private static let openingBytes = Array(opening.utf8)
    private static let closingBytes = Array("}}".utf8)

    /// Where `needle` next starts in `bytes`, at or after `start`: memchr finds each place its
    /// first byte is, and the rest is compared there. (The standard library's `firstRange(of:)`
    /// gives the same answer but took 58 million more instructions on one `skill` render: it is
    /// generic over collections and goes through string processing.)
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, let first = needle.first else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            guard let hit = memchr(base + index, Int32(first), bytes.count - index) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard at + needle.count <= bytes.count else { return nil }
            if needle.withUnsafeBufferPointer({ memcmp(base + at, $0.baseAddress!, needle.count) }) == 0 { return at }
            index = at + 1
        }
        return nil
    }

    /// Facts whose review date is before `date`, by file and line.
    public func stale(at date: Date) -> [Fact] {
        let today = Self.string(date)
        return facts.values.filter { $0.reviewBy < today }.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// The ids used as `{{fact:ID}}` in `text`.
    static func used(in text: String) -> Set<String> {
        var ids: Set<String> = []
        var rest = Substring(text)
        while let open = rest.range(of: opening), let close = rest[open.upperBound...].range(of: "}}") {
            ids.insert(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return ids
    }

    /// `2027-06-01` as midnight UTC; nil unless it is a real date in that form. Worked out by
    /// hand: a DateFormatter costs milliseconds to make, and every command reads every fact.
    static func day(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        // Days from 1970-01-01 to the date in the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
    }

    /// The UTC day of `date`, as `2027-06-01`.
    static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    }
}
