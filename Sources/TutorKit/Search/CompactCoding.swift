import Foundation

/// A plain length-prefixed byte format for the part of the content cache every command reads: the
/// skills' metadata. JSONDecoder spent about 10,000 instructions a skill on it (100 million at
/// 10,000 lessons, a third of `progress`); this reads a string in a few hundred.
struct CompactWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        values.forEach { string($0) }
    }

    mutating func bytes(_ value: Data) {
        int(value.count)
        bytes.append(contentsOf: value)
    }
}

/// Reads what ``CompactWriter`` wrote; any byte out of place is an error, never a crash.
struct CompactReader: Sendable {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0
    /// Where what is read ends: the end of `bytes`, or of one part of them.
    private let end: Int

    init(_ data: Data) {
        bytes = Array(data)
        end = bytes.count
    }

    /// Reads `bytes` from `start` up to `end`, without copying them.
    init(bytes: [UInt8], from start: Int, to end: Int? = nil) {
        self.bytes = bytes
        self.end = min(max(end ?? bytes.count, 0), bytes.count)
        offset = min(max(start, 0), self.end)
    }

    var isAtEnd: Bool { offset == end }

    mutating func int() throws(Malformed) -> Int {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw Malformed() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
    }

    /// A count of things each at least one byte long: no larger than what is left.
    mutating func count() throws(Malformed) -> Int {
        let count = try int()
        guard count >= 0, count <= end - offset else { throw Malformed() }
        return count
    }

    mutating func string() throws(Malformed) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    /// Passes over an empty string and says so; leaves a string that is not empty to be read.
    mutating func isEmptyString() throws(Malformed) -> Bool {
        let start = offset
        guard try count() == 0 else {
            offset = start
            return false
        }
        return true
    }

    mutating func skipString() throws(Malformed) {
        offset += try count()
    }

    /// Where the bytes ``CompactWriter/bytes(_:)`` wrote start and end, passed over.
    mutating func skipBytes() throws(Malformed) -> (lowerBound: Int, upperBound: Int) {
        let length = try count()
        defer { offset += length }
        return (offset, offset + length)
    }

    /// Passes over a list of strings as ``CompactWriter/strings(_:)`` wrote it, checking that it fits.
    mutating func skipStrings() throws(Malformed) {
        try skipStrings(count: try count())
    }

    /// Passes over `count` strings, checking that they fit.
    private mutating func skipStrings(count: Int) throws(Malformed) {
        for _ in 0..<count { try skipString() }
    }

    mutating func strings() throws(Malformed) -> [String] {
        let count = try count()
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try string()) }
        return result
    }

    /// A list of strings as ``CompactWriter/strings(_:)`` wrote it, checked but left as bytes.
    mutating func titles() throws(Malformed) -> LessonTitles {
        let count = try count()
        let start = self
        try skipStrings(count: count)
        return LessonTitles(compact: start, count: count)
    }

    /// The case at the place ``CompactWriter/int(_:)`` wrote: a number, not the case's name,
    /// which took 660 instructions a skill to match against each area's.
    mutating func one<T>(of cases: [T]) throws(Malformed) -> T {
        let index = try int()
        guard cases.indices.contains(index) else { throw Malformed() }
        return cases[index]
    }

    mutating func value<T: RawRepresentable>(_ type: T.Type) throws(Malformed) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw Malformed() }
        return value
    }
}

extension SkillMetadata {
    static func compact(_ skills: [SkillMetadata]) -> Data {
        var writer = CompactWriter()
        writer.int(skills.count)
        for skill in skills {
            writer.string(skill.slug)
            writer.string(skill.title)
            writer.int(skill.area.ordinal)
            writer.int(skill.level.ordinal)
            writer.strings(skill.prerequisites)
            writer.string(skill.stack?.rawValue ?? "")
            writer.int(skill.hours)
            writer.string(skill.summary)
            writer.strings(skill.tags)
            writer.strings(skill.lessons.array)
        }
        return Data(writer.bytes)
    }

    static func decompact(_ data: Data) throws(CompactReader.Malformed) -> [SkillMetadata] {
        try decompact(CompactReader(data))
    }

