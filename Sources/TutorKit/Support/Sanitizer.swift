/// Makes text from content files safe to print: it is data, never terminal commands.
public enum Sanitizer {
    /// Removes escape sequences' introducers and every other control character except newlines;
    /// tabs become spaces.
    public static func clean(_ text: String) -> String {
        // Printable ASCII and newlines, by far the common case (code blocks included), need no
        // work; other text is looked at scalar by scalar only when it has a non-ASCII byte.
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                ascii = false
            } else if (byte < 0x20 && byte != 0x0A) || byte == 0x7F {
                return cleaned(text)
            }
        }
        if ascii || !text.unicodeScalars.contains(where: { $0 != "\n" && needsCleaning($0) }) { return text }
        return cleaned(text)
    }

    private static func cleaned(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result.append(contentsOf: "    ".unicodeScalars)
            } else if scalar == "\n" || !needsCleaning(scalar) {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A control character or a character that changes how text around it is shown: C0 but for
    /// tab and newline handled by the caller, DEL, C1, line and paragraph separators, bidirectional
    /// embeddings, overrides and isolates.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { needsCleaning(scalar) }

    private static func needsCleaning(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
