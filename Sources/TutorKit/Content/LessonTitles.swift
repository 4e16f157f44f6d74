import Foundation

/// A skill's lesson titles, in order. Read from the content cache's compact form, they stay bytes
/// until one is asked for: every command that follows the path counts each skill's lessons, few
/// show a title, and making every title a string was 4 of the 48 million instructions `progress`
/// ran at 10,000 lessons (docs/BENCHMARKS.md).
public struct LessonTitles: RandomAccessCollection, Hashable, Sendable, Codable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case strings([String])
        /// `count` titles as ``CompactWriter`` writes them, `reader` at the first;
        /// ``CompactReader/titles()`` checked that they fit.
        case compact(reader: CompactReader, count: Int)
    }

    private let storage: Storage

    public init(_ titles: [String]) { storage = .strings(titles) }

    public init(arrayLiteral titles: String...) { storage = .strings(titles) }

    init(compact reader: CompactReader, count: Int) { storage = .compact(reader: reader, count: count) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .strings(let titles): titles.count
        case .compact(_, let count): count
        }
    }

    /// A title read from bytes walks the lengths of those before it: a skill has tens of lessons.
    public subscript(position: Int) -> String {
        switch storage {
        case .strings(let titles):
            return titles[position]
        case .compact(var reader, let count):
            precondition(position >= 0 && position < count, "lesson title index out of range")
            for _ in 0..<position { try? reader.skipString() }
            return (try? reader.string()) ?? ""
        }
    }

    /// Every title as a string.
    public var array: [String] { Array(self) }

    public func makeIterator() -> Iterator { Iterator(titles: self) }

    /// Steps through the bytes once, however many titles there are.
    public struct Iterator: IteratorProtocol {
        let titles: LessonTitles
        var index = 0
        var reader: CompactReader?

        public mutating func next() -> String? {
            guard index < titles.count else { return nil }
            defer { index += 1 }
            switch titles.storage {
            case .strings(let strings):
                return strings[index]
            case .compact(let start, _):
                var at = reader ?? start
                defer { reader = at }
                return (try? at.string()) ?? ""
            }
        }
    }

    public static func == (lhs: LessonTitles, rhs: LessonTitles) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for title in self { hasher.combine(title) }
    }

    public init(from decoder: any Decoder) throws {
        storage = .strings(try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(array)
    }
}
