/// Finds what a learner most likely meant when a name does not match.
public enum Suggestions {
    /// Damerau-Levenshtein distance (optimal string alignment) over characters, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased()), t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }

    /// The candidates closest to `name`, best first: those that start with it, then those within
    /// an edit distance of about a third of the name's length.
    public static func nearest<C: Collection>(to name: String, in candidates: C, limit: Int = 3) -> [String] where C.Element == String {
        let needle = name.lowercased()
        guard !needle.isEmpty else { return [] }
        let threshold = max(2, needle.count / 3 + 1)
        let scored: [(String, Int)] = candidates.compactMap { candidate in
            let lower = candidate.lowercased()
            if lower.hasPrefix(needle) || (needle.count >= 3 && lower.contains(needle)) { return (candidate, 0) }
            let d = distance(needle, lower)
            return d <= threshold ? (candidate, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }
}

extension Suggestions {
    /// ` (did you mean 'x'?)`, or nothing when no name is near.
    static func hint<C: Collection>(_ name: String, _ known: C) -> String where C.Element == String {
        nearest(to: name, in: known, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
