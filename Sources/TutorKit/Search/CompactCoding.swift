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
}

/// Reads what ``CompactWriter`` wrote; any byte out of place is an error, never a crash.
struct CompactReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() throws(Malformed) -> Int {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Malformed() }
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
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        return count
    }

    mutating func string() throws(Malformed) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    mutating func strings() throws(Malformed) -> [String] {
        var result: [String] = []
        for _ in 0..<(try count()) { result.append(try string()) }
        return result
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
            writer.string(skill.area.rawValue)
            writer.string(skill.level.rawValue)
            writer.strings(skill.prerequisites)
            writer.string(skill.stack?.rawValue ?? "")
            writer.int(skill.hours)
            writer.string(skill.summary)
            writer.strings(skill.tags)
            writer.strings(skill.lessons)
        }
        return Data(writer.bytes)
    }

    static func decompact(_ data: Data) throws(CompactReader.Malformed) -> [SkillMetadata] {
        var reader = CompactReader(data)
        var skills: [SkillMetadata] = []
        for _ in 0..<(try reader.count()) {
            let slug = try reader.string(), title = try reader.string(), area = try reader.value(Area.self), level = try reader.value(Level.self)
            let prerequisites = try reader.strings()
            let stackName = try reader.string()
            let stack: Stack?
            if stackName.isEmpty { stack = nil } else { guard let named = Stack(rawValue: stackName) else { throw .init() }; stack = named }
            skills.append(SkillMetadata(slug: slug, title: title, area: area, level: level, prerequisites: prerequisites, stack: stack,
                                        hours: try reader.int(), summary: try reader.string(), tags: try reader.strings(), lessons: try reader.strings()))
        }
        guard reader.isAtEnd else { throw .init() }
        return skills
    }
}
