/// `{name}` in a criterion's path, body and headers: a captured value, a field of an earlier
/// response, or `{run}`, a token unique to the verify run.
public enum Placeholders {
    /// Letters, digits and underscores, not starting with a digit.
    static func isName(_ text: some StringProtocol) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The names used in `text`, in order.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if isName(name) {
                names.append(String(name))
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return names
    }

    /// `text` with each placeholder replaced by `value(name)`; names it has no value for are
    /// left as written and returned as missing.
    static func substitute(_ text: String, _ value: (String) -> String?) -> (text: String, missing: [String]) {
        var result = ""
        var missing: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                result += rest[open...]
                return (result, missing)
            }
            let name = after[..<close]
            if isName(name) {
                if let replacement = value(String(name)) {
                    result += replacement
                } else {
                    missing.append(String(name))
                    result += rest[open...close]
                }
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        result += rest
        return (result, missing)
    }

    /// The text with every placeholder as `0`, so a body such as `{"todo": {id}}` can be
    /// checked as JSON before any value is known.
    static func neutral(_ text: String) -> String {
        substitute(text) { _ in "0" }.text
    }
}
