import Foundation

/// A JSON value, for the values criteria expect and the bodies servers send back.
public indirect enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text (any value at the top); nil when it does not parse.
    public static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The JSON type's name, as `shape` and `type` checks write it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let n): n.rounded() == n && abs(n) < 9.007_199_254_740_992e15 ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Whether the value has the named JSON type (`number` takes integers too).
    public func hasType(_ name: String) -> Bool {
        name == "number" ? { if case .number = self { return true }; return false }() : typeName == name
    }

    /// The value at an RFC 6901 pointer (`""` is the whole value, `/items/0/title` a member).
    public func at(pointer: String) -> JSONValue? {
        guard !pointer.isEmpty else { return self }
        guard pointer.hasPrefix("/") else { return nil }
        var current = self
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count, String(index) == token else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Every value a pointer reaches where `*` stands for each element of an array (or member of
    /// an object): `/items/*/done`.
    public func all(at pointer: String) -> [JSONValue] {
        guard pointer.contains("/*") else { return at(pointer: pointer).map { [$0] } ?? [] }
        guard let star = pointer.range(of: "/*") else { return [] }
        let head = String(pointer[..<star.lowerBound]), tail = String(pointer[star.upperBound...])
        guard tail.isEmpty || tail.hasPrefix("/"), let container = at(pointer: head) else { return [] }
        let elements: [JSONValue] = switch container {
        case .array(let values): values
        case .object(let members): members.keys.sorted().map { members[$0]! }
        default: []
        }
        return elements.flatMap { $0.all(at: tail) }
    }

    /// Compact JSON text, keys sorted, for messages.
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .string(let s):
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self).dropFirst().dropLast().description
        case .array(let values): return "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.keys.sorted().map { JSONValue.string($0).text + ":" + members[$0]!.text }.joined(separator: ",") + "}"
        }
    }

    /// The value as a placeholder's text: strings without quotes, anything else as JSON.
    public var placeholderText: String {
        if case .string(let s) = self { return s }
        return text
    }

    // Codable as plain JSON, so the catalog snapshot stores it as it reads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n): try container.encode(n)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}
