import Yams

/// Reads typed fields out of a YAML mapping, reporting each missing or mistyped one with its line.
struct YAMLFields {
    let mapping: Node.Mapping
    /// Added to a YAML mark's line to give the file's line.
    let lineOffset: Int
    let sink: ProblemSink
    /// Prefix for field names in messages, such as `questions[3].`.
    var path: String = ""

    init(_ mapping: Node.Mapping, lineOffset: Int, sink: ProblemSink, path: String = "") {
        self.mapping = mapping
        self.lineOffset = lineOffset
        self.sink = sink
        self.path = path
    }

    var line: Int { (mapping.mark?.line ?? 1) + lineOffset }

    /// A whole YAML file that must be a mapping with one list, `list`: its fields, or nil with
    /// the problem reported.
    static func file(_ text: String, list: String, sink: ProblemSink) -> YAMLFields? {
        let node: Node?
        do {
            // The basic resolver leaves every scalar text: the default one tries seven regular
            // expressions on each (and again on every key when it checks for duplicates), 55 of
            // the 140 million instructions of reading one skill's exercises. Numbers are read
            // from their text anyway; ``bool(_:)`` reads true and false.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch {
            sink.report(YAMLErrorLine.of(error, base: 0), "yaml", "invalid YAML: \(YAMLErrorLine.summary(of: error))")
            return nil
        }
        guard let root = node?.mapping else {
            sink.report(1, list, "the file must be a mapping with a '\(list)' list")
            return nil
        }
        return YAMLFields(root, lineOffset: 0, sink: sink)
    }