    static func decompact(_ start: CompactReader) throws(CompactReader.Malformed) -> [SkillMetadata] {
        var reader = start
        var skills: [SkillMetadata] = []
        let count = try reader.count()
        skills.reserveCapacity(count)
        let areas = Area.allCases, levels = Level.allCases
        for _ in 0..<count {
            let slug = try reader.string(), title = reader
            try reader.skipString()
            let area = try reader.one(of: areas), level = try reader.one(of: levels)
            let prerequisites = try reader.strings()
            let stack: Stack?
            if try reader.isEmptyString() { stack = nil } else { guard let named = Stack(rawValue: try reader.string()) else { throw .init() }; stack = named }
            let hours = try reader.int()
            let details = reader
            try reader.skipString()
            try reader.skipStrings()
            skills.append(SkillMetadata(slug: slug, title: title, area: area, level: level, prerequisites: prerequisites, stack: stack,
                                        hours: hours, details: details, lessons: try reader.titles()))
        }
        guard reader.isAtEnd else { throw .init() }
        return skills
    }
}

extension CatalogSnapshot.Core {
    /// The paths, the projects' outlines and the content's problems, which every command that
    /// follows the path reads: JSONDecoder took about 5 million instructions a command on them,
    /// a third of it the runtime's first look at each type it decodes.
    func compact() -> Data {
        var writer = CompactWriter()
        writer.int(paths.count)
        for path in paths {
            writer.string(path.slug)
            writer.string(path.title)
            writer.string(path.summary)
            writer.int(path.levels.count)
            for level in path.levels {
                writer.string(level.level.rawValue)
                writer.string(level.title)
                writer.string(level.months)
                writer.string(level.goal)
                writer.strings(level.topics)
                writer.strings(level.skills)
                writer.strings(level.projects)
            }
            writer.int(path.sequence.count)
            for step in path.sequence {
                writer.int(step.step)
                writer.string(step.title)
                writer.strings(step.skills)
                writer.string(step.advice)
            }
            writer.int(path.tips.count)
            for tip in path.tips {
                writer.string(tip.title)
                writer.string(tip.text)
            }
            writer.string(path.introduction)
        }
        writer.int(outlines.count)
        for outline in outlines {
            writer.string(outline.slug)
            writer.string(outline.title)
            writer.string(outline.level.rawValue)
            writer.strings(outline.skills)
            writer.int(outline.hours)
            writer.strings(outline.milestones)
        }
        writer.int(problems.count)
        for problem in problems {
            writer.string(problem.file)
            writer.int(problem.line)
            writer.string(problem.field)
            writer.string(problem.message)
            writer.string(problem.severity.rawValue)
        }
        return Data(writer.bytes)
    }

    static func decompact(_ data: Data) throws(CompactReader.Malformed) -> Self {
        try decompact(CompactReader(data))
    }

    static func decompact(_ start: CompactReader) throws(CompactReader.Malformed) -> Self {
        var reader = start
        var paths: [LearningPath] = []
        for _ in 0..<(try reader.count()) {
            let slug = try reader.string(), title = try reader.string(), summary = try reader.string()
            var levels: [PathLevel] = []
            for _ in 0..<(try reader.count()) {
                levels.append(PathLevel(level: try reader.value(Level.self), title: try reader.string(), months: try reader.string(), goal: try reader.string(),
                                        topics: try reader.strings(), skills: try reader.strings(), projects: try reader.strings()))
            }
            var sequence: [PathStep] = []
            for _ in 0..<(try reader.count()) {
                sequence.append(PathStep(step: try reader.int(), title: try reader.string(), skills: try reader.strings(), advice: try reader.string()))
            }
            var tips: [PathTip] = []
            for _ in 0..<(try reader.count()) { tips.append(PathTip(title: try reader.string(), text: try reader.string())) }
            paths.append(LearningPath(slug: slug, title: title, summary: summary, levels: levels, sequence: sequence, tips: tips, introduction: try reader.string()))
        }
        var outlines: [ProjectOutline] = []
        for _ in 0..<(try reader.count()) {
            outlines.append(ProjectOutline(slug: try reader.string(), title: try reader.string(), level: try reader.value(Level.self), skills: try reader.strings(),
                                           hours: try reader.int(), milestones: try reader.strings()))
        }
        var problems: [ContentProblem] = []
        for _ in 0..<(try reader.count()) {
            problems.append(ContentProblem(file: try reader.string(), line: try reader.int(), field: try reader.string(), message: try reader.string(),
                                           severity: try reader.value(ContentProblem.Severity.self)))
        }
        guard reader.isAtEnd else { throw .init() }
        return Self(paths: paths, outlines: outlines, problems: problems)
    }
}