    /// A plain (unquoted) YAML 1.1 boolean, as the default resolver reads one: `true`/`false`,
    /// `yes`/`no`, `on`/`off`, in lower case, capitalised or upper case. The one reader of
    /// booleans in content files, whichever resolver parsed them.
    static func bool(_ node: Node) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return nil }
        return booleans[scalar.string]
    }

    private static let booleans: [String: Bool] = {
        var table: [String: Bool] = [:]
        for (word, value) in [("true", true), ("yes", true), ("on", true), ("false", false), ("no", false), ("off", false)] {
            for spelling in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] { table[spelling] = value }
        }
        return table
    }()

    func line(of key: String) -> Int {
        for (k, _) in mapping where k.string == key {
            return (k.mark?.line ?? 1) + lineOffset
        }
        return line
    }

    func line(of node: Node) -> Int { (node.mark?.line ?? 1) + lineOffset }

    func has(_ key: String) -> Bool { node(key) != nil }

    /// The item's `id`: a slug not used by another item of the file (`ids` holds those seen).
    func uniqueID(_ ids: inout Set<String>, noun: String) -> String? {
        guard let id = string("id") else { return nil }
        if !Slug.isValid(id) { sink.report(line(of: "id"), path + "id", "'\(id)' is not a slug") }
        if !ids.insert(id).inserted { sink.report(line(of: "id"), path + "id", "'\(id)' is used by another \(noun)") }
        return id
    }

    /// The value of `key`. A scan comparing the keys' text: Yams' own subscript makes and
    /// compares a tagged node for each lookup, 13 of the 67 million instructions of reading one
    /// skill's exercises. (Yams refuses a mapping with a key twice, so the first is the only one.)
    func node(_ key: String) -> Node? {
        for (name, value) in mapping where name.scalar?.string == key { return value }
        return nil
    }

    private func missing(_ key: String) {
        sink.report(line, path + key, "is required")
    }

    func string(_ key: String, required: Bool = true, length: ClosedRange<Int>? = nil) -> String? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard let scalar = node.scalar, node.null == nil else {
            sink.report(line(of: key), path + key, "must be text")
            return nil
        }
        let value = scalar.string.trimmedWhitespace
        if required, value.isEmpty {
            sink.report(line(of: key), path + key, "must not be empty")
            return nil
        }
        if let length, !length.contains(value.count) {
            sink.report(line(of: key), path + key, "must be \(length.lowerBound) to \(length.upperBound) characters long (it is \(value.count))")
        }
        return value
    }

    func int(_ key: String, range: ClosedRange<Int>) -> Int? {
        guard let node = node(key) else { missing(key); return nil }
        guard let value = node.int else {
            sink.report(line(of: key), path + key, "must be a whole number")
            return nil
        }
        guard range.contains(value) else {
            sink.report(line(of: key), path + key, "must be from \(range.lowerBound) to \(range.upperBound) (it is \(value))")
            return nil
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            sink.report(line(of: key), path + key, "'\(text)' is not one of: \(allowed)")
            return nil
        }
        return value
    }

    /// A list of non-empty texts; `count` bounds its length.
    func strings(_ key: String, required: Bool = true, count: ClosedRange<Int>? = nil) -> [String]? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard let sequence = node.sequence else {
            sink.report(line(of: key), path + key, "must be a list")
            return nil
        }
        var values: [String] = []
        for (index, item) in sequence.enumerated() {
            guard let scalar = item.scalar, !scalar.string.trimmedWhitespace.isEmpty else {
                sink.report(line(of: item), "\(path)\(key)[\(index + 1)]", "must be non-empty text")
                continue
            }
            values.append(scalar.string.trimmedWhitespace)
        }
        if let count, !count.contains(values.count) {
            sink.report(line(of: key), path + key, "must list \(count.lowerBound) to \(count.upperBound) entries (it lists \(values.count))")
        }
        return values
    }

    /// A list of slugs, each checked for form.
    func slugs(_ key: String, required: Bool = true, count: ClosedRange<Int>? = nil) -> [String]? {
        guard let values = strings(key, required: required, count: count) else { return nil }
        for value in values where !Slug.isValid(value) {
            sink.report(line(of: key), path + key, "'\(value)' is not a slug (lower-case letters, digits and hyphens)")
        }
        return values.filter(Slug.isValid)
    }

    /// The nested mappings of a list field.
    func mappings(_ key: String, required: Bool = true) -> [YAMLFields]? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard let sequence = node.sequence else {
            sink.report(line(of: key), path + key, "must be a list")
            return nil
        }
        var result: [YAMLFields] = []
        for (index, item) in sequence.enumerated() {
            guard let map = item.mapping else {
                sink.report(line(of: item), "\(path)\(key)[\(index + 1)]", "must be a mapping of field names to values")
                continue
            }
            result.append(YAMLFields(map, lineOffset: lineOffset, sink: sink, path: "\(path)\(key)[\(index + 1)]."))
        }
        return result
    }

    /// The fields of a nested mapping, such as `until: {times: 5, delay_ms: 100}`; nil when the key
    /// is absent, or (reported with `form`, the shape it should have) when it is not a mapping.
    func nested(_ key: String, form: String) -> YAMLFields? {
        guard let node = node(key) else { return nil }
        guard let map = node.mapping else {
            sink.report(line(of: key), path + key, "must be \(form)")
            return nil
        }
        return YAMLFields(map, lineOffset: lineOffset, sink: sink, path: "\(path)\(key).")
    }

    /// A map of texts to texts, such as headers; empty when absent, reported with `what` when it
    /// is not a map.
    func textMap(_ key: String, of what: String) -> [String: String] {
        guard let node = node(key) else { return [:] }
        guard let map = node.mapping else {
            sink.report(line(of: key), path + key, "must be a map of \(what)")
            return [:]
        }
        var result: [String: String] = [:]
        for (k, v) in map { if let name = k.string, let value = v.string { result[name] = value } }
        return result
    }

    /// Reports every key that is not among `allowed`.
    func rejectUnknownKeys(_ allowed: Set<String>) {
        for (key, _) in mapping {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                let hint = Suggestions.nearest(to: name, in: allowed).first.map { " (did you mean '\($0)'?)" } ?? ""
                sink.report(line(of: key), path + name, "is not a known field\(hint)")
            }
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks; no Foundation bridging.
    var trimmedWhitespace: String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == bytes.startIndex, bytes.index(after: last) == bytes.endIndex { return self }
        return String(self[first...last])
    }
}
